package io.vcspbench.harness;

import io.vcspbench.core.migration.Algorithm;
import io.vcspbench.core.migration.HybridStats;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.DirtySchedule;
import io.vcspbench.core.workload.Pattern;
import io.vcspbench.reports.PaperTable3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.vcspbench.harness.Synthetic.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepCommandTest
{
    @TempDir
    Path root;

    private final Synthetic.Engine engine = Synthetic.Engine.succeeding();

    /** A result whose downtime and throughput depend on E and N, so that one point is best. */
    private static MigrationResult shaped(final MigrationConfig c)
    {
        // Downtime is lowest at E=50 N=4; throughput highest at E=100 N=1.
        final double downtime = Math.abs(c.throttlePercent() - 50) + Math.abs(c.prefetchPages() - 4) + 10;
        final double throughput = c.throttlePercent() * 10.0 - c.prefetchPages();
        return MigrationResult.builder(c)
            .downtimeMs(downtime)
            .totalMigrationTimeMs(500)
            .switchoverMs(1)
            .pagesTransferred(16_384)
            .bytesOnWire(1)
            .pageRequests(1)
            .faults(1)
            .workloadThroughputMBps(throughput)
            .linkThroughputMBps(100)
            .achievedCpuSharePercent(c.throttlePercent())
            .faultLatencyNs(Synthetic.latencies())
            .pagesChecked(16_384)
            .series(Synthetic.series())
            .startEpochMs(Synthetic.START_EPOCH_MS)
            .build();
    }

    private static List<List<String>> csv(final Path file) throws IOException
    {
        return RunsCsv.read(file);
    }

    private static List<String> runFolders(final Path sweep) throws IOException
    {
        try (Stream<Path> files = Files.list(sweep))
        {
            return files.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String column(final List<List<String>> rows, final int row, final String name)
    {
        return rows.get(row).get(rows.get(0).indexOf(name));
    }

    @Test
    void shouldWriteOneRowPerPointAndRepeatAndAFolderPerRun() throws Exception
    {
        final Path out = root.resolve("grid");

        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--throttle", "25,50", "--prefetch", "1,4",
            "--repeat", "2", "--warmup", "0", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        final List<List<String>> rows = csv(out.resolve(RunsCsv.FILE));
        final List<String> header = new ArrayList<>(MigrationConfig.builder().build().toMap().keySet());
        header.addAll(List.of("repeat", "status", "failure"));
        header.addAll(RunsCsv.METRIC_KEYS);
        assertEquals(header, rows.get(0));
        assertEquals(9, rows.size(), "a header and 2 x 2 points x 2 repeats");
        assertEquals(List.of("25", "25", "25", "25", "50", "50", "50", "50"),
            rows.subList(1, 9).stream().map(r -> r.get(header.indexOf("throttlePercent"))).toList());
        assertEquals(List.of("1", "1", "4", "4", "1", "1", "4", "4"),
            rows.subList(1, 9).stream().map(r -> r.get(header.indexOf("prefetchPages"))).toList());
        assertEquals(List.of("1", "2", "1", "2", "1", "2", "1", "2"),
            rows.subList(1, 9).stream().map(r -> r.get(header.indexOf("repeat"))).toList());
        assertEquals("ok", column(rows, 1, "status"));
        assertEquals("12.5", column(rows, 1, "downtimeMs"));
        assertEquals("", column(rows, 1, "precopyRounds"), "a post-copy run has no pre-copy rounds");
        assertEquals(List.of("switchRound", "demandPages", "prefetchedPages", "pushedPages", "pagesByRequests",
            "requestsInFlight", "linkBytes", "stallMs", "lastPageMs", "linkThroughputSampledMBps", "switchAtMs",
            "postcopyMs", "precopyPages", "discardedPages", "storageBytes", "backupPages", "backupLoadedPages"),
            header.subList(header.indexOf("switchRound"), header.size()),
            "the post-copy metrics, then the hybrids', follow the older columns, which keep their positions");
        assertEquals("120", column(rows, 1, "pagesByRequests"));
        assertEquals("330.0", column(rows, 1, "lastPageMs"));

        assertEquals(List.of(
            "p001-r1-vcsp-prefetch-E25-N1", "p001-r2-vcsp-prefetch-E25-N1",
            "p002-r1-vcsp-prefetch-E25-N4", "p002-r2-vcsp-prefetch-E25-N4",
            "p003-r1-vcsp-prefetch-E50-N1", "p003-r2-vcsp-prefetch-E50-N1",
            "p004-r1-vcsp-prefetch-E50-N4", "p004-r2-vcsp-prefetch-E50-N4"), runFolders(out));
        for (final String folder : runFolders(out))
        {
            assertTrue(Files.exists(out.resolve(folder).resolve(ResultWriter.RESULT_FILE)), folder);
            assertTrue(Files.exists(out.resolve(folder).resolve(ResultWriter.HLOG_FILE)), folder);
        }
        assertEquals(8, engine.configs.size());
        assertEquals(5, csv(out.resolve(SweepCommand.POINTS_FILE)).size(), "a header and a row per point");
    }

    @Test
    void shouldMarkFailedRunsAndGoOnWithTheRestThenExitOne() throws Exception
    {
        final Path out = root.resolve("failing");
        final Synthetic.Engine failing = new Synthetic.Engine(c ->
        {
            if (c.throttlePercent() == 25 && c.prefetchPages() == 4)
            {
                return Synthetic.result(c, "fault timeout, page 7, after 10000 ms", 0);
            }
            if (c.throttlePercent() == 50 && c.prefetchPages() == 1)
            {
                throw new IllegalStateException("engine broke");
            }
            return Synthetic.result(c, null, 0);
        });

        final Synthetic.Outcome outcome = cli(failing, root, "sweep", "--throttle", "25,50", "--prefetch", "1,4",
            "--repeat", "2", "--warmup", "0", "--out", out.toString());

        assertEquals(1, outcome.exitCode(), outcome.err());
        final List<List<String>> rows = csv(out.resolve(RunsCsv.FILE));
        assertEquals(9, rows.size(), "every run has its row, failed or not");
        assertEquals(List.of("ok", "ok", "failed", "failed", "failed", "failed", "ok", "ok"),
            rows.subList(1, 9).stream().map(r -> r.get(rows.get(0).indexOf("status"))).toList());
        assertEquals("fault timeout, page 7, after 10000 ms", column(rows, 3, "failure"), "quoted commas survive");
        assertTrue(column(rows, 5, "failure").startsWith("IllegalStateException: engine broke"), column(rows, 5, "failure"));
        assertEquals("", column(rows, 5, "downtimeMs"), "no metrics without a result");
        assertEquals(8, failing.configs.size(), "the sweep went on past the failures");
        assertTrue(Files.exists(out.resolve("p003-r1-vcsp-prefetch-E50-N1").resolve(RunCommand.STACK_TRACE_FILE)));
        assertTrue(outcome.err().contains("4 of 8 runs failed"), outcome.err());
    }

    @Test
    void shouldRunTheIssuesExampleGridOfRangedThrottlesAndPrefetches() throws Exception
    {
        final Path out = root.resolve("ranges");

        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--throttle", "10,20,...,100",
            "--prefetch", "1,2,4,...,64", "--repeat", "1", "--warmup", "0", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(70, engine.configs.size(), "10 throttles x 7 prefetches");
        assertEquals(List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100),
            engine.configs.stream().map(MigrationConfig::throttlePercent).distinct().toList());
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64),
            engine.configs.stream().map(MigrationConfig::prefetchPages).distinct().toList());
        assertEquals(71, csv(out.resolve(RunsCsv.FILE)).size());
    }

    @Test
    void shouldRefuseABadListInOneLineNamingTheOptionBeforeAnyRun() throws Exception
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--throttle", "10,abc");

        assertEquals(2, outcome.exitCode());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertEquals("vcsp sweep: --throttle must be whole numbers, was 'abc' in '10,abc' (see vcsp sweep --help)",
            outcome.err().strip());
        assertTrue(engine.configs.isEmpty());
        try (Stream<Path> files = Files.list(root))
        {
            assertEquals(0, files.count(), "no folder for a sweep that never started");
        }
    }

    @Test
    void shouldRefuseAPointOutOfRangeNamingTheOption()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--throttle", "50,150");

        assertEquals(2, outcome.exitCode());
        assertEquals("vcsp sweep: --throttle must be in [1, 100], was 150 (see vcsp sweep --help)", outcome.err().strip());
    }

    @Test
    void shouldRefuseAnOptionThePresetSets()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--preset", "quick", "--workload-mib", "8");

        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().startsWith("vcsp sweep: --workload-mib is set by --preset quick"), outcome.err());
    }

    @Test
    void shouldRunOnceTheCombinationsThatComeOutTheSame()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--algorithm", "postcopy,vcsp",
            "--throttle", "25,50", "--repeat", "1", "--warmup", "0", "--out", root.resolve("dedupe").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(List.of("postcopy E=100", "vcsp E=25", "vcsp E=50"), engine.configs.stream()
            .map(c -> c.algorithm().cliName() + " E=" + c.throttlePercent()).toList());
    }

    @Test
    void shouldPickThePointWithTheLowestMedianDowntimeAndListTheRunnersUp()
    {
        final Synthetic.Engine shaped = new Synthetic.Engine(SweepCommandTest::shaped);

        final Synthetic.Outcome outcome = cli(shaped, root, "sweep", "--throttle", "25,50,75", "--prefetch", "1,2,4,...,16",
            "--repeat", "2", "--warmup", "0", "--optimize", "downtime", "--out", root.resolve("opt").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("best for downtime (lowest median downtimeMs): E=50 N=4 (point 8)"),
            outcome.out());
        assertTrue(outcome.out().contains("median 10.00 ms, min..max 10.00..10.00 ms over 2 of 2 runs"), outcome.out());
        assertTrue(outcome.out().contains("rank  point  settings"), outcome.out());
    }

    @Test
    void shouldRankByHighestThroughputAndLeaveOutPointsWithoutASuccessfulRun()
    {
        final List<SweepPoint> points = new ArrayList<>();
        for (final int e : new int[]{ 25, 50, 100 })
        {
            final MigrationConfig c = MigrationConfig.builder().algorithm(Algorithm.VCSP).throttlePercent(e).build();
            final SweepPoint p = new SweepPoint(points.size() + 1, c);
            if (e == 100)
            {
                p.failed();
            }
            else
            {
                p.succeeded(Map.of("workloadThroughputMBps", e * 1.0));
                p.succeeded(Map.of("workloadThroughputMBps", e * 3.0));
                p.succeeded(Map.of("workloadThroughputMBps", e * 2.0));
            }
            points.add(p);
        }

        final List<SweepPoint> ranked = SweepSummaries.rank(points, SweepObjective.THROUGHPUT);

        assertEquals(List.of(2, 1), ranked.stream().map(SweepPoint::number).toList());
        assertEquals(100.0, ranked.get(0).median("workloadThroughputMBps"));
        assertEquals(50.0, ranked.get(0).min("workloadThroughputMBps"));
        assertEquals(150.0, ranked.get(0).max("workloadThroughputMBps"));
    }

    @Test
    void shouldRunTheQuickPresetAsPairedSettingsAndWriteTable3() throws Exception
    {
        final Path out = root.resolve("quick");

        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--preset", "quick", "--repeat", "1",
            "--warmup", "0", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(24, engine.configs.size(), "push off and on x 3 workloads x 4 algorithms, E and N paired not crossed");
        assertEquals(List.of("postcopy E=100 N=1", "postcopy-prefetch E=100 N=10", "vcsp E=50 N=1", "vcsp-prefetch E=50 N=10"),
            engine.configs.subList(0, 4).stream()
                .map(c -> c.algorithm().cliName() + " E=" + c.throttlePercent() + " N=" + c.prefetchPages()).toList());
        assertEquals(List.of(PushMode.OFF, PushMode.ON), List.of(engine.configs.get(0).push(), engine.configs.get(12).push()),
            "the paper's model first, then QEMU's");
        assertTrue(engine.configs.stream().allMatch(c -> c.memoryMiB() == 64 && c.bandwidthMbit() == 1000 &&
            c.latencyUs() == SweepPreset.LAN_LATENCY_US));
        final String table = Files.readString(out.resolve(SweepCommand.TABLE3_FILE));
        assertTrue(table.contains("| vcsp-prefetch | paper | 8.17 | 30.33 | 54.49 | 23.65 |"), table);
        assertTrue(table.contains("| vcsp-prefetch | ours, push off, mean | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 |"),
            "identical synthetic runs, the paper's columns filled too: " + table);
        assertTrue(table.contains("| vcsp-prefetch | ours, push on, up to | 0.00 |"), "identical synthetic runs: " + table);
        assertTrue(table.contains("for each workload (8 MiB, 16 MiB, 32 MiB)"), table);
        assertTrue(outcome.out().contains("## Table 3: improvement over " + PaperTable3.BASELINE), outcome.out());
        assertTrue(Files.exists(out.resolve("index.html")) && Files.exists(out.resolve("report.md")),
            "a preset's sweep writes its report");
    }

    @Test
    void shouldLetPushAndLatencyReplaceTheTable2PresetsDefaults() throws Exception
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--preset", "quick", "--repeat", "1",
            "--warmup", "0", "--push", "200", "--latency-us", "0", "--out", root.resolve("q").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(12, engine.configs.size(), "one push mode x 3 workloads x 4 algorithms");
        assertTrue(engine.configs.stream().allMatch(c -> c.push().equals(PushMode.rate(200)) && c.latencyUs() == 0));
    }

    @Test
    void shouldRunTheTunePresetAsPushTimesPatternTimesEByN() throws Exception
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--preset", "tune", "--repeat", "1",
            "--warmup", "0", "--out", root.resolve("tune").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(2 * 2 * 5 * 4, engine.configs.size(), "push off and 200 x window and random x 5 E x 4 N");
        assertTrue(engine.configs.stream().allMatch(c -> c.algorithm() == Algorithm.VCSP_PREFETCH));
        assertEquals("off window 10 1", describe(engine.configs.get(0)));
        assertEquals("off window 10 4", describe(engine.configs.get(1)));
        assertEquals("200 random 100 64", describe(engine.configs.get(79)));
        assertFalse(Files.exists(root.resolve("tune").resolve(SweepCommand.TABLE3_FILE)), "no Table 3: no postcopy baseline");
        assertFalse(Files.exists(root.resolve("tune").resolve(SweepCommand.BARRIER_FILE)));
        assertTrue(Files.exists(root.resolve("tune").resolve("index.html")));
    }

    private static String describe(final MigrationConfig c)
    {
        return c.push().cliName() + " " + c.pattern().cliName() + " " + c.throttlePercent() + " " + c.prefetchPages();
    }

    @Test
    void shouldRunTheBarrierPresetAsDirtyRatesTimesPrecopyAlgorithmsAndWriteItsTable() throws Exception
    {
        final Path out = root.resolve("barrier");

        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--preset", "barrier", "--warmup", "0",
            "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(24, engine.configs.size(), "8 dirty rates x 3 algorithms, one repeat");
        assertEquals(List.of("precopy@20", "precopy-throttled@20", "auto-converge@20", "precopy@50"),
            engine.configs.subList(0, 4).stream().map(c -> c.algorithm().cliName() + "@" + c.dirtyRateMbit()).toList());
        assertEquals(300, engine.configs.get(23).dirtyRateMbit(), "150% of 200 Mbit/s last");
        assertTrue(engine.configs.stream().allMatch(c -> c.pattern() == Pattern.WRITER && c.bandwidthMbit() == 200 &&
            c.workloadMiB() == 64 && c.memoryMiB() == 64));
        final String table = Files.readString(out.resolve(SweepCommand.BARRIER_FILE));
        assertTrue(table.contains("| 300 | 150 | auto-converge |"), table);
        assertTrue(table.contains("| 20 | 10 | precopy |"), table);
        final List<List<String>> rows = csv(out.resolve(RunsCsv.FILE));
        assertEquals("", column(rows, 1, "demandPages"), "a pre-copy run has no demand paging");
        assertEquals("", column(rows, 1, "lastPageMs"));
        assertTrue(outcome.out().contains("# vcsp sweep --preset barrier"), outcome.out());
    }

    /** A synthetic result with the hybrid figures for the hybrids: k rounds a second each, then 0.5 s of post-copy. */
    private static MigrationResult hybrid(final MigrationConfig c)
    {
        if (!c.algorithm().precopyPhase() || c.algorithm().purePrecopy())
        {
            return Synthetic.result(c, null, 0);
        }
        final int k = c.algorithm() == Algorithm.HYBRID_K ? c.hybridRounds() : 4;
        return MigrationResult.builder(c)
            .downtimeMs(120)
            .totalMigrationTimeMs(1000 * k + 500)
            .switchoverMs(2)
            .pagesTransferred(8192L * k)
            .bytesOnWire(8192L * 4112 * k)
            .workloadThroughputMBps(20)
            .linkThroughputMBps(25)
            .achievedCpuSharePercent(100)
            .faultLatencyNs(Synthetic.latencies())
            .pagesChecked(8192)
            .series(Synthetic.series())
            .startEpochMs(Synthetic.START_EPOCH_MS)
            .precopyRounds(k)
            .switchRound(k)
            .hybrid(new HybridStats(1000 * k, 500, 8192L * (k - 1), 100, 0, 0, 0))
            .build();
    }

    /** What this build says of parallel-hybrid until it lands. */
    private static final String NOT_YET = "--algorithm parallel-hybrid is not available yet";

    @Test
    void shouldRunTheHybridPresetSkipWhatTheBuildCannotRunInOneLineAndReportTheHybridSections() throws Exception
    {
        final Synthetic.Engine hybrids = new Synthetic.Engine(SweepCommandTest::hybrid,
            c -> c.algorithm() == Algorithm.PARALLEL_HYBRID ? NOT_YET : null);
        final Path out = root.resolve("hybrid");

        final Synthetic.Outcome outcome = cli(hybrids, root, "sweep", "--preset", "hybrid", "--repeat", "1",
            "--warmup", "0", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        final int ks = SweepPreset.HYBRID_K.size();
        assertEquals(2 * (ks + 2) + 1, hybrids.configs.size(),
            "2 schedules x (hybrid-k at each k, adaptive-hybrid, precopy), and postcopy once: " + hybrids.configs);
        assertEquals(1, outcome.out().lines().filter(l -> l.startsWith("skipped ")).count(), outcome.out());
        assertTrue(outcome.out().contains("skipped 2 points of --preset hybrid: " + NOT_YET + "\n"), outcome.out());
        assertEquals(List.of("hybrid-k 1", "hybrid-k 2"), hybrids.configs.subList(0, 2).stream()
            .map(c -> c.algorithm().cliName() + " " + c.hybridRounds()).toList(), "the warm-up's short point first");
        assertTrue(hybrids.configs.stream().allMatch(c -> c.memoryMiB() == 32 && c.workloadMiB() == 32 &&
            c.bandwidthMbit() == SweepPreset.HYBRID_BANDWIDTH_MBIT && c.maxRounds() == SweepPreset.HYBRID_MAX_ROUNDS));
        final MigrationConfig postcopy = hybrids.configs.stream().filter(c -> c.algorithm() == Algorithm.POSTCOPY)
            .findFirst().orElseThrow();
        assertEquals(Pattern.SEQUENTIAL, postcopy.pattern(), "the writer's page order, at the destination only");
        assertNull(postcopy.dirtySchedule(), "no schedule applies to it");
        assertEquals(List.of(SweepPreset.HYBRID_RISING, DirtySchedule.BURSTS_TEXT), hybrids.configs.stream()
            .filter(c -> c.algorithm() == Algorithm.ADAPTIVE_HYBRID).map(c -> c.dirtySchedule().toString()).toList());

        final String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("## Hybrid migration (Li and Cao 2023) in hybrid"), report);
        assertTrue(report.contains("## Hybrid rounds k in hybrid"), report);
        assertTrue(report.contains("| PA-hybrid | paper (Li and Cao 2023, Table 5) | 605.9 | 465.5 | -23.2 |"), report);
        assertTrue(report.contains("| PA-hybrid | ours, scenario 1 | 1.500 | — | — |"), "no parallel-hybrid run: " + report);
        assertTrue(report.contains("| 3-hybrid (hybrid-k k=3) | 1 | 3.500 |"), report);
        assertTrue(Files.readString(out.resolve("index.html")).contains(">lowest: k=1 (scenario 1, 2)</text>"));
        assertTrue(outcome.out().contains("hybrid tables ("), outcome.out());
    }

    @Test
    void shouldRunParallelHybridInTheHybridPresetOnceTheBuildCan() throws Exception
    {
        final Synthetic.Engine hybrids = new Synthetic.Engine(SweepCommandTest::hybrid);

        final Synthetic.Outcome outcome = cli(hybrids, root, "sweep", "--preset", "hybrid", "--repeat", "1",
            "--warmup", "0", "--out", root.resolve("h").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertFalse(outcome.out().contains("skipped"), outcome.out());
        assertEquals(2, hybrids.configs.stream().filter(c -> c.algorithm() == Algorithm.PARALLEL_HYBRID).count());
        final String report = Files.readString(root.resolve("h").resolve("report.md"));
        assertTrue(report.contains("| PA-hybrid | ours, scenario 1 | 1.500 | 4.500 | +200.0 |"), report);
    }

    @Test
    void shouldRefuseAScheduleBesideTheHybridPresetThatSetsIt()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--preset", "hybrid", "--dirty-schedule", "rising");

        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().contains("--dirty-schedule is set by --preset hybrid"), outcome.err());
        assertTrue(engine.configs.isEmpty());
    }

    @Test
    void shouldLetMaxRoundsReplaceTheHybridPresetsTen() throws Exception
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--preset", "hybrid", "--repeat", "1",
            "--warmup", "0", "--max-rounds", "5", "--out", root.resolve("h").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(engine.configs.stream().allMatch(c -> c.maxRounds() == 5));
    }

    @Test
    void shouldRefuseADirtyRateBesideTheBarrierPresetThatSetsIt()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--preset", "barrier", "--dirty-rate-mbit", "10");

        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().contains("--dirty-rate-mbit is set by --preset barrier"), outcome.err());
    }

    @Test
    void shouldRefuseAFolderThatAlreadyHoldsASweep() throws Exception
    {
        final Path out = root.resolve("twice");
        assertEquals(0, cli(engine, root, "sweep", "--repeat", "1", "--warmup", "0", "--out", out.toString()).exitCode());

        final Synthetic.Outcome again = cli(engine, root, "sweep", "--repeat", "1", "--warmup", "0", "--out", out.toString());

        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already holds a sweep"), again.err());
    }

    @Test
    void shouldNameTheDefaultFolderAfterTheTime() throws Exception
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--repeat", "1", "--warmup", "0");

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(Files.exists(root.resolve("20250102-030405-sweep").resolve(RunsCsv.FILE)));
    }

    @Test
    void shouldWarmUpWithoutRecordingTheWarmUpRuns() throws Exception
    {
        final Path out = root.resolve("warm");

        cli(engine, root, "sweep", "--repeat", "1", "--warmup", "2", "--out", out.toString());

        assertEquals(3, engine.configs.size());
        assertEquals(2, csv(out.resolve(RunsCsv.FILE)).size(), "a header and the one recorded run");
    }

    @Test
    void shouldAcceptEveryOptionOfRun()
    {
        final CommandLine run = RunCommand.commandLine(engine, root, Synthetic.CLOCK);
        final CommandLine sweep = SweepCommand.commandLine(engine, root, Synthetic.CLOCK);
        for (final OptionSpec option : run.getCommandSpec().options())
        {
            assertTrue(sweep.getCommandSpec().findOption(option.longestName()) != null, option.longestName());
        }
        for (final io.vcspbench.core.migration.Setting axis : SweepAxes.ALL)
        {
            assertTrue(run.getCommandSpec().findOption(axis.option()) != null, axis.option());
        }
    }

    @Test
    void shouldDocumentListsRangesPresetsOutputAndOptimizeInHelp()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--help");

        assertEquals(0, outcome.exitCode());
        for (final String text : List.of("10,20,...,100", "1,2,4,...,64", "--repeat", "--optimize", "downtime",
            "total-time", "throughput", "--preset", "quick", "paper", "runs.csv", "table3.md", "Ctrl-C", "vcsp-prefetch N=10 E=50"))
        {
            assertTrue(outcome.out().contains(text), text);
        }
        for (final String option : ConfigOptions.optionsByKey().values())
        {
            assertTrue(outcome.out().contains(option), option);
        }
        assertFalse(outcome.out().contains("${"), "every variable resolved");
    }

    @Test
    void shouldRefuseAnUnknownObjective()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--optimize", "latency");

        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().startsWith("vcsp sweep: --optimize must be one of downtime|total-time|throughput"),
            outcome.err());
        assertThrows(IllegalArgumentException.class, () -> SweepValues.words("--x", ""));
    }
}
