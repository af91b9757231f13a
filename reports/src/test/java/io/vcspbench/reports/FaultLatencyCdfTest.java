package io.vcspbench.reports;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault-latency CDF: read from each run's {@code fault-latency.hlog}, grouped, merged per label,
 * and against golden files the two run folders of {@code bench-load} (alpha and beta each ran
 * postcopy and vcsp-prefetch with a log; beta's tcp run has none), whose logs {@link Hlogs} writes.
 */
class FaultLatencyCdfTest
{
    private static final Path BENCH_LOAD = Path.of("src", "test", "resources", "bench-load");

    /** Each fixture log and the latencies in it, dealt into two 1 s intervals. */
    private static final Map<String, long[]> FIXTURE_LOGS = new LinkedHashMap<>();

    static
    {
        FIXTURE_LOGS.put("alpha/runs/p001-r1-postcopy-E100-N1", Hlogs.spread(200, 40, 1500, 3));
        FIXTURE_LOGS.put("alpha/runs/p002-r1-vcsp-prefetch-E50-N10", Hlogs.spread(120, 30, 700, 3));
        FIXTURE_LOGS.put("beta/runs/p001-r1-postcopy-E100-N1", Hlogs.spread(200, 60, 2500, 3));
        FIXTURE_LOGS.put("beta/runs/p002-r1-vcsp-prefetch-E50-N10", Hlogs.spread(120, 45, 1200, 3));
    }

    @TempDir
    Path root;

    @Test
    void shouldKeepTheCommittedHlogFixturesAsHlogsWritesThem() throws IOException
    {
        for (final Map.Entry<String, long[]> log : FIXTURE_LOGS.entrySet())
        {
            final Path file = BENCH_LOAD.resolve(log.getKey()).resolve(RunFolders.HLOG_FILE);
            final byte[] expected = Hlogs.bytes(Hlogs.twoIntervals(log.getValue()));
            if (Boolean.getBoolean("golden.update"))
            {
                Files.write(file, expected);
            }
            assertArrayEquals(expected, Files.readAllBytes(file), file + " differs from what Hlogs writes: " +
                "after an intended change rerun with -Dgolden.update=true");
        }
    }

    @Test
    void shouldMergeEveryIntervalOfARunsHlog() throws IOException
    {
        final Histogram h = RunFolders.readHlog(BENCH_LOAD.resolve("alpha/runs/p001-r1-postcopy-E100-N1")
            .resolve(RunFolders.HLOG_FILE));

        assertEquals(200, h.getTotalCount(), "100 faults in each of two intervals");
        assertEquals(40_000, h.getMinValue(), 40, "40 µs at 3 significant digits");
        assertEquals(1_500_000, h.getMaxValue(), 1500, "1500 µs at 3 significant digits");
        assertNull(RunFolders.readHlog(root.resolve("none.hlog")), "no log, no histogram");
    }

    @Test
    void shouldNameACorruptHlogInItsError() throws IOException
    {
        final Path file = root.resolve(RunFolders.HLOG_FILE);
        Files.writeString(file, "#[Histogram log format version 1.3]\n0.000,1.000,1.000,HISTFAAAAnot-base64!\n");

        final IOException e = assertThrows(IOException.class,
            () -> RunFolders.readHlog(file));

        assertTrue(e.getMessage().startsWith(file + " is not a readable HdrHistogram log"), e.getMessage());
    }

    @Test
    void shouldRenderTheCdfOfTwoRunFoldersExactlyAsTheGoldenFiles() throws IOException
    {
        final List<Section> sections = RunsReport.sections(List.of(BENCH_LOAD.resolve("alpha/runs"),
            BENCH_LOAD.resolve("beta/runs")));

        Golden.assertMatches("runs-cdf.md", Markdown.render(RunsReport.TITLE, sections));
        Golden.assertMatches("runs-cdf.html", Html.render(RunsReport.TITLE, sections));
    }

    @Test
    void shouldDrawALinePerLabelInOneChartPerGroupAndSkipTheGroupWithoutAHlog() throws IOException
    {
        final List<Section> sections = RunsReport.sections(List.of(BENCH_LOAD.resolve("alpha/runs"),
            BENCH_LOAD.resolve("beta/runs")));
        final String md = Markdown.render(RunsReport.TITLE, sections);
        final String html = Html.render(RunsReport.TITLE, sections);

        assertTrue(md.contains("(plot in index.html: Fault latency CDF: postcopy, ipc, 1000 Mbit/s, window)"), md);
        assertTrue(md.contains("(plot in index.html: Fault latency CDF: vcsp-prefetch, ipc, 1000 Mbit/s, window)"), md);
        assertFalse(md.contains("postcopy, tcp"), "beta's tcp run has no hlog: " + md);
        assertTrue(md.contains("| `alpha/runs` | 1 | 200 |") && md.contains("| `beta/runs` | 1 | 200 |"),
            "a row per label, named by the folder's parent when the folders share a name: " + md);
        assertTrue(html.contains(">alpha/runs</text>") && html.contains(">beta/runs</text>"), "a line per label");
    }

    @Test
    void shouldMergeTheRunsOfAGroupWithinALabelAndLeaveOutFailedRuns() throws IOException
    {
        run("a/w8", "postcopy", "ipc", "window", null, Hlogs.spread(10, 10, 100, 1));
        run("a/w16", "postcopy", "ipc", "window", null, Hlogs.spread(30, 10, 100, 1));
        run("a/failed", "postcopy", "ipc", "window", "timed out", Hlogs.spread(1000, 10, 100, 1));

        final String md = Markdown.render(RunsReport.TITLE, RunsReport.sections(List.of(root.resolve("a"))));

        assertTrue(md.contains("| `a` | 2 | 40 |"), "two runs, 10 + 30 faults, the failed one left out: " + md);
    }

    @Test
    void shouldSkipGroupsWithoutAHlogOrWithoutFaults() throws IOException
    {
        run("s/no-log", "postcopy", "tcp", "window", null, null);
        run("s/empty-log", "postcopy", "ipc", "sequential", null, new long[0]);

        assertNull(FaultLatencyCdf.section(Map.of("s", RunsReport.load(root.resolve("s")))), "nothing to draw");
        assertFalse(Markdown.render(RunsReport.TITLE, RunsReport.sections(List.of(root.resolve("s"))))
            .contains(FaultLatencyCdf.TITLE), "vcsp report leaves the section out");
        final String bench = ReportMain.renderMarkdown(List.of(new ResultSet("s", Map.of(), List.of(),
            RunsReport.load(root.resolve("s")))));
        assertTrue(bench.contains("## Fault latency CDF\n\nNo fault-latency histograms: no successful run of a " +
            "harness sweep has a `fault-latency.hlog` with faults.\n"), "the bench report says so in one line: " + bench);

        run("s/faults", "postcopy", "ipc", "window", null, Hlogs.spread(5, 10, 20, 1));
        final String md = Markdown.render(RunsReport.TITLE, RunsReport.sections(List.of(root.resolve("s"))));
        assertEquals(1, md.split("\\(plot in index.html: Fault latency CDF", -1).length - 1, md);
        assertTrue(md.contains("Fault latency CDF: postcopy, ipc, 1000 Mbit/s, window)"), md);
    }

    @Test
    void shouldDrawTheTwelveGroupsWithMostFaultsAndNameTheRest() throws IOException
    {
        for (int g = 1; g <= FaultLatencyCdf.MAX_CHARTS + 1; g++)
        {
            // pattern pNN has NN faults: p01, the fewest, is the one left out
            run(String.format("m/p%02d", g), "postcopy", "ipc", String.format("p%02d", g), null,
                Hlogs.spread(g, 10, 20, 1));
        }

        final String md = Markdown.render(RunsReport.TITLE, RunsReport.sections(List.of(root.resolve("m"))));

        assertEquals(FaultLatencyCdf.MAX_CHARTS, md.split("\\(plot in index.html: Fault latency CDF", -1).length - 1, md);
        assertFalse(md.contains("Fault latency CDF: postcopy, ipc, 1000 Mbit/s, p01)"), md);
        assertTrue(md.contains("Not drawn (at most 12 charts, those with the most faults): postcopy, ipc, 1000 Mbit/s, " +
            "p01 (1 faults)."), md);
        assertTrue(md.indexOf("1000 Mbit/s, p02)") < md.indexOf("1000 Mbit/s, p13)"), "drawn in the groups' order");
    }

    @Test
    void shouldRiseFromZeroToOneAtTwentyPointsPerDecade()
    {
        final Histogram h = new Histogram(3);
        for (final long ns : Hlogs.spread(100, 10, 1000, 1))
        {
            h.recordValue(ns);
        }

        final double[][] cdf = FaultLatencyCdf.cdf(h);

        assertEquals(0, cdf[1][0], "from below the fastest");
        assertEquals(1, cdf[1][cdf[1].length - 1], "to at or above the slowest");
        assertTrue(cdf[0][0] < 10 && cdf[0][cdf[0].length - 1] >= 1000, "over the whole range, µs");
        assertEquals(Math.pow(10, 1.0 / FaultLatencyCdf.POINTS_PER_DECADE), cdf[0][1] / cdf[0][0], 1e-9);
        for (int i = 1; i < cdf[1].length; i++)
        {
            assertTrue(cdf[1][i] >= cdf[1][i - 1], "never falls");
        }
        // evenly over two decades: half the faults at or below 100 µs
        for (int i = 0; i < cdf[0].length; i++)
        {
            if (Math.abs(cdf[0][i] - 100) < 1e-6)
            {
                assertEquals(0.5, cdf[1][i], 0.02);
            }
        }
    }

    private void run(final String folder, final String algorithm, final String link, final String pattern,
        final String failure, final long[] latenciesNs) throws IOException
    {
        final Path dir = root.resolve(folder);
        Files.createDirectories(dir);
        if (latenciesNs != null)
        {
            Hlogs.write(dir.resolve(RunFolders.HLOG_FILE), latenciesNs);
        }
        Files.writeString(dir.resolve("result.json"), "{\"schema\":\"vcsp-result/1\",\"config\":{\"algorithm\":\"" +
            algorithm + "\",\"link\":\"" + link + "\",\"bandwidthMbit\":1000,\"pattern\":\"" + pattern + "\"}," +
            "\"metrics\":{\"faults\":" + (latenciesNs == null ? 0 : latenciesNs.length) + "}," +
            "\"integrity\":{\"mismatches\":0}" + (failure == null ? "" : ",\"failure\":\"" + failure + "\"") + "}");
    }
}
