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
 * JMH 1.37's metric spelling, one in the older "·gc..." spelling) rendered to report.md must match
 * {@code golden/report.md} byte for byte. Run with {@code -Dgolden.update=true} to rewrite the golden
 * file after an intended change, then review the diff.
 */
class ReportRenderingTest
{
    private static final Path GOLDEN_SOURCE = Path.of("src", "test", "resources", "golden", "report.md");

    @Test
    void shouldRenderTheMarkdownReportExactlyAsTheGoldenFile() throws Exception
    {
        final String markdown = ReportMain.renderMarkdown(JmhJson.scan(resource("bench")));
        if (Boolean.getBoolean("golden.update"))
        {
            Files.writeString(GOLDEN_SOURCE, markdown, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(resource("golden/report.md"), StandardCharsets.UTF_8), markdown);
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
