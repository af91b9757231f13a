package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        "auto-converge", "hybrid-k", "adaptive-hybrid" })
    void shouldMigrateEveryAlgorithmBetweenTwoProcessesWithNoIntegrityMismatch(final String algorithm) throws Exception
    {
        final boolean rounds = !algorithm.startsWith("postcopy") && !algorithm.startsWith("vcsp");
        final List<String> common = new ArrayList<>(List.of("--algorithm", algorithm, "--memory-mib", "8",
            "--workload-mib", "4", "--bandwidth-mbit", "400"));
        // The writer dirties memory at the source during the rounds, so the digests, not the seed, must decide.
        common.addAll(rounds ? List.of("--pattern", "writer", "--dirty-rate-mbit", "200", "--hybrid-rounds", "2") :
            List.of("--pattern", "random"));
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
        if (algorithm.equals("hybrid-k"))
        {
            assertEquals(2, m.path("switchRound").asInt(), m.toString());
            assertTrue(m.path("switchAtMs").asDouble() > 0, m.toString());
        }
    }

    @Test
    void shouldRefuseADestinationWithAnotherMemorySizeWithExitOneAndAClearLine() throws Exception
    {
        final int port = freePort();
        final Process source = startSource(port, "--memory-mib", "16");
        final Synthetic.Outcome destination = Synthetic.cli(Engine.PRODUCTION, root, "destination",
            "--connect", "127.0.0.1:" + port, "--memory-mib", "32", "--out", root.resolve("d").toString());

        assertTrue(source.waitFor(60, TimeUnit.SECONDS), "source did not exit");
        final String sourceOutput = output(source);
        assertEquals(1, destination.exitCode(), destination.err());
        assertTrue(destination.err().contains("refused the connection: guest memory size differs"), destination.err());
        assertEquals(1, source.exitValue(), sourceOutput);
        assertTrue(sourceOutput.contains("source failed: refused the connection from"), sourceOutput);
    }

    private static Process startSource(final int port, final String... options) throws IOException
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

    private static String output(final Process p) throws IOException
    {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }
}
