package io.vcspbench.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Report rendering against golden files: a fixed bench directory with two labelled sets (one in
 * JMH 1.37's metric spelling, one in the older "·gc..." spelling), each with a small harness sweep
 * in {@code runs/}, rendered to report.md and index.html must match {@code golden/report.md} and
 * {@code golden/index.html} byte for byte. Run with {@code -Dgolden.update=true} to rewrite the
 * golden files after an intended change, then review the diff.
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
        assertTrue(markdown.contains("| vcsp-prefetch | ours `alpha` | 7.63 | 2.62 | 0.00 | -53.79 |"), markdown);
        // beta: downtime (50 - 45) / 50, throughput (8500 - 17000) / 17000
        assertTrue(markdown.contains("| vcsp-prefetch | ours `beta` | 10.00 | 1.89 | 0.00 | -50.00 |"), markdown);
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
