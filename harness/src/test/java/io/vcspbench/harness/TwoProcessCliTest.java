package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vcsp source} in a child JVM and {@code vcsp destination} in this one: two real processes
 * over TCP on 127.0.0.1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoProcessCliTest
{
    @TempDir
    Path root;

    @Test
    void shouldMigrateBetweenTwoProcessesWithNoIntegrityMismatch() throws Exception
    {
        final int port = freePort();
        final Process source = startSource(port, "--memory-mib", "16", "--bandwidth-mbit", "400");
        final Synthetic.Outcome destination = Synthetic.cli(Engine.PRODUCTION, root, "destination",
            "--connect", "127.0.0.1:" + port, "--memory-mib", "16", "--workload-mib", "8", "--bandwidth-mbit", "400",
            "--pattern", "random", "--out", root.resolve("d").toString());

        assertTrue(source.waitFor(60, TimeUnit.SECONDS), "source did not exit");
        final String sourceOutput = output(source);
        assertEquals(0, destination.exitCode(), destination.err() + destination.out());
        assertEquals(0, source.exitValue(), sourceOutput);
        assertTrue(sourceOutput.contains("source: sent 4096 pages"), sourceOutput);

        final JsonNode result = new ObjectMapper().readTree(root.resolve("d").resolve("result.json").toFile());
        assertEquals("tcp", result.path("config").path("link").asText());
        assertEquals(4096, result.path("integrity").path("pagesChecked").asLong());
        assertEquals(0, result.path("integrity").path("mismatches").asLong());

        // The destination writes the result, the paper's metrics included, from the flags the source set.
        final JsonNode m = result.path("metrics");
        for (final String metric : List.of("demandPages", "prefetchedPages", "pushedPages", "pagesByRequests",
            "requestsInFlight", "linkBytes", "stallMs", "lastPageMs", "linkThroughputSampledMBps"))
        {
            assertTrue(m.path(metric).isNumber(), metric + " in " + m);
        }
        assertEquals(m.path("pagesTransferred").asLong(), m.path("demandPages").asLong() +
            m.path("prefetchedPages").asLong() + m.path("pushedPages").asLong());
        assertEquals(m.path("pageRequests").asLong() - m.path("demandPages").asLong(),
            m.path("requestsInFlight").asLong());
        assertTrue(m.path("pushedPages").asLong() > 0, "the push is on by default");
        assertTrue(m.path("lastPageMs").asDouble() > 0, m.toString());
    }

    /**
     * Every algorithm split in two: the source runs its rounds with its own vCPU writing, the
     * destination runs the vCPU after the switch, and checks every page against the digests of the
     * source's final memory.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "postcopy", "postcopy-prefetch", "vcsp", "vcsp-prefetch", "precopy", "precopy-throttled",
        "auto-converge", "hybrid-k", "adaptive-hybrid", "parallel-hybrid" })
    void shouldMigrateEveryAlgorithmBetweenTwoProcessesWithNoIntegrityMismatch(final String algorithm) throws Exception
    {
        final boolean rounds = !algorithm.startsWith("postcopy") && !algorithm.startsWith("vcsp");
        final List<String> common = new ArrayList<>(List.of("--algorithm", algorithm, "--memory-mib", "8",
            "--workload-mib", "4", "--bandwidth-mbit", "400"));
        // The writer dirties memory at the source during the rounds, so the digests, not the seed, must decide.
        common.addAll(rounds ? List.of("--pattern", "writer", "--dirty-rate-mbit", "200", "--hybrid-rounds", "2") :
            List.of("--pattern", "random"));
        if (algorithm.equals("parallel-hybrid"))
        {
            // Its snapshot and backup go through shared storage, a directory both processes reach.
            common.addAll(List.of("--storage", root.resolve("shared").toString()));
        }
        final int port = freePort();
        final Process source = startSource(port, common.toArray(new String[0]));
        final List<String> args = new ArrayList<>(List.of("destination", "--connect", "127.0.0.1:" + port,
            "--out", root.resolve(algorithm).toString()));
        args.addAll(common);
        final Synthetic.Outcome destination = Synthetic.cli(Engine.PRODUCTION, root, args.toArray(new String[0]));

        assertTrue(source.waitFor(60, TimeUnit.SECONDS), "source did not exit");
        final String sourceOutput = output(source);
        assertEquals(0, destination.exitCode(), destination.err() + destination.out());
        assertEquals(0, source.exitValue(), sourceOutput);
        final JsonNode result = new ObjectMapper().readTree(root.resolve(algorithm).resolve("result.json").toFile());
        assertEquals(2048, result.path("integrity").path("pagesChecked").asLong());
        assertEquals(0, result.path("integrity").path("mismatches").asLong());
        final JsonNode m = result.path("metrics");
        if (rounds)
        {
            assertTrue(m.path("precopyRounds").asInt() >= 1, m.toString());
            assertTrue(m.path("workloadThroughputMBps").asDouble() > 0, "the source's vCPU worked: " + m);
        }
        if (algorithm.equals("parallel-hybrid"))
        {
            assertTrue(m.path("storageBytes").asLong() >= 2048L * 4096, "the snapshot went through storage: " + m);
        }
        if (algorithm.equals("hybrid-k"))
        {
            assertEquals(2, m.path("switchRound").asInt(), m.toString());
            assertTrue(m.path("switchAtMs").asDouble() > 0, m.toString());
        }
    }

    @Test
    void shouldFinishFromTheBackupWhenTheSourceProcessIsKilledDuringPostcopy() throws Exception
    {
        // 8 MiB at 50 Mbit/s: round 1 takes ~1.3 s while the writer dirties the 4 MiB working set, so post-copy
        // owes up to 1024 pages, ~0.7 s of link. The backup file is complete the moment the switch begins:
        // the source is killed (SIGKILL) as soon as it is, inside post-copy.
        final Path storage = root.resolve("shared");
        final List<String> common = List.of("--algorithm", "hybrid-k", "--hybrid-rounds", "1", "--memory-mib", "8",
            "--workload-mib", "4", "--bandwidth-mbit", "50", "--pattern", "writer", "--dirty-rate-mbit", "100",
            "--backup", "on", "--storage", storage.toString());
        final int port = freePort();
        final Process source = startSource(port, common.toArray(new String[0]));
        final List<String> args = new ArrayList<>(List.of("destination", "--connect", "127.0.0.1:" + port,
            "--out", root.resolve("d").toString()));
        args.addAll(common);
        final CompletableFuture<Synthetic.Outcome> destination =
            CompletableFuture.supplyAsync(() -> Synthetic.cli(Engine.PRODUCTION, root, args.toArray(new String[0])));

        awaitCompletePageFile(storage.resolve("backup.pages"), destination);
        source.destroyForcibly();
        final Synthetic.Outcome outcome = destination.get(60, TimeUnit.SECONDS);

        assertEquals(0, outcome.exitCode(), outcome.err() + outcome.out());
        final JsonNode m = new ObjectMapper().readTree(root.resolve("d").resolve("result.json").toFile()).path("metrics");
        assertTrue(m.path("backupPages").asLong() > 0, m.toString());
        assertTrue(m.path("backupLoadedPages").asLong() > 0, "the kill came before post-copy had moved every page: " + m);
        final JsonNode integrity = new ObjectMapper().readTree(root.resolve("d").resolve("result.json").toFile())
            .path("integrity");
        assertEquals(2048, integrity.path("pagesChecked").asLong());
        assertEquals(0, integrity.path("mismatches").asLong());
    }

    @Test
    void shouldFailSayingTheGuestIsSplitWhenTheSourceProcessIsKilledDuringPostcopyWithoutABackup() throws Exception
    {
        // Post-copy of 8 MiB at 10 Mbit/s takes ~7 s from the connection; the kill comes 2.5 s after it, once the
        // destination has resumed (which took over a second in this JVM on a loaded machine).
        final List<String> common = List.of("--algorithm", "postcopy", "--memory-mib", "8", "--workload-mib", "4",
            "--bandwidth-mbit", "10", "--pattern", "random");
        final int port = freePort();
        final Process source = startSource(port, common.toArray(new String[0]));
        final BufferedReader sourceLines = awaitListening(source);
        final List<String> args = new ArrayList<>(List.of("destination", "--connect", "127.0.0.1:" + port,
            "--out", root.resolve("d").toString()));
        args.addAll(common);
        final CompletableFuture<Synthetic.Outcome> destination =
            CompletableFuture.supplyAsync(() -> Synthetic.cli(Engine.PRODUCTION, root, args.toArray(new String[0])));

        awaitLine(sourceLines, "destination connected");
        Thread.sleep(2_500);
        source.destroyForcibly();
        final Synthetic.Outcome outcome = destination.get(60, TimeUnit.SECONDS);

        assertEquals(1, outcome.exitCode(), outcome.err() + outcome.out());
        assertTrue(outcome.err().contains("split across the hosts"), outcome.err());
    }

    /** Reads the source's output until it says it listens (a JVM starting on a loaded machine takes a while). */
    private static BufferedReader awaitListening(final Process source) throws IOException
    {
        final BufferedReader lines = new BufferedReader(new InputStreamReader(source.getInputStream(), StandardCharsets.UTF_8));
        awaitLine(lines, "listening on");
        return lines;
    }

    private static void awaitLine(final BufferedReader lines, final String text) throws IOException
    {
        for (String line = lines.readLine(); line != null; line = lines.readLine())
        {
            if (line.contains(text))
            {
                return;
            }
        }
        throw new AssertionError("the source ended before saying '" + text + "'");
    }

    /** Waits until a page file's header says its writer closed it (the record count is no longer -1). */
    private static void awaitCompletePageFile(final Path file, final CompletableFuture<?> stopIfDone) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !stopIfDone.isDone())
        {
            if (Files.exists(file) && Files.size(file) >= 32)
            {
                final ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file), 0, 32).order(ByteOrder.LITTLE_ENDIAN);
                if (header.getLong(24) >= 0)
                {
                    return;
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError(file + " was not completed" + (stopIfDone.isDone() ? ": the destination ended: " +
            stopIfDone.get() : ""));
    }

    @Test
    void shouldRefuseADestinationWithAnotherMemorySizeWithExitOneAndAClearLineAndWaitForTheNext() throws Exception
    {
        final int port = freePort();
        final Process source = startSource(port, "--memory-mib", "16");
        final Synthetic.Outcome destination = Synthetic.cli(Engine.PRODUCTION, root, "destination",
            "--connect", "127.0.0.1:" + port, "--memory-mib", "32", "--out", root.resolve("d").toString());
        assertEquals(1, destination.exitCode(), destination.err());
        assertTrue(destination.err().contains("refused the connection: \"guest memory size differs"), destination.err());

        // The source turned it away in one line and waits on: the right destination still migrates.
        final Synthetic.Outcome next = Synthetic.cli(Engine.PRODUCTION, root, "destination",
            "--connect", "127.0.0.1:" + port, "--memory-mib", "16", "--workload-mib", "8",
            "--out", root.resolve("e").toString());
        assertTrue(source.waitFor(60, TimeUnit.SECONDS), "source did not exit");
        final String sourceOutput = output(source);
        assertEquals(0, next.exitCode(), next.err());
        assertEquals(0, source.exitValue(), sourceOutput);
        assertTrue(sourceOutput.contains("source: refused the connection from 127.0.0.1:") &&
            sourceOutput.contains("guest memory size differs"), sourceOutput);
    }

    static Process startSource(final int port, final String... options) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("vcsp.jvmFlags", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VcspCli.class.getName(),
            "source", "--listen", "127.0.0.1:" + port, "--accept-timeout-ms", "30000"));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static String output(final Process p) throws IOException
    {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }
}
