package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vcspbench.core.destination.FaultingRegions;
import io.vcspbench.core.memory.FaultBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code --fault-backend uffd} through the command line, on the JDK 22+ this is compiled and run on:
 * {@code vcsp run} of every post-copy algorithm over both links, a source and a destination in two
 * child JVMs, a sweep over both backends, and the refusal of a pre-copy algorithm. The tests that
 * fault are skipped, saying why, on a machine whose kernel refuses this process userfaultfd.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UffdCliTest
{
    /** How long a child JVM may take to say it listens, or to finish its migration, s. */
    private static final long CHILD_DEADLINE_S = 60;

    /** 8 MiB of guest memory in 4 KiB pages. */
    private static final long PAGES = 2048;

    @TempDir
    Path root;

    static Stream<Arguments> postcopyAlgorithmsOverBothLinks()
    {
        final List<Arguments> runs = new ArrayList<>();
        for (final String algorithm : List.of("postcopy", "postcopy-prefetch", "vcsp", "vcsp-prefetch"))
        {
            for (final String link : List.of("ipc", "tcp"))
            {
                runs.add(Arguments.of(algorithm, link));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("postcopyAlgorithmsOverBothLinks")
    void shouldRunEveryPostcopyAlgorithmThroughRealFaultsWithNoMismatch(final String algorithm, final String link)
        throws Exception
    {
        assumeUserfaultfd();
        final Path out = root.resolve(algorithm + "-" + link);

        final Synthetic.Outcome outcome = Synthetic.cli(Engine.PRODUCTION, root, "run", "--fault-backend", "uffd",
            "--algorithm", algorithm, "--link", link, "--pattern", "random", "--memory-mib", "8", "--workload-mib", "4",
            "--progress", "never", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err() + outcome.out());
        final JsonNode result = readJson(out.resolve(ResultWriter.RESULT_FILE));
        assertEquals("uffd", result.path("config").path("faultBackend").asText(), result.path("config").toString());
        assertEquals(algorithm, result.path("config").path("algorithm").asText());
        assertEquals(link, result.path("config").path("link").asText());
        assertEquals(PAGES, result.path("integrity").path("pagesChecked").asLong());
        assertEquals(0, result.path("integrity").path("mismatches").asLong());
        assertTrue(result.path("metrics").path("faults").asLong() > 0,
            "a random pass over pages not yet present must fault: " + result.path("metrics"));
    }

    @Test
    void shouldMigrateBetweenASourceAndAUffdDestinationInTwoChildJvms() throws Exception
    {
        assumeUserfaultfd();
        final int port = ChildJvm.freePort();
        final List<String> common = List.of("--algorithm", "vcsp-prefetch", "--memory-mib", "8", "--workload-mib", "4",
            "--pattern", "random", "--bandwidth-mbit", "400");
        final Path sourceLog = root.resolve("source.log");
        final Path destinationLog = root.resolve("destination.log");
        final Path out = root.resolve("d");
        final List<String> sourceArgs = new ArrayList<>(List.of("source", "--listen", "127.0.0.1:" + port,
            "--accept-timeout-ms", "30000"));
        sourceArgs.addAll(common);
        final List<String> destinationArgs = new ArrayList<>(List.of("destination", "--connect", "127.0.0.1:" + port,
            "--fault-backend", "uffd", "--progress", "never", "--out", out.toString()));
        destinationArgs.addAll(common);

        Process source = null;
        Process destination = null;
        try
        {
            source = start(sourceLog, sourceArgs);
            awaitText(source, sourceLog, "listening on");
            destination = start(destinationLog, destinationArgs);

            awaitExit(destination, destinationLog);
            awaitExit(source, sourceLog);

            final String destinationOutput = Files.readString(destinationLog, StandardCharsets.UTF_8);
            final String sourceOutput = Files.readString(sourceLog, StandardCharsets.UTF_8);
            assertEquals(0, destination.exitValue(), destinationOutput);
            assertEquals(0, source.exitValue(), sourceOutput);
            assertTrue(sourceOutput.contains("source: sent " + PAGES + " pages") &&
                sourceOutput.contains("the destination confirmed them"), sourceOutput);
            final JsonNode result = readJson(out.resolve(ResultWriter.RESULT_FILE));
            assertEquals("uffd", result.path("config").path("faultBackend").asText(), result.path("config").toString());
            assertEquals(PAGES, result.path("integrity").path("pagesChecked").asLong());
            assertEquals(0, result.path("integrity").path("mismatches").asLong());
            assertTrue(result.path("metrics").path("faults").asLong() > 0, result.path("metrics").toString());
        }
        finally
        {
            kill(destination);
            kill(source);
        }
    }

    @Test
    void shouldRefuseAPrecopyAlgorithmInOneLineWithExitTwo()
    {
        // Refused when the options are read, before userfaultfd is tried: no assumption needed.
        final Synthetic.Outcome outcome = Synthetic.cli(Engine.PRODUCTION, root, "run", "--fault-backend", "uffd",
            "--algorithm", "precopy", "--out", root.resolve("p").toString());

        assertEquals(2, outcome.exitCode(), outcome.err() + outcome.out());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().contains("pre-copy phase"), outcome.err());
        assertTrue(outcome.err().contains("precopy"), outcome.err());
    }

    @Test
    void shouldSweepBothFaultBackendsWithARowPerRunForEach() throws Exception
    {
        assumeUserfaultfd();
        final Path out = root.resolve("sweep");

        final Synthetic.Outcome outcome = Synthetic.cli(Engine.PRODUCTION, root, "sweep", "--fault-backend", "mmu,uffd",
            "--algorithm", "vcsp-prefetch", "--push", "off", "--pattern", "window", "--memory-mib", "8",
            "--workload-mib", "2", "--repeat", "2", "--progress", "never", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err() + outcome.out());
        final Map<String, Integer> runs = countByBackend(out.resolve(RunsCsv.FILE), "status", RunsCsv.OK);
        assertEquals(Map.of("mmu", 2, "uffd", 2), runs, "ok runs per backend in runs.csv");
        final Map<String, Integer> points = countByBackend(out.resolve("points.csv"), "okRuns", "2");
        assertEquals(Map.of("mmu", 1, "uffd", 1), points, "points with both repeats ok in points.csv");
        try (Stream<Path> folders = Files.list(out))
        {
            final List<Path> results = folders.map(f -> f.resolve(ResultWriter.RESULT_FILE)).filter(Files::exists).toList();
            assertEquals(4, results.size(), "a result folder per run");
            for (final Path r : results)
            {
                assertEquals(0, readJson(r).path("integrity").path("mismatches").asLong(), r.toString());
            }
        }
    }

    /** Skips the calling test, saying why, when this machine does not let the process use userfaultfd. */
    private static void assumeUserfaultfd()
    {
        final String reason = FaultingRegions.unavailableReason(FaultBackend.UFFD);
        Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
    }

    /** Counts a CSV's rows by their faultBackend cell, those whose column holds the expected value only. */
    private static Map<String, Integer> countByBackend(final Path csv, final String column, final String expected)
        throws IOException
    {
        final List<List<String>> rows = RunsCsv.read(csv);
        final List<String> header = rows.get(0);
        final int backend = header.indexOf("faultBackend");
        final int checked = header.indexOf(column);
        assertTrue(backend >= 0 && checked >= 0, csv + " has no faultBackend or " + column + " column: " + header);
        final Map<String, Integer> counts = new TreeMap<>();
        for (final List<String> row : rows.subList(1, rows.size()))
        {
            if (row.get(checked).equals(expected))
            {
                counts.merge(row.get(backend), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static JsonNode readJson(final Path file) throws IOException
    {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** Starts vcsp in a child JVM writing stdout and stderr to a file, which no unread pipe can stall. */
    private static Process start(final Path log, final List<String> args) throws IOException
    {
        return new ProcessBuilder(ChildJvm.command(args.toArray(new String[0])))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    }

    private static void awaitText(final Process child, final Path log, final String text) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_DEADLINE_S);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(text))
        {
            if (!child.isAlive())
            {
                fail("the child ended (exit " + child.exitValue() + ") before it said '" + text + "': " +
                    Files.readString(log, StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > deadlineNs)
            {
                fail("the child did not say '" + text + "' within " + CHILD_DEADLINE_S + " s: " +
                    Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
    }

    private static void awaitExit(final Process child, final Path log) throws Exception
    {
        if (!child.waitFor(CHILD_DEADLINE_S, TimeUnit.SECONDS))
        {
            fail("the child did not exit within " + CHILD_DEADLINE_S + " s: " + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static void kill(final Process child) throws InterruptedException
    {
        if (child != null && child.isAlive())
        {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
