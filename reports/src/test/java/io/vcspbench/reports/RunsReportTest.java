package io.vcspbench.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report of result folders: tables, Table 3, and against golden files the pre-copy fixture
 * ({@code runs/precopy}: precopy, precopy-throttled and auto-converge on the writer pattern at three
 * dirty rates, with repeats and a failed run), whose report holds every kind of section, and the
 * comparison of two sweeps ({@code runs/compare}: two points, five repeats a side).
 */
class RunsReportTest
{
    private static final Path PRECOPY = Path.of("src", "test", "resources", "runs", "precopy");
    /** Two sweeps of the same two points, five repeats each: postcopy faster in the second, vcsp-prefetch not. */
    private static final Path COMPARE = Path.of("src", "test", "resources", "runs", "compare");

    @TempDir
    Path root;

    private void result(final Path folder, final String algorithm, final int e, final int n, final double downtime,
        final double throughput, final long mismatches) throws IOException
    {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("result.json"), "{\"schema\":\"vcsp-result/1\"," +
            "\"config\":{\"algorithm\":\"" + algorithm + "\",\"throttlePercent\":" + e + ",\"prefetchPages\":" + n +
            ",\"workloadMiB\":8,\"memoryMiB\":64,\"link\":\"ipc\"}," +
            "\"metrics\":{\"downtimeMs\":" + downtime + ",\"totalMigrationTimeMs\":500,\"pagesTransferred\":16384," +
            "\"faults\":10,\"workloadThroughputMBps\":" + throughput + ",\"achievedCpuSharePercent\":" + e + "," +
            "\"faultLatencyUs\":{\"p50\":12.5,\"p99\":99.0}},\"integrity\":{\"pagesChecked\":16384,\"mismatches\":" +
            mismatches + "}}");
    }

    @Test
    void shouldPutTwoResultSetsSideBySideWithTable3WhereTheBaselineRan() throws IOException
    {
        result(root.resolve("sweepA/p001-r1"), "postcopy", 100, 1, 100, 1000, 0);
        result(root.resolve("sweepA/p002-r1"), "vcsp-prefetch", 50, 10, 80, 600, 0);
        result(root.resolve("single"), "vcsp", 50, 1, 90, 500, 2);

        final List<Path> written = RunsReport.write(List.of(root.resolve("sweepA"), root.resolve("single")),
            root.resolve("out"));

        final String md = Files.readString(written.get(0));
        assertTrue(md.contains("## Runs in sweepA"), md);
        assertTrue(md.contains("## Runs in single"), md);
        assertTrue(md.contains("| p001-r1 | postcopy | 100 | 1 | 8 | 64 | ipc |"), md);
        // vcsp-prefetch: downtime (100 - 80) / 100 = 20 %, throughput (600 - 1000) / 1000 = -40 %
        // (results without the paper's metrics leave their columns blank; no push setting is push on)
        assertTrue(md.contains("| vcsp-prefetch | ours, push on, mean | 20.00 | – | – | – | 0.00 | 0.00 | -40.00 |"), md);
        assertTrue(md.contains("| vcsp-prefetch | paper | 8.17 | 30.33 | 54.49 | 23.65 | – | – | – |"), md);
        assertTrue(md.contains("2 ⚠"), "a mismatching run is marked: " + md);
        assertEquals(1, md.split("Table 3 layout", -1).length - 1, "Table 3 only where postcopy ran");
        final String html = Files.readString(written.get(1));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("Runs in single"), html);
    }

    @Test
    void shouldRenderThePrecopyFixtureExactlyAsTheGoldenFiles() throws IOException
    {
        final List<Section> sections = RunsReport.sections(List.of(PRECOPY));

        Golden.assertMatches("runs-precopy.md", Markdown.render(RunsReport.TITLE, sections));
        Golden.assertMatches("runs-precopy.html", Html.render(RunsReport.TITLE, sections));
    }

    @Test
    void shouldRenderTheComparisonOfTwoSweepsExactlyAsTheGoldenFiles() throws IOException
    {
        final List<Section> sections = RunsReport.sections(List.of(COMPARE.resolve("jdk17"), COMPARE.resolve("jdk25")));

        Golden.assertMatches("runs-compare.md", Markdown.render(RunsReport.TITLE, sections));
        Golden.assertMatches("runs-compare.html", Html.render(RunsReport.TITLE, sections));
    }

    @Test
    void shouldSayPerPointAndMetricWhetherTheSecondSweepDiffersFromTheFirst() throws IOException
    {
        final String md = Markdown.render(RunsReport.TITLE,
            RunsReport.sections(List.of(COMPARE.resolve("jdk17"), COMPARE.resolve("jdk25"))));
        final String changes = md.substring(md.indexOf("## Changes between result folders"));

        // five repeats a side: postcopy's downtime falls on jdk25 with no overlap (p = 2 / C(10, 5))
        assertTrue(changes.contains("### jdk25 against jdk17: downtime ms\n\n| point | `jdk17` | `jdk25` |"), changes);
        assertTrue(changes.contains("| postcopy E=100 N=1 | 40.90 | 32.80 | -19.8% ["), changes);
        assertTrue(changes.contains("| p=0.008 | 5+5 |"), changes);
        // vcsp-prefetch's repeats overlap: within noise
        assertTrue(changes.contains("| vcsp-prefetch E=50 N=10 | 30.70 | 30.60 | ~ |"), changes);
        // every metric of both points has its table, fault latency included
        for (final String metric : List.of("downtime ms", "total migration time ms", "fault latency p50 µs",
            "fault latency p99 µs"))
        {
            assertTrue(changes.contains("### jdk25 against jdk17: " + metric + "\n"), metric + ": " + changes);
        }
        assertFalse(md.substring(0, md.indexOf("## Changes between result folders")).contains("[95% CI]"),
            "the changes come once, after both folders' sections");
    }

    @Test
    void shouldTableDowntimeAgainstDirtyRateAsTheMedianOverRepeatsLeavingFailedRunsOut() throws IOException
    {
        final String md = Markdown.render(RunsReport.TITLE, RunsReport.sections(List.of(PRECOPY)));

        assertTrue(md.contains("## Pre-copy downtime against dirty rate in precopy"), md);
        // precopy at 300 Mbit/s: repeats of 30 and 34 ms, 790 and 800 ms; 30 % of the 1000 Mbit/s link
        assertTrue(md.contains("| precopy | 1000 | 300 | 30 | 2 | 32.00 | 795.0 | 5 | 160 |"), md);
        // precopy at 600 Mbit/s: the failed repeat is not in the median
        assertTrue(md.contains("| precopy | 1000 | 600 | 60 | 1 | 210.0 | 1900 | 30 | 1300 |"), md);
        assertTrue(md.contains("Left out: 1 failed run."), md);
        final int lines = md.split("\\n\\| (precopy|precopy-throttled|auto-converge) \\| 1000 \\|", -1).length - 1;
        assertEquals(8, lines, "one row per algorithm and dirty rate: 3 + 2 + 3");
    }

    @Test
    void shouldDrawThroughputOverTimePerScenarioWithALinePerAlgorithm() throws IOException
    {
        final List<Section> sections = RunsReport.sections(List.of(PRECOPY));
        final String html = Html.render(RunsReport.TITLE, sections);

        // the dirty rate is the one setting besides the arm that varies: one chart per rate
        for (final int rate : new int[]{ 100, 300, 600 })
        {
            assertTrue(html.contains("<title>Workload throughput over time: 32 of 64 MiB, writer, ipc, 1000 Mbit/s, " +
                "dirtyRateMbit=" + rate + "</title>"), html);
        }
        assertTrue(html.contains("<title>Pre-copy downtime against dirty rate</title>"), html);
        assertTrue(html.contains(">600 (60 %)</text>"), "x ticks also as a share of the link: " + html);
        final String md = Markdown.render(RunsReport.TITLE, sections);
        assertTrue(md.contains("(plot in index.html: Pre-copy downtime against dirty rate)"), md);
        assertTrue(md.contains("| 32 of 64 MiB, writer, ipc, 1000 Mbit/s, dirtyRateMbit=300 | precopy E=100 N=1 | " +
            "p002-r2-precopy-D300 | 3 |"), "the repeat with the median throughput (870 of 870, 880): " + md);
    }

    @Test
    void shouldLeaveOutThePlotsWhenRunsHaveNoSeriesAndNoPrecopy() throws IOException
    {
        result(root.resolve("plain"), "postcopy", 100, 1, 100, 1000, 0);

        final String md = Markdown.render(RunsReport.TITLE, RunsReport.sections(List.of(root.resolve("plain"))));

        assertTrue(md.contains("## Runs in plain"), md);
        assertFalse(md.contains("Throughput over time"), md);
        assertFalse(md.contains("Pre-copy"), md);
    }

    @Test
    void shouldRefuseAFolderWithoutResultsNamingIt() throws IOException
    {
        Files.createDirectories(root.resolve("empty"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RunsReport.write(List.of(root.resolve("empty")), root.resolve("out")));
        assertTrue(e.getMessage().contains("empty holds no result.json"), e.getMessage());
    }
}
