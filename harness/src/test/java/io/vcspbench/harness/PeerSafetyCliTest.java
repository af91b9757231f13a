package io.vcspbench.harness;

import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.migration.MigrationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's observations, each now safe: {@code vcsp source} in a child JVM, hostile clients written
 * here as raw sockets speaking the frame format, and the real {@code vcsp destination} in this JVM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerSafetyCliTest
{
    private static final String SECRET = "0123456789abcdef-a-shared-secret";

    @TempDir
    Path root;

    /** Observed: a client copying the HELLO format received the whole guest memory. */
    @Test
    void shouldRefuseAClientCopyingTheHelloFormatWhenASecretIsSetAndServeTheRealDestination() throws Exception
    {
        final int port = freePort();
        final Process source = startSource(port, Map.of(PeerSecret.ENVIRONMENT, SECRET), "--memory-mib", "8");
        awaitOutput(source, "listening on");
        try (RawClient client = new RawClient(port, linkConfig(8)))
        {
            final ByteBuffer reply = client.readFrame(client.demand);
            assertEquals(Frame.TYPE_ERROR, reply.getShort(Frame.TYPE_OFFSET), "refused, no HELLO_ACK and no page");
            assertEquals(-1, client.demand.getInputStream().read(), "then closed");
        }
        final Path secretFile = root.resolve("secret");
        Files.writeString(secretFile, SECRET + "\n");
        final Synthetic.Outcome destination = Synthetic.cli(Engine.PRODUCTION, root, "destination",
            "--connect", "127.0.0.1:" + port, "--memory-mib", "8", "--workload-mib", "4",
            "--secret-file", secretFile.toString(),
            "--out", root.resolve("d").toString());

        assertTrue(source.waitFor(60, TimeUnit.SECONDS), "source did not exit");
        final String sourceOutput = drain(source);
        assertEquals(0, destination.exitCode(), destination.err() + destination.out());
        assertEquals(0, source.exitValue(), sourceOutput);
        assertTrue(sourceOutput.contains("requires a shared secret and the connecting side gave none"), sourceOutput);
        assertTrue(sourceOutput.contains("proved the shared secret"), sourceOutput);
        assertTrue(sourceOutput.contains("the destination confirmed them"), sourceOutput);
    }

    @Test
    void shouldFailADestinationWithAnotherSecretWhileTheSourceWaitsOn() throws Exception
    {
        final int port = freePort();
        final Process source = startSource(port, Map.of(PeerSecret.ENVIRONMENT, SECRET), "--memory-mib", "8");
        try
        {
            awaitOutput(source, "listening on");
            final Path secretFile = root.resolve("other");
            Files.writeString(secretFile, "another-secret-of-enough-length");
            final Synthetic.Outcome destination = Synthetic.cli(Engine.PRODUCTION, root, "destination",
                "--connect", "127.0.0.1:" + port, "--memory-mib", "8", "--workload-mib", "4",
            "--secret-file", secretFile.toString(),
                "--out", root.resolve("d").toString());

            assertEquals(1, destination.exitCode(), destination.err());
            assertTrue(destination.err().contains("did not prove the shared secret"), destination.err());
            assertTrue(source.isAlive(), "the source waits for the next destination");
        }
        finally
        {
            source.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Observed: a client sending COMPLETE right after the handshake made the source exit 0. */
    @Test
    void shouldFailTheSourceOnACompleteRightAfterTheHandshake() throws Exception
    {
        final int port = freePort();
        final Process source = startSource(port, Map.of(), "--memory-mib", "8");
        awaitOutput(source, "listening on");
        try (RawClient client = new RawClient(port, linkConfig(8)))
        {
            assertEquals(Frame.TYPE_HELLO_ACK, client.readFrame(client.demand).getShort(Frame.TYPE_OFFSET));
            assertEquals(Frame.TYPE_HELLO_ACK, client.readFrame(client.push).getShort(Frame.TYPE_OFFSET));
            client.push.getOutputStream().write(frame(Frame.TYPE_COMPLETE, 0, 0, 0));
            assertTrue(source.waitFor(60, TimeUnit.SECONDS), "source did not exit");
        }
        final String sourceOutput = drain(source);
        assertEquals(1, source.exitValue(), sourceOutput);
        assertTrue(sourceOutput.contains("reported completion with 0 of 2048 pages present"), sourceOutput);
        assertFalse(sourceOutput.contains("source: sent"), sourceOutput);
    }

    /** Observed: one idle connection blocked the real destination for the whole accept timeout. */
    @Test
    void shouldServeTheRealDestinationBesideAnIdleConnection() throws Exception
    {
        final int port = freePort();
        final Process source = startSource(port, Map.of(), "--memory-mib", "8");
        awaitOutput(source, "listening on");
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), port);
            Socket garbage = new Socket(InetAddress.getLoopbackAddress(), port))
        {
            garbage.getOutputStream().write("GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            final long startNs = System.nanoTime();
            final Synthetic.Outcome destination = Synthetic.cli(Engine.PRODUCTION, root, "destination",
                "--connect", "127.0.0.1:" + port, "--memory-mib", "8", "--workload-mib", "4",
            "--out", root.resolve("d").toString());
            assertTrue(source.waitFor(60, TimeUnit.SECONDS), "source did not exit");
            final String sourceOutput = drain(source);
            assertEquals(0, destination.exitCode(), destination.err() + destination.out());
            assertEquals(0, source.exitValue(), sourceOutput);
            assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(25),
                "served well before the 30 s accept timeout");
            assertTrue(sourceOutput.contains("dropped a connection from") &&
                sourceOutput.contains("is not a vcsp-bench peer"), sourceOutput);
        }
    }

    /** Observed: --listen 0.0.0.0:P bound every interface with no warning. */
    @Test
    void shouldRefuseToListenBeyondLoopbackWithoutASecretUnlessInsecure() throws Exception
    {
        final int port = freePort();
        final Synthetic.Outcome refused = Synthetic.cli(Engine.PRODUCTION, root, "source",
            "--listen", "0.0.0.0:" + port, "--memory-mib", "8");
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("--listen 0.0.0.0:" + port + " is reachable from other hosts and no " +
            "shared secret was given"), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());

        final Synthetic.Outcome insecure = Synthetic.cli(Engine.PRODUCTION, root, "source",
            "--listen", "0.0.0.0:" + port, "--memory-mib", "8", "--insecure", "--accept-timeout-ms", "200");
        assertEquals(1, insecure.exitCode(), insecure.err());
        assertTrue(insecure.err().contains("warning: --insecure"), insecure.err());

        final Synthetic.Outcome destination = Synthetic.cli(Engine.PRODUCTION, root, "destination",
            "--connect", "10.255.255.1:" + port, "--memory-mib", "8", "--workload-mib", "4",
            "--out", root.resolve("d").toString());
        assertEquals(2, destination.exitCode(), destination.err());
        assertTrue(destination.err().contains("a host posing as the source could feed this destination pages"),
            destination.err());
    }

    @Test
    void shouldRefuseASecretFileThatIsMissingOrTooShort() throws Exception
    {
        final Path shortSecret = root.resolve("short");
        Files.writeString(shortSecret, "tiny\n");
        final Synthetic.Outcome tooShort = Synthetic.cli(Engine.PRODUCTION, root, "source",
            "--secret-file", shortSecret.toString(), "--accept-timeout-ms", "200");
        assertEquals(2, tooShort.exitCode(), tooShort.err());
        assertTrue(tooShort.err().contains("must be at least 16 bytes, was 4"), tooShort.err());

        final Synthetic.Outcome missing = Synthetic.cli(Engine.PRODUCTION, root, "destination",
            "--secret-file", root.resolve("nope").toString(), "--out", root.resolve("d").toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("--secret-file " + root.resolve("nope") + " cannot be read"), missing.err());
    }

    /**
     * Observed: a destination stopped (SIGSTOP) for 20 s while pages flowed, then resumed: both sides
     * exited 0 with a fault of 11 s. Now the destination's late fault fails it, and the source, which
     * succeeds only on the destination's verdict, fails too. Stopped three times for 1.5 s, so that at
     * least one stop falls inside a fault.
     */
    @Test
    void shouldFailBothSidesWhenTheDestinationIsStoppedBeyondTheFaultTimeout() throws Exception
    {
        final int port = freePort();
        // Demand paging only, 32 MiB at 20 Mbit/s: about 10 s in which the destination's vCPU waits on a fault most
        // of the time, so a stop of 1.5 s (beyond the fault timeout of 1 s) lands inside a fault.
        final List<String> common = List.of("--algorithm", "postcopy", "--push", "off", "--memory-mib", "32",
            "--workload-mib", "32", "--bandwidth-mbit", "20", "--pattern", "random", "--fault-timeout-ms", "1000");
        final Process source = startCli(Map.of(), concat(List.of("source", "--listen", "127.0.0.1:" + port,
            "--accept-timeout-ms", "60000"), common));
        awaitOutput(source, "listening on");
        final Process destination = startCli(Map.of(), concat(List.of("destination", "--connect",
            "127.0.0.1:" + port, "--out", root.resolve("d").toString()), common));
        awaitOutput(source, "destination connected");
        for (int stop = 0; stop < 3 && destination.isAlive(); stop++)
        {
            Thread.sleep(1_500);
            signal("STOP", destination);
            Thread.sleep(1_500);
            signal("CONT", destination);
        }

        assertTrue(source.waitFor(60, TimeUnit.SECONDS), "source did not exit");
        assertTrue(destination.waitFor(60, TimeUnit.SECONDS), "destination did not exit");
        final String sourceOutput = drain(source);
        final String destinationOutput = drain(destination);
        assertEquals(1, source.exitValue(), sourceOutput);
        assertEquals(1, destination.exitValue(), destinationOutput);
        assertFalse(sourceOutput.contains("the destination confirmed them"), sourceOutput);
        // A stop inside a fault: "fault on page P took T ms, beyond the fault timeout of 1000 ms"; a stop that came
        // first: "CPU state did not arrive within 1000 ms". Either way the source names the destination's reason.
        assertTrue(destinationOutput.contains("1000 ms"), destinationOutput);
        assertTrue(sourceOutput.contains("the destination failed: "), sourceOutput);
    }

    private static List<String> concat(final List<String> a, final List<String> b)
    {
        final List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void signal(final String name, final Process process) throws Exception
    {
        final int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        assertTrue(exit == 0 || !process.isAlive(), "kill -" + name + " failed");
    }

    private static LinkConfig linkConfig(final int memoryMiB)
    {
        return MigrationConfig.builder().memoryMiB(memoryMiB).workloadMiB(memoryMiB / 2).link(LinkKind.TCP).build()
            .linkConfig();
    }

    /** A hand-written client: connects both channels and sends a HELLO as DESIGN.md describes it, no secret. */
    private static final class RawClient implements AutoCloseable
    {
        final Socket demand;
        final Socket push;

        RawClient(final int port, final LinkConfig config) throws IOException
        {
            demand = new Socket(InetAddress.getLoopbackAddress(), port);
            push = new Socket(InetAddress.getLoopbackAddress(), port);
            demand.setSoTimeout(30_000);
            push.setSoTimeout(30_000);
            demand.getOutputStream().write(hello(Frame.CHANNEL_DEMAND, config));
            push.getOutputStream().write(hello(Frame.CHANNEL_PUSH, config));
        }

        ByteBuffer readFrame(final Socket s) throws IOException
        {
            final InputStream in = s.getInputStream();
            final byte[] header = in.readNBytes(Frame.HEADER_LENGTH);
            assertEquals(Frame.HEADER_LENGTH, header.length, "a frame header");
            final int length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN).put(header)
                .put(in.readNBytes(length - Frame.HEADER_LENGTH)).flip();
        }

        private static byte[] hello(final int channel, final LinkConfig config)
        {
            final ByteBuffer b = ByteBuffer.allocate(Frame.HEADER_LENGTH + Frame.HELLO_PAYLOAD_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(b.capacity()).putShort((short)Frame.TYPE_HELLO).putShort((short)channel)
                .putLong(config.memoryPages()).putInt(Frame.PAGE_SIZE).putInt(0).putLong(System.nanoTime())
                .putInt(Frame.MAGIC).putInt(Frame.PROTOCOL_VERSION).putLong(System.nanoTime())
                .putInt(config.maxPagesPerFrame()).putInt(1).putInt((int)config.bandwidthMbit())
                .putInt((int)config.latencyUs()).putLong(99).put(new byte[16]);
            return b.array();
        }

        @Override
        public void close() throws IOException
        {
            demand.close();
            push.close();
        }
    }

    private static byte[] frame(final int type, final int flags, final long page, final int count)
    {
        final ByteBuffer b = ByteBuffer.allocate(Frame.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Frame.HEADER_LENGTH).putShort((short)type).putShort((short)flags).putLong(page).putInt(count)
            .putInt(0).putLong(System.nanoTime());
        return b.array();
    }

    private static Process startSource(final int port, final Map<String, String> environment, final String... options)
        throws IOException
    {
        return startCli(environment, concat(List.of("source", "--listen", "127.0.0.1:" + port,
            "--accept-timeout-ms", "30000"), List.of(options)));
    }

    private static Process startCli(final Map<String, String> environment, final List<String> args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("vcsp.jvmFlags", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VcspCli.class.getName()));
        command.addAll(args);
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(PeerSecret.ENVIRONMENT);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Reads the child's output until a line contains the text, keeping what was read for {@link #drain}. */
    private final Map<Process, StringBuilder> seen = new java.util.concurrent.ConcurrentHashMap<>();

    private void awaitOutput(final Process p, final String text) throws IOException
    {
        final StringBuilder b = seen.computeIfAbsent(p, k -> new StringBuilder());
        final InputStream in = p.getInputStream();
        while (!b.toString().contains(text))
        {
            final int c = in.read();
            if (c < 0)
            {
                throw new AssertionError("the process ended before saying '" + text + "': " + b);
            }
            b.append((char)c);
        }
    }

    private String drain(final Process p) throws IOException
    {
        return seen.getOrDefault(p, new StringBuilder()) +
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }
}
