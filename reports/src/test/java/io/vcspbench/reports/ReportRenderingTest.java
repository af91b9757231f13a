package io.vcspbench.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Report rendering against golden files: a fixed bench directory with two labelled sets (one in
 * JMH 1.37's metric spelling, one in the older "·gc..." spelling), each with a small harness sweep
 * in {@code runs/}, rendered to report.md and index.html must match {@code golden/report.md} and
 * {@code golden/index.html} byte for byte; likewise {@code bench-precopy} (one set: precopy and
 * auto-converge on the writer pattern at two dirty rates, three migrations each, and one post-copy
 * migration) against {@code golden/bench-precopy.md} and {@code golden/bench-precopy.html}; and
 * {@code bench-load} (two sets of fault latency under push beside the loaded plain baseline, one at
 * each mark's target and one just past it, each with two runs whose {@code fault-latency.hlog} feeds
 * the CDF) against {@code golden/bench-load.md} and {@code golden/bench-load.html}; and
 * {@code bench-compare} (two labels with per-iteration raw data: a real slowdown, a real speedup, a
 * difference within noise and too few samples) against {@code golden/bench-compare.md} and
 * {@code golden/bench-compare.html}. Run with
 * {@code -Dgolden.update=true} to rewrite the golden files after an intended change, then review the diff.
 */
class ReportRenderingTest
{
    @Test
    void shouldRenderTheMarkdownReportExactlyAsTheGoldenFile() throws Exception
    {
        Golden.assertMatches("report.md", ReportMain.renderMarkdown(JmhJson.scan(resource("bench"))));
    }

    @Test
    void shouldRenderTheHtmlReportExactlyAsTheGoldenFile() throws Exception
    {
        Golden.assertMatches("index.html", ReportMain.renderHtml(JmhJson.scan(resource("bench"))));
    }

    @Test
    void shouldRenderThePrecopyFixtureExactlyAsTheGoldenFiles() throws Exception
    {
        final List<ResultSet> sets = JmhJson.scan(resource("bench-precopy"));

        Golden.assertMatches("bench-precopy.md", ReportMain.renderMarkdown(sets));
        Golden.assertMatches("bench-precopy.html", ReportMain.renderHtml(sets));
    }

    @Test
    void shouldRenderTheUnderPushFixtureExactlyAsTheGoldenFiles() throws Exception
    {
        final List<ResultSet> sets = JmhJson.scan(resource("bench-load"));

        Golden.assertMatches("bench-load.md", ReportMain.renderMarkdown(sets));
        Golden.assertMatches("bench-load.html", ReportMain.renderHtml(sets));
    }

    @Test
    void shouldRenderTheComparisonFixtureExactlyAsTheGoldenFiles() throws Exception
    {
        final List<ResultSet> sets = JmhJson.scan(resource("bench-compare"));

        Golden.assertMatches("bench-compare.md", ReportMain.renderMarkdown(sets));
        Golden.assertMatches("bench-compare.html", ReportMain.renderHtml(sets));
    }

    @Test
    void shouldSayWhichDifferencesBetweenLabelsAreRealAndWhichAreNoise() throws Exception
    {
        final String markdown = ReportMain.renderMarkdown(JmhJson.scan(resource("bench-compare")));
        final String changes = markdown.substring(markdown.indexOf("## Changes between labels"),
            markdown.indexOf("## Fault latency against the plain baseline"));

        // sample time, each iteration's mean from rawDataHistogram (2 forks x 3, each mean 0.25 above its middle
        // bucket): every jdk25 iteration is slower, p = 2 / C(12, 6)
        assertTrue(changes.contains("| FaultLatencyBenchmark.fault | link=tcp pages=1 waitStrategy=block | us/op | " +
            "30.65 | 34.65 | +13.1% ["), changes);
        assertTrue(changes.contains("| p=0.002 | 6+6 |"), changes);
        // the page copies overlap: within noise
        assertTrue(changes.contains("| PageCopyBenchmark.unsafeCopyMemory | memoryPages=256 | ns/op | 140.1 | 139.6 | ~ |"),
            changes);
        // the bitmap scan is faster on jdk25: a negative change
        assertTrue(changes.contains("| BitmapBenchmark.nextClearBit | memoryPages=262144 | ns/op | 12.43 | 11.00 | -11.5% ["),
            changes);
        // three migrations a side cannot tell anything, however far apart
        assertTrue(changes.contains("| 402.0 | 355.0 | too few samples | p=0.100 | 3+3 |"), changes);
        // five migrations a side: the wall time is within noise, the downtime fell on jdk25 with no overlap
        assertTrue(changes.contains("| MigrationBenchmark.migrate | algorithm=vcsp throttlePercent=50 prefetchPages=1 | " +
            "ms/op | 605.0 | 609.0 | ~ |"), changes);
        assertTrue(changes.contains("| MigrationBenchmark.migrate downtimeMs | algorithm=vcsp throttlePercent=50 " +
            "prefetchPages=1 | ms | 89.00 | 71.30 | -19.9% ["), changes);
        assertTrue(changes.contains("3 changed, 3 within noise, 3 with too few samples."), changes);
    }

    @Test
    void shouldSayInOneLineThatThereIsNoFaultLatencyUnderPush() throws Exception
    {
        final String markdown = ReportMain.renderMarkdown(JmhJson.scan(resource("bench")));

        assertTrue(markdown.contains("## Fault latency under push\n\nNo fault-latency-under-push results.\n\n## "),
            markdown);
        assertTrue(markdown.indexOf("## Fault latency against the plain baseline") <
            markdown.indexOf("## Fault latency under push"));
    }

    @Test
    void shouldMarkUnderPushRatiosExactlyWhenTheyCrossTheTargets() throws Exception
    {
        final String markdown = underPushTable(ReportMain.renderMarkdown(JmhJson.scan(resource("bench-load"))));

        // alpha ipc sits on every target (mean 30 / 20 = 1.5, p99 80 / 40 = 2, push 800 / stream 1000 = 0.8):
        // no mark; beta ipc is just past each (30.1 / 20, 80.2 / 40, 794 / 1000): three marks
        assertTrue(markdown.contains("| ipc | unpaced | 1 | backoff | 25.00 / 18.00 | 80.00 / 40.00 | 30.00 / 20.00 | " +
            "1.50× | 2.00× | 800.0 | 1000 | 0.80× | 25.00 / 18.00 | 80.20 / 40.00 | 30.10 / 20.00 | 1.51× ⚠ | " +
            "2.01× ⚠ | 794.0 | 1000 | 0.79× ⚠ |"), markdown);
        // paced at 1000 Mbit/s the fault's reply is paced and the plain exchange is not: nothing is marked
        assertTrue(markdown.contains("| tcp | 1000 Mbit/s | 1 | backoff | 25.00 / 20.00 | 70.00 / 45.00 | 28.00 / 22.00 | " +
            "1.27× | 1.56× | 118.0 | 119.0 | 0.99× | 30.00 / 20.00 | 100.0 / 45.00 | 40.00 / 22.00 | 1.82× | " +
            "2.22× | 60.00 | 119.0 | 0.50× |"), markdown);
        assertEquals(3, markdown.split("⚠ \\|", -1).length - 1, "no other cell marked: " + markdown);
    }

    @Test
    void shouldPairTheLoadedPlainBaselineOnTheParamsItHasAndShowAMissingOneAsNone() throws Exception
    {
        final String markdown = underPushTable(ReportMain.renderMarkdown(JmhJson.scan(resource("bench-load"))));

        // the plain benchmark has no link: ipc and tcp both divide by the same loopback round trip
        assertTrue(markdown.contains("| tcp | unpaced | 1 | backoff | 24.00 / 18.00 | 60.00 / 40.00 | 26.00 / 20.00 | 1.30× |"),
            markdown);
        // pushMBps is an events counter: the mean of 850 and 870 per iteration, not JMH's sum
        assertTrue(markdown.contains("| tcp | unpaced | 64 | backoff | 190.0 / 140.0 | 500.0 / 300.0 | 200.0 / 150.0 | " +
            "1.33× | 1.67× | 860.0 | 950.0 | 0.91× | 195.0 / – | 520.0 / – | 210.0 / – | – | – | 880.0 | – | – |"),
            "beta has no plain baseline at N=64: " + markdown);
    }

    /** @return the under-push section's table of a rendered Markdown report. */
    private static String underPushTable(final String markdown)
    {
        return markdown.substring(markdown.indexOf("## Fault latency under push"), markdown.indexOf("## Allocation check"));
    }

    @Test
    void shouldTablePrecopyFiguresAsTheMeanPerMigrationNotJmhsSumOverIterations() throws Exception
    {
        final String markdown = ReportMain.renderMarkdown(JmhJson.scan(resource("bench-precopy")));

        // JMH's sums over three migrations / 3: precopy at 100 Mbit/s (50 % of 200) downtime 24 → 8, total time
        // 2001 → 667, rounds 17 → 5.667, stop-and-copy pages 129 → 43, workload 37.5 → 12.5 MB/s, CPU share 300 → 100 %
        assertTrue(markdown.contains("| precopy | 100 | 50 | 8.000 | 667.0 | 5.667 | 43 | 12.50 | 100.0 |"), markdown);
        // precopy at 300: 1230 → 410, 4230 → 1410, 90 → 30, 16230 → 5410, 37.2 → 12.4, 300 → 100
        assertTrue(markdown.contains("| precopy | 300 | 150 | 410.0 | 1410 | 30 | 5410 | 12.40 | 100.0 |"), markdown);
        // auto-converge at 100: 21 → 7, 1980 → 660, 17 → 5.667, 129 → 43, 36.9 → 12.3, 297 → 99
        assertTrue(markdown.contains("| auto-converge | 100 | 50 | 7.000 | 660.0 | 5.667 | 43 | 12.30 | 99.00 |"),
            markdown);
        // auto-converge at 300: 208.5 → 69.5, 6330 → 2110, 90 → 30, 3330 → 1110, 28.5 → 9.5, 126 → 42
        assertTrue(markdown.contains("| auto-converge | 300 | 150 | 69.50 | 2110 | 30 | 1110 | 9.500 | 42.00 |"),
            markdown);
        final String section = markdown.substring(markdown.indexOf("## Pre-copy: downtime against dirty rate"),
            markdown.indexOf("## Throttler accuracy"));
        assertFalse(section.contains("| postcopy |"), "the post-copy migration ran the window pattern: " + section);
        assertTrue(markdown.indexOf("## Migrations") < markdown.indexOf("## Pre-copy: downtime against dirty rate"));
    }

    @Test
    void shouldDrawPrecopyDowntimeOnALogAxisWhenItSpansFiftyTimes() throws Exception
    {
        final String html = ReportMain.renderHtml(JmhJson.scan(resource("bench-precopy")));

        // means from 7 (auto-converge at 100) to 410 ms (precopy at 300): 58 times
        assertTrue(html.contains(">downtime, ms (mean per migration, log scale)</text>"), html);
        assertTrue(html.contains("<title>precopy: 300 (150 %), 410.0</title>"), "x as a share of the link: " + html);
        assertTrue(html.contains("<title>Pre-copy downtime against dirty rate: 8 of 8 MiB, ipc, 200 Mbit/s, " +
            "maxRounds=30</title>"), html);
    }

    @Test
    void shouldLeaveOutThePrecopySectionWhenNoMigrationRanTheWriterPattern() throws Exception
    {
        final List<ResultSet> sets = JmhJson.scan(resource("bench"));

        assertFalse(ReportMain.renderMarkdown(sets).contains("Pre-copy: downtime against dirty rate"));
        assertFalse(ReportMain.renderHtml(sets).contains("Pre-copy: downtime against dirty rate"));
    }

    @Test
    void shouldGiveEachGroupOfOtherSettingsItsOwnPrecopyChartAndTableWithAColumnPerLabel()
    {
        final List<ResultSet> sets = List.of(
            new ResultSet("a", Map.of(), List.of(precopy("precopy", 100, 30, 6), precopy("precopy", 300, 30, 60),
                precopy("precopy", 100, 5, 9))),
            new ResultSet("b", Map.of(), List.of(precopy("precopy", 100, 30, 4), precopy("auto-converge", 100, 30, 5))));

        final String markdown = ReportMain.renderMarkdown(sets);
        final String html = ReportMain.renderHtml(sets);

        assertTrue(markdown.contains("### 8 of 8 MiB, ipc, 200 Mbit/s, maxRounds=30\n"), markdown);
        assertTrue(markdown.contains("### 8 of 8 MiB, ipc, 200 Mbit/s, maxRounds=5, in a\n"),
            "a group one label ran is titled with it: " + markdown);
        assertTrue(markdown.contains("| algorithm | dirty rate Mbit/s | % of link | downtime ms `a` | downtime ms `b` |"),
            markdown);
        assertTrue(markdown.contains("| precopy | 100 | 50 | 6.000 | 4.000 |"), markdown);
        assertTrue(markdown.contains("| precopy | 300 | 150 | 60.00 | – |"), markdown);
        assertTrue(markdown.contains("| auto-converge | 100 | 50 | – | 5.000 |"), markdown);
        assertTrue(markdown.contains("| algorithm | dirty rate Mbit/s | % of link | downtime ms | "), markdown);
        assertTrue(markdown.contains("| precopy | 100 | 50 | 9.000 |"), markdown);
        assertTrue(html.contains(">precopy a</text>") && html.contains(">precopy b</text>") &&
            html.contains(">auto-converge b</text>"), "a line per algorithm and label: " + html);
        assertFalse(html.contains(">auto-converge a</text>"), "no line for a label without results: " + html);
    }

    /** A writer-pattern migration result whose every event counter has the same value in each of two iterations. */
    private static JmhResult precopy(final String algorithm, final int dirtyRateMbit, final int maxRounds,
        final double perMigration)
    {
        final Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithm", algorithm);
        params.put("bandwidthMbit", "200");
        params.put("dirtyRateMbit", Integer.toString(dirtyRateMbit));
        params.put("link", "ipc");
        params.put("maxRounds", Integer.toString(maxRounds));
        params.put("memoryMiB", "8");
        params.put("pattern", "writer");
        params.put("workloadMiB", "8");
        final Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
        for (final String name : List.of("downtimeMs", "totalMigrationTimeMs", "precopyRounds", "stopCopyPages",
            "workloadThroughputMBps", "achievedCpuSharePercent"))
        {
            secondary.put(name, new JmhResult.Metric(2 * perMigration, Double.NaN, "#", perMigration));
        }
        return new JmhResult("io.vcspbench.benchmarks.MigrationBenchmark.migrate", "ss", params, 1000, Double.NaN,
            "ms/op", Map.of(), secondary);
    }

    @Test
    void shouldTableTheAchievedShareAgainstEAndMarkOnlyPointsOffByMoreThanTwo() throws Exception
    {
        final String markdown = ReportMain.renderMarkdown(JmhJson.scan(resource("bench")));
        // alpha E=25: (25.3 + 25.5) / 2 = 25.4; beta E=25: (28.0 + 28.2) / 2 = 28.1, 3.1 points off; beta has no E=75
        assertTrue(markdown.contains("| 25 | 25.40 | 28.10 | +0.40 | +3.10 ⚠ |"), markdown);
        assertTrue(markdown.contains("| 75 | 75.10 | – | +0.10 | – |"), markdown);
        assertEquals(1, markdown.split("## Throttler accuracy", -1).length - 1);
        assertTrue(markdown.indexOf("## Throttler accuracy") < markdown.indexOf("## All results"));
    }

    @Test
    void shouldIncludeEachLabelsHarnessSweepWithTable3SideBySide() throws Exception
    {
        final List<ResultSet> sets = JmhJson.scan(resource("bench"));
        assertEquals(List.of(4, 2), sets.stream().map(s -> s.runs().size()).toList());
        final String markdown = ReportMain.renderMarkdown(sets);
        assertTrue(markdown.contains("## Runs in alpha/runs"), markdown);
        assertTrue(markdown.contains("## Runs in beta/runs"), markdown);
        assertTrue(markdown.contains("## Throughput over time in alpha/runs"), markdown);
        // alpha medians: postcopy downtime 59, throughput 14500; vcsp-prefetch 54.5 and 6700
        assertTrue(markdown.contains("| vcsp-prefetch | ours `alpha`, push on, mean | 7.63 | – | – | – | 2.62 | 0.00 | -53.79 |"), markdown);
        // beta: downtime (50 - 45) / 50, throughput (8500 - 17000) / 17000
        assertTrue(markdown.contains("| vcsp-prefetch | ours `beta`, push on, mean | 10.00 | – | – | – | 1.89 | 0.00 | -50.00 |"), markdown);
        assertFalse(markdown.contains("### Table 3 layout: improvement over postcopy, %"),
            "no label's own Table 3 when the side-by-side one holds it: " + markdown);
    }

    @Test
    void shouldReadTheGcAllocationMetricInBothSpellings() throws Exception
    {
        final List<ResultSet> sets = JmhJson.scan(resource("bench"));
        final JmhResult current = sets.get(0).results().get(0);
        final JmhResult older = sets.get(1).results().get(0);
        assertTrue(Files.readString(resource("bench/beta/jmh.json")).contains("\u00b7gc.alloc.rate.norm"));
        assertFalse(Double.isNaN(current.secondaryValue(JmhResult.GC_ALLOC_NORM)));
        assertFalse(Double.isNaN(older.secondaryValue(JmhResult.GC_ALLOC_NORM)));
        assertEquals(current.secondaryValue(JmhResult.GC_ALLOC_NORM), older.secondaryValue(JmhResult.GC_ALLOC_NORM));
    }

    @Test
    void shouldPutTwoLabelledSetsSideBySide() throws Exception
    {
        final List<ResultSet> sets = JmhJson.scan(resource("bench"));
        assertEquals(List.of("alpha", "beta"), sets.stream().map(ResultSet::label).toList());
        final String markdown = ReportMain.renderMarkdown(sets);
        assertTrue(markdown.contains("| ratio p50 `alpha` |"), "alpha's ratio column");
        assertTrue(markdown.contains("| ratio p50 `beta` |"), "beta's ratio column");
    }

    @Test
    void shouldMarkOnlyTheSteadyStateBenchmarkThatAllocates() throws Exception
    {
        final String markdown = ReportMain.renderMarkdown(JmhJson.scan(resource("bench")));
        assertTrue(markdown.contains("| `beta` | PageCopyBenchmark.unsafeCopyMemory | memoryPages=256 | 24.00 ⚠ |"),
            markdown);
        assertFalse(markdown.contains("| `alpha` | PageCopyBenchmark"), "alpha allocates nothing");
        assertFalse(markdown.contains("| `beta` | MigrationBenchmark"), "a single-shot benchmark is not steady state");
    }

    @Test
    void shouldShowEventCountersAsTheMeanPerIteration() throws Exception
    {
        final JmhResult migration = JmhJson.scan(resource("bench")).get(0).results().stream()
            .filter(r -> r.className().equals("MigrationBenchmark")).findFirst().orElseThrow();
        final JmhResult.Metric downtime = migration.secondary().get("downtimeMs");
        assertEquals("#", downtime.unit());
        assertEquals(downtime.score() / 2, downtime.value(), 1e-9, "two iterations: JMH's sum halved");
    }

    @Test
    void shouldWriteASelfContainedHtmlPageWithAnInlinePlot(@TempDir final Path dir) throws Exception
    {
        final List<Path> written = ReportMain.write(JmhJson.scan(resource("bench")), dir);
        assertEquals(List.of(dir.resolve("index.html"), dir.resolve("report.md")), written);
        final String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg"), "an inline SVG plot");
        assertTrue(html.contains("<rect"), "with bars");
        assertTrue(html.contains("<path d=\"M"), "and lines");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("http:") || html.contains("https:"), "no external resource");
        assertFalse(html.contains("src="), "no external resource");
        assertTrue(html.contains("class=\"warn\""), "the allocation mark");
    }

    @Test
    void shouldTreatJmhNanAsNotANumber() throws Exception
    {
        final JmhResult pageCopy = JmhJson.scan(resource("bench")).get(1).results().stream()
            .filter(r -> r.className().equals("PageCopyBenchmark")).findFirst().orElseThrow();
        assertTrue(Double.isNaN(pageCopy.scoreError()));
    }

    @Test
    void shouldRefuseAFileThatIsNotJmhJson(@TempDir final Path dir) throws IOException
    {
        final Path bad = dir.resolve("jmh.json");
        Files.writeString(bad, "{\"not\":\"an array\"}");
        final IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> JmhJson.read(bad));
        assertTrue(e.getMessage().contains("not a JMH JSON result file"), e.getMessage());
    }

    private static Path resource(final String name) throws URISyntaxException
    {
        return Path.of(ReportRenderingTest.class.getClassLoader().getResource(name).toURI());
    }
}
