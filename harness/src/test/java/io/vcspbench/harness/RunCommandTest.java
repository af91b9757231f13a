package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vcspbench.core.metrics.RoundStats;
import io.vcspbench.core.migration.MigrationConfig;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static io.vcspbench.harness.Synthetic.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path root;

    private final Synthetic.Engine engine = Synthetic.Engine.succeeding();

    private static JsonNode readResult(final Path folder) throws IOException
    {
        return MAPPER.readTree(folder.resolve(ResultWriter.RESULT_FILE).toFile());
    }

    private static long hlogCount(final Path file) throws IOException
    {
        long count = 0;
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile()))
        {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null)
            {
                count += ((AbstractHistogram)h).getTotalCount();
            }
        }
        return count;
    }

    @Test
    void shouldWriteResultJsonWithEverySectionDesignMdNames() throws Exception
    {
        final Path out = root.resolve("run-a");

        final Synthetic.Outcome outcome = cli(engine, root, "run", "--algorithm", "vcsp", "--throttle", "30", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        final JsonNode json = readResult(out);
        assertEquals("vcsp-result/1", json.get("schema").asText());
        assertEquals("vcsp", json.at("/config/algorithm").asText());
        assertEquals(30, json.at("/config/throttlePercent").asInt());
        assertTrue(json.at("/config/throttlePercent").isIntegralNumber(), "numbers as numbers");
        assertEquals(12.5, json.at("/metrics/downtimeMs").asDouble());
        assertEquals(Synthetic.latencies().getValueAtPercentile(99) / 1000.0, json.at("/metrics/faultLatencyUs/p99").asDouble());
        assertEquals(Synthetic.LATENCIES_NS.length, json.at("/metrics/faultLatencyUs/count").asLong());
        assertEquals(0, json.at("/integrity/mismatches").asLong());
        assertEquals(16_384, json.at("/integrity/pagesChecked").asLong());
        assertEquals(Runtime.version().toString(), json.at("/environment/jvmVersion").asText());
        assertTrue(json.at("/environment/jvmArgs").isArray());
        assertEquals(100.0, json.at("/series/0/tMs").asDouble());
        assertEquals(3, json.get("series").size());
        assertEquals(Synthetic.START_EPOCH_MS, json.get("startEpochMs").asLong());
        assertFalse(json.has("failure"), "a run that succeeded has no failure");
        assertFalse(json.has("rounds"), "no rounds for post-copy");
    }

    @Test
    void shouldStoreEverySettingOfTheConfigurationThatRan() throws Exception
    {
        final Path out = root.resolve("run-b");

        cli(engine, root, "run", "--out", out.toString());

        final JsonNode config = readResult(out).get("config");
        final List<String> keys = List.copyOf(MigrationConfig.builder().build().toMap().keySet());
        assertEquals(keys, iterableToList(config.fieldNames()));
    }

    @Test
    void shouldWriteNonFiniteNumbersAsNull() throws Exception
    {
        final Path out = root.resolve("run-c");

        cli(engine, root, "run", "--out", out.toString());

        assertTrue(readResult(out).at("/series/2/linkMBps").isNull());
    }

    @Test
    void shouldWriteAFaultLatencyLogThatHdrHistogramReadsBack() throws Exception
    {
        final Path out = root.resolve("run-d");

        cli(engine, root, "run", "--out", out.toString());

        assertEquals(Synthetic.LATENCIES_NS.length, hlogCount(out.resolve(ResultWriter.HLOG_FILE)));
    }

    @Test
    void shouldWriteEveryIntervalHistogramToTheLog() throws Exception
    {
        final Histogram first = Synthetic.latencies();
        first.setStartTimeStamp(Synthetic.START_EPOCH_MS);
        first.setEndTimeStamp(Synthetic.START_EPOCH_MS + 1_000);
        final Histogram second = new Histogram(3);
        second.recordValue(7_000);
        second.setStartTimeStamp(Synthetic.START_EPOCH_MS + 1_000);
        second.setEndTimeStamp(Synthetic.START_EPOCH_MS + 2_000);
        final Histogram total = first.copy();
        total.add(second);
        final Synthetic.Engine intervals = new Synthetic.Engine(
            c -> Synthetic.result(c, null, 0, total, List.of(first, second), List.of()));
        final Path out = root.resolve("run-e");

        cli(intervals, root, "run", "--out", out.toString());

        int n = 0;
        try (HistogramLogReader reader = new HistogramLogReader(out.resolve(ResultWriter.HLOG_FILE).toFile()))
        {
            while (reader.nextIntervalHistogram() != null)
            {
                n++;
            }
        }
        assertEquals(2, n);
        assertEquals(total.getTotalCount(), hlogCount(out.resolve(ResultWriter.HLOG_FILE)));
    }

    @Test
    void shouldWriteThePrecopyRoundsWithTheirFieldNames() throws Exception
    {
        final List<RoundStats> rounds = List.of(
            new RoundStats(1, 16_384, 540.5, 80.0, 950.0, 100),
            new RoundStats(2, 2_048, 70.25, 85.5, Double.POSITIVE_INFINITY, 80));
        final Synthetic.Engine precopy = new Synthetic.Engine(
            c -> Synthetic.result(c, null, 0, Synthetic.latencies(), List.of(), rounds));
        final Path out = root.resolve("run-rounds");

        cli(precopy, root, "run", "--algorithm", "precopy", "--out", out.toString());

        final JsonNode json = readResult(out).get("rounds");
        assertEquals(2, json.size());
        assertEquals(1, json.at("/0/round").asInt());
        assertEquals(16_384, json.at("/0/pagesSent").asLong());
        assertEquals(540.5, json.at("/0/durationMs").asDouble());
        assertEquals(85.5, json.at("/1/dirtyRateMbit").asDouble());
        assertTrue(json.at("/1/sendRateMbit").isNull(), "infinity is not JSON");
        assertEquals(80, json.at("/1/throttlePercent").asInt());
    }

    @Test
    void shouldPassOnlyTheGivenOptionsAndKeepTheConfigDefaultsForTheRest()
    {
        cli(engine, root, "run", "--throttle", "30", "--prefetch", "4", "--no-crc", "--seed", "-7",
            "--out", root.resolve("run-f").toString());

        final MigrationConfig ran = engine.configs.get(0);
        final MigrationConfig defaults = MigrationConfig.builder().build();
        assertEquals(30, ran.throttlePercent());
        assertEquals(4, ran.prefetchPages());
        assertFalse(ran.checkCrc());
        assertEquals(-7, ran.seed());
        assertEquals(defaults.algorithm(), ran.algorithm());
        assertEquals(defaults.memoryMiB(), ran.memoryMiB());
        assertEquals(defaults.waitStrategy(), ran.waitStrategy());
    }

    @Test
    void shouldPrintTheConfigurationBeforeAndASummaryAfterTheRun()
    {
        final Path out = root.resolve("run-g");

        final String printed = cli(engine, root, "run", "--out", out.toString()).out();

        final String[] lines = printed.split("\\R");
        assertTrue(lines[0].startsWith("config: algorithm=vcsp-prefetch throttlePercent=50"), printed);
        assertTrue(printed.contains("downtime") && printed.contains("12.500 ms"), printed);
        assertTrue(printed.contains("p99") && printed.contains("integrity") && printed.contains("16384 pages checked"), printed);
        assertEquals("results: " + out, lines[lines.length - 1]);
    }

    @Test
    void shouldExitOneAndStillWriteTheResultWhenTheRunFailed() throws Exception
    {
        final Synthetic.Engine failing = new Synthetic.Engine(c -> Synthetic.result(c, "fault on page 17 timed out after 10000 ms", 0));
        final Path out = root.resolve("run-h");

        final Synthetic.Outcome outcome = cli(failing, root, "run", "--out", out.toString());

        assertEquals(1, outcome.exitCode());
        assertEquals(List.of("run failed: fault on page 17 timed out after 10000 ms"), outcome.errLines());
        final JsonNode json = readResult(out);
        assertEquals("fault on page 17 timed out after 10000 ms", json.get("failure").asText());
        assertEquals(12.5, json.at("/metrics/downtimeMs").asDouble(), "metrics it got to are kept");
        assertTrue(Files.exists(out.resolve(ResultWriter.HLOG_FILE)));
    }

    @Test
    void shouldCountAnIntegrityMismatchAsAFailedRun() throws Exception
    {
        final Synthetic.Engine corrupting = new Synthetic.Engine(c -> Synthetic.result(c, null, 3));
        final Path out = root.resolve("run-i");

        final Synthetic.Outcome outcome = cli(corrupting, root, "run", "--out", out.toString());

        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.err().startsWith("run failed: integrity check failed: 3 of 16384 pages"), outcome.err());
        assertEquals(3, readResult(out).at("/integrity/mismatches").asLong());
        assertTrue(readResult(out).get("failure").asText().contains("3 of 16384"));
    }

    @Test
    void shouldExitOneAndRecordTheReasonWhenTheEngineThrows() throws Exception
    {
        final Synthetic.Engine throwing = new Synthetic.Engine(c ->
        {
            throw new IllegalStateException("source agent died");
        });
        final Path out = root.resolve("run-j");

        final Synthetic.Outcome outcome = cli(throwing, root, "run", "--out", out.toString());

        assertEquals(1, outcome.exitCode());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().startsWith("run failed: IllegalStateException: source agent died"), outcome.err());
        final JsonNode json = readResult(out);
        assertEquals("IllegalStateException: source agent died", json.get("failure").asText());
        assertEquals("vcsp-prefetch", json.at("/config/algorithm").asText());
        assertNull(json.get("metrics"), "no metrics were measured");
        assertTrue(Files.readString(out.resolve(RunCommand.STACK_TRACE_FILE)).contains("source agent died"));
    }

    @Test
    void shouldRefuseAnEmptyOutInsteadOfWritingIntoTheWorkingDirectory()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "run", "--out", "");

        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().startsWith("vcsp run: --out must name a folder, was empty"), outcome.err());
        assertTrue(engine.configs.isEmpty(), "nothing ran");
    }

    @Test
    void shouldRefuseAnOutFolderHoldingOtherFilesAsTheHelpSays() throws Exception
    {
        final Path out = Files.createDirectories(root.resolve("notes"));
        Files.writeString(out.resolve("todo.txt"), "mine");

        final Synthetic.Outcome outcome = cli(engine, root, "run", "--out", out.toString());

        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().startsWith("vcsp run: --out " + out + " is not empty (it holds 'todo.txt')"), outcome.err());
        try (Stream<Path> left = Files.list(out))
        {
            assertEquals(List.of(out.resolve("todo.txt")), left.toList(), "nothing written beside it");
        }
        assertTrue(engine.configs.isEmpty(), "nothing ran");
    }

    @Test
    void shouldRefuseAnOutFolderThatAlreadyHoldsAResultAndLeaveItUntouched() throws Exception
    {
        final Path out = Files.createDirectories(root.resolve("earlier"));
        final Path earlier = Files.writeString(out.resolve(ResultWriter.RESULT_FILE), "{\"schema\":\"vcsp-result/1\"}");
        final FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(earlier, modified);

        final Synthetic.Outcome outcome = cli(engine, root, "run", "--out", out.toString());

        assertEquals(2, outcome.exitCode());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().startsWith("vcsp run: --out " + out + " already holds a result"), outcome.err());
        assertEquals("{\"schema\":\"vcsp-result/1\"}", Files.readString(earlier));
        assertEquals(modified, Files.getLastModifiedTime(earlier));
        assertTrue(engine.configs.isEmpty(), "nothing ran");
        assertFalse(Files.exists(out.resolve(ResultWriter.HLOG_FILE)));
    }

    @Test
    void shouldWriteIntoAnExistingEmptyOutFolder() throws Exception
    {
        final Path out = Files.createDirectories(root.resolve("empty"));

        assertEquals(0, cli(engine, root, "run", "--out", out.toString()).exitCode());

        assertTrue(Files.exists(out.resolve(ResultWriter.RESULT_FILE)));
    }

    @Test
    void shouldWriteEachRepeatIntoItsOwnFolder() throws Exception
    {
        final Path out = root.resolve("repeated");

        final Synthetic.Outcome outcome = cli(engine, root, "run", "--repeat", "2", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(2, engine.configs.size());
        assertEquals("vcsp-result/1", readResult(out.resolve("repeat-1")).get("schema").asText());
        assertEquals("vcsp-result/1", readResult(out.resolve("repeat-2")).get("schema").asText());
        assertFalse(Files.exists(out.resolve(ResultWriter.RESULT_FILE)));
        assertTrue(outcome.out().strip().endsWith("results: " + out), outcome.out());
    }

    @Test
    void shouldRunEveryRepeatAndExitOneWhenOneOfThemFailed() throws Exception
    {
        final int[] calls = { 0 };
        final Synthetic.Engine flaky = new Synthetic.Engine(c -> Synthetic.result(c, ++calls[0] == 1 ? "timed out" : null, 0));
        final Path out = root.resolve("flaky");

        final Synthetic.Outcome outcome = cli(flaky, root, "run", "--repeat", "3", "--out", out.toString());

        assertEquals(1, outcome.exitCode());
        assertEquals(3, flaky.configs.size());
        assertTrue(readResult(out.resolve("repeat-1")).has("failure"));
        assertFalse(readResult(out.resolve("repeat-3")).has("failure"));
        assertTrue(outcome.err().contains("1 of 3 runs failed"), outcome.err());
    }

    @Test
    void shouldNameTheDefaultFolderAfterTimeAlgorithmThrottleAndPrefetch() throws Exception
    {
        final Synthetic.Outcome outcome = cli(engine, root, "run", "--algorithm", "vcsp", "--throttle", "25");

        assertEquals(0, outcome.exitCode(), outcome.err());
        final Path folder = root.resolve("20250102-030405-vcsp-E25-N1");
        assertTrue(Files.exists(folder.resolve(ResultWriter.RESULT_FILE)), listing(root));
        assertTrue(outcome.out().strip().endsWith("results: " + folder), outcome.out());
    }

    @Test
    void shouldAppendASuffixWhenTheDefaultFolderIsTaken() throws Exception
    {
        cli(engine, root, "run");
        cli(engine, root, "run");
        cli(engine, root, "run", "--repeat", "2");

        final String name = "20250102-030405-vcsp-prefetch-E50-N10";
        assertTrue(Files.exists(root.resolve(name).resolve(ResultWriter.RESULT_FILE)), listing(root));
        assertTrue(Files.exists(root.resolve(name + "-2").resolve(ResultWriter.RESULT_FILE)), listing(root));
        assertTrue(Files.exists(root.resolve(name + "-3").resolve("repeat-2").resolve(ResultWriter.RESULT_FILE)), listing(root));
    }

    private static String listing(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.map(Path::toString).reduce("", (a, b) -> a + "\n" + b);
        }
    }

    private static List<String> iterableToList(final java.util.Iterator<String> it)
    {
        final java.util.ArrayList<String> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        assertNotNull(list);
        return list;
    }
}
