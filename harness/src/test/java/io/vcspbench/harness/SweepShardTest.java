package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.vcspbench.harness.Synthetic.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepShardTest
{
    private static final String[] GRID = { "sweep", "--throttle", "25,50,75", "--prefetch", "1,4", "--push", "off",
        "--repeat", "2", "--warmup", "0", "--progress", "never", "--optimize", "downtime" };

    @TempDir
    Path root;

    /** Results that differ by point and by repeat, the same whichever machine runs them. */
    private static Synthetic.Engine engine()
    {
        final Map<Map<String, Object>, Integer> runs = new HashMap<>();
        return new Synthetic.Engine(c ->
        {
            final int repeat = runs.merge(c.toMap(), 1, Integer::sum);
            return shaped(c, repeat);
        });
    }

    private static MigrationResult shaped(final MigrationConfig c, final int repeat)
    {
        final MigrationResult r = Synthetic.result(c, null, 0);
        return MigrationResult.builder(c)
            .downtimeMs(c.throttlePercent() / 10.0 + c.prefetchPages() + repeat * 0.25)
            .totalMigrationTimeMs(300 + c.throttlePercent() + repeat)
            .switchoverMs(1)
            .pagesTransferred(16_384)
            .bytesOnWire(r.bytesOnWire())
            .pageRequests(100 + repeat)
            .faults(120)
            .workloadThroughputMBps(c.throttlePercent() * 3.0 - repeat)
            .linkThroughputMBps(100)
            .achievedCpuSharePercent(c.throttlePercent())
            .faultLatencyNs(Synthetic.latencies())
            .pagesChecked(16_384)
            .series(Synthetic.series())
            .startEpochMs(Synthetic.START_EPOCH_MS)
            .build();
    }

    private static String[] with(final String... more)
    {
        final List<String> args = new ArrayList<>(List.of(GRID));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @Test
    void shouldMergeShardsIntoTheFolderOneMachineWritesByteForByte() throws IOException
    {
        // Both written as root/sweep, since the report names its folder: one machine's, moved aside, then the merge.
        final Path sweep = root.resolve("sweep");
        assertEquals(0, cli(engine(), root, with("--out", sweep.toString())).exitCode());
        final Path whole = Files.move(sweep, root.resolve("whole"));
        final Synthetic.Engine machines = engine();
        for (int k = 1; k <= 3; k++)
        {
            final Synthetic.Outcome shard = cli(machines, root, with("--shard", k + "/3", "--out", root.resolve("s" + k).toString()));
            assertEquals(0, shard.exitCode(), shard.err());
            assertTrue(shard.out().contains("shard " + k + "/3 done"), shard.out());
        }

        final Path merged = sweep;
        final Synthetic.Outcome report = cli(engine(), root, "report", root.resolve("s3").toString(),
            root.resolve("s1").toString(), root.resolve("s2").toString(), "--out", merged.toString());

        assertEquals(0, report.exitCode(), report.err());
        assertTrue(report.out().contains("merged 3 shards: 12 of 12 runs"), report.out());
        final List<Path> expected = files(whole);
        assertEquals(expected, files(merged));
        for (final Path file : expected)
        {
            assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(merged.resolve(file)), file.toString());
        }
        assertTrue(expected.contains(Path.of("report.md")) && expected.contains(Path.of(SweepCommand.POINTS_FILE)), expected.toString());
    }

    @Test
    void shouldRunEveryNthPointWithAllItsRepeatsInAShard() throws IOException
    {
        final Synthetic.Engine engine = engine();
        final Path out = root.resolve("s2");

        assertEquals(0, cli(engine, root, with("--shard", "2/4", "--out", out.toString())).exitCode());

        // Six points (E 25,50,75 x N 1,4): shard 2 of 4 holds points 2 and 6.
        assertEquals(4, engine.configs.size());
        final List<List<String>> rows = RunsCsv.read(out.resolve(RunsCsv.FILE));
        assertEquals(5, rows.size(), "a header and two points x two repeats");
        assertTrue(Files.isDirectory(out.resolve("p002-r1-vcsp-prefetch-E25-N4")));
        assertTrue(Files.isDirectory(out.resolve("p006-r2-vcsp-prefetch-E75-N4")));
        assertTrue(Files.readString(out.resolve(SweepShard.MANIFEST)).contains("\"shard\" : \"2/4\""));
        assertTrue(Files.notExists(out.resolve(SweepCommand.POINTS_FILE)), "a shard leaves the summaries to the merge");
    }

    @Test
    void shouldMergeShardsWhoseOptionsWereTypedInAnotherOrderOrRecordedElsewhere()
    {
        final Synthetic.Engine engine = engine();
        cli(engine, root, with("--shard", "1/2", "--out", root.resolve("s1").toString(), "--jfr",
            root.resolve("one.jfr").toString()));
        cli(engine, root, "sweep", "--progress", "never", "--optimize", "downtime", "--warmup", "0", "--repeat", "2",
            "--push", "off", "--prefetch", "1,4", "--throttle", "25,50,75", "--shard", "2/2",
            "--out", root.resolve("s2").toString());

        final Synthetic.Outcome report = cli(engine, root, "report", root.resolve("s1").toString(),
            root.resolve("s2").toString(), "--out", root.resolve("m").toString());

        assertEquals(0, report.exitCode(), report.err());
        assertTrue(report.out().contains("merged 2 shards: 12 of 12 runs"), report.out());
    }

    @Test
    void shouldRefuseToMergeWhenAShardIsMissing()
    {
        final Synthetic.Engine engine = engine();
        cli(engine, root, with("--shard", "1/3", "--out", root.resolve("s1").toString()));
        cli(engine, root, with("--shard", "3/3", "--out", root.resolve("s3").toString()));

        final Synthetic.Outcome report = cli(engine, root, "report", root.resolve("s1").toString(),
            root.resolve("s3").toString(), "--out", root.resolve("m").toString());

        assertEquals(2, report.exitCode());
        assertTrue(report.err().startsWith("vcsp report: shard 2/3 missing"), report.err());
    }

    @Test
    void shouldRefuseToMergeShardsOfDifferentSweeps()
    {
        final Synthetic.Engine engine = engine();
        cli(engine, root, with("--shard", "1/2", "--out", root.resolve("s1").toString()));
        cli(engine, root, "sweep", "--throttle", "25,50", "--repeat", "1", "--warmup", "0", "--progress", "never",
            "--shard", "2/2", "--out", root.resolve("other").toString());

        final Synthetic.Outcome report = cli(engine, root, "report", root.resolve("s1").toString(),
            root.resolve("other").toString(), "--out", root.resolve("m").toString());

        assertEquals(2, report.exitCode());
        assertTrue(report.err().contains("is a shard of another sweep"), report.err());
    }

    @Test
    void shouldRefuseABadShardInOneLine()
    {
        for (final String bad : List.of("0/2", "3/2", "x", "1/0", "2"))
        {
            final Synthetic.Outcome outcome = cli(engine(), root, with("--shard", bad, "--out", root.resolve("b").toString()));

            assertEquals(2, outcome.exitCode(), bad);
            assertTrue(outcome.err().startsWith("vcsp sweep: --shard must be K/N"), outcome.err());
        }
        final Synthetic.Outcome tooMany = cli(engine(), root, with("--shard", "7/7", "--out", root.resolve("c").toString()));
        assertEquals(2, tooMany.exitCode());
        assertTrue(tooMany.err().contains("holds no point: the grid has 6 points"), tooMany.err());
    }

    private static List<Path> files(final Path dir) throws IOException
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            return walk.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }
}
