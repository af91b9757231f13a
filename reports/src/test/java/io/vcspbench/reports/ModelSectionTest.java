package io.vcspbench.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model section from synthetic result folders written as {@code result.json} files the way the
 * harness writes them: medians against the model with their ratios and marks, the arms the model
 * leaves out and why, the pre-copy barrier against the knee, and against golden files a small folder
 * with every kind of row.
 */
class ModelSectionTest
{
    @TempDir
    Path root;

    private int folders;

    /** The settings of a post-copy run on 8 MiB of 16 over tcp at 1000 Mbit/s, 100 µs each way, push off. */
    private static Map<String, Object> postcopy(final String algorithm, final int e, final int n, final String pattern)
    {
        final Map<String, Object> c = new LinkedHashMap<>();
        c.put("algorithm", algorithm);
        c.put("throttlePercent", e);
        c.put("prefetchPages", n);
        c.put("workloadMiB", 8);
        c.put("memoryMiB", 16);
        c.put("pattern", pattern);
        c.put("link", "tcp");
        c.put("bandwidthMbit", 1000);
        c.put("latencyUs", 100);
        c.put("seed", 1);
        c.put("waitStrategy", "block");
        c.put("push", "off");
        return c;
    }

    /** @return a copy of the settings with one of them changed. */
    private static Map<String, Object> with(final Map<String, Object> config, final String key, final Object value)
    {
        final Map<String, Object> c = new LinkedHashMap<>(config);
        c.put(key, value);
        return c;
    }

    private static Map<String, Double> measured(final double faults, final double downtimeMs, final double switchoverMs,
        final double pages)
    {
        final Map<String, Double> m = new LinkedHashMap<>();
        m.put("downtimeMs", downtimeMs);
        m.put("switchoverMs", switchoverMs);
        m.put("faults", faults);
        m.put("pagesTransferred", pages);
        return m;
    }

    /** Writes a run's result.json in a folder of its own, named as the harness names them. */
    private void run(final Path sweep, final Map<String, Object> config, final Map<String, Double> metrics,
        final String failure) throws IOException
    {
        folders++;
        final Path folder = sweep.resolve(String.format(Locale.ROOT, "p%03d-r1-%s", folders, config.get("algorithm")));
        Files.createDirectories(folder);
        final StringBuilder c = new StringBuilder();
        config.forEach((k, v) -> c.append(c.length() == 0 ? "" : ",").append('"').append(k).append("\":")
            .append(v instanceof String ? "\"" + v + "\"" : v));
        final StringBuilder m = new StringBuilder();
        metrics.forEach((k, v) -> m.append(m.length() == 0 ? "" : ",").append('"').append(k).append("\":").append(v));
        Files.writeString(folder.resolve("result.json"), "{\"schema\":\"vcsp-result/1\",\"config\":{" + c + "}," +
            "\"metrics\":{" + m + "},\"integrity\":{\"pagesChecked\":4096,\"mismatches\":0}" +
            (failure == null ? "" : ",\"failure\":\"" + failure + "\"") + "}");
    }

    private Section section(final Path sweep) throws IOException
    {
        return ModelSection.section("sweep", RunsReport.load(sweep));
    }

    private String markdown(final Path sweep) throws IOException
    {
        return Markdown.render(RunsReport.TITLE, List.of(section(sweep)));
    }

    /** The model's stall of one fault over the tcp link of {@link #postcopy}, µs. */
    private static double tcpFaultUs(final double pagesPerFault)
    {
        return Model.faultUs(100, 1000, Model.TCP_COST, pagesPerFault, true);
    }

    @Test
    void shouldSetTheMedianOfTheRepeatsBesideTheModelWithTheirRatio() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        // window, 2048 pages, N = 16: 128 faults of 16 pages; stalls 80 and 100 ms, median 90 ms; switchovers 1, 3 ms
        run(sweep, postcopy("vcsp-prefetch", 50, 16, "window"), measured(128, 81, 1, 2048), null);
        run(sweep, postcopy("vcsp-prefetch", 50, 16, "window"), measured(128, 103, 3, 2048), null);
        run(sweep, postcopy("vcsp-prefetch", 50, 16, "window"), measured(500, 9999, 1, 2048), "source: timed out");

        final String md = markdown(sweep);

        final double stallMs = 128 * tcpFaultUs(16) / 1000;
        assertTrue(md.contains("| vcsp-prefetch | 50 | 16 | window | 8 | tcp 1000 Mbit/s 100 µs | off |  | 2 | 128 | 128.0 | " +
            "1.00× | 16.00 | 16.00 | 90.00 | " + Fmt.num(stallMs) + " | " + Fmt.ratio(90 / stallMs) + " | 92.00 | " +
            Fmt.num(2 + stallMs) + " | " + Fmt.ratio(92 / (2 + stallMs)) + " |"), md);
    }

    @Test
    void shouldTakeTheStallMetricWhenTheRunHasIt() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        final Map<String, Double> m = measured(128, 100, 10, 2048);
        m.put("stallMs", 85.0);
        run(sweep, postcopy("postcopy-prefetch", 100, 16, "window"), m, null);

        assertTrue(markdown(sweep).contains("| 16.00 | 16.00 | 85.00 | "), "stallMs, not 100 − 10");
    }

    @Test
    void shouldMarkARatioBeyondTheDivergenceEitherWay() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        // random, N = 1: 0.632 W = 1294.6 faults expected; 1700 is 1.31 times that, 1000 is 0.77 times
        run(sweep, postcopy("postcopy", 100, 1, "random"), measured(1700, 500, 1, 1700), null);
        run(sweep, with(postcopy("postcopy", 100, 1, "random"), "link", "ipc"), measured(1100, 500, 1, 1100), null);

        final String md = markdown(sweep);

        assertTrue(md.contains("| 1700 | 1295 | 1.31× ⚠ | 1.000 | 1.000 |"), "one page a fault, as N = 1 has it: " + md);
        assertTrue(md.contains("| 1100 | 1295 | 0.85× |"), "within 1/1.25 = 0.8: " + md);
    }

    @Test
    void shouldKeepTheMeasuredFiguresOfArmsItDoesNotModelAndSayWhy() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, postcopy("postcopy", 100, 1, "window"), measured(2048, 500, 1, 2048), null);
        run(sweep, with(postcopy("postcopy", 100, 1, "window"), "push", "on"), measured(300, 100, 1, 4096), null);
        run(sweep, with(postcopy("postcopy", 100, 1, "window"), "push", 200), measured(700, 200, 1, 4096), null);
        run(sweep, postcopy("vcsp-prefetch", 50, 128, "window"), measured(22, 60, 1, 2048), null);
        run(sweep, with(postcopy("hybrid-k", 100, 1, "window"), "push", "on"), measured(10, 30, 1, 4096), null);

        final String md = markdown(sweep);

        assertTrue(md.contains("| on | push on: pages arrive unasked | 1 | 300 | – | – | – | – | 99.00 | – | – | 100.0 | – | – |"),
            md);
        assertTrue(md.contains("| 200 Mbit/s | push 200 Mbit/s: pages arrive unasked | 1 | 700 |"), md);
        assertTrue(md.contains("N > 64: a reply spans frames |"), md);
        assertTrue(md.contains("| hybrid-k | 100 | 1 | window |"), md);
        assertTrue(md.contains("pre-copy phase |"), md);
    }

    @Test
    void shouldGiveNoSectionWhenTheModelCoversNothing() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, with(postcopy("postcopy", 100, 1, "window"), "push", "on"), measured(300, 100, 1, 4096), null);

        assertNull(section(sweep));
    }

    /** A precopy run on the writer pattern of 64 MiB over 200 Mbit/s, at most 30 rounds, 256 KiB threshold. */
    private void precopy(final Path sweep, final String algorithm, final int dirtyRateMbit, final int rounds,
        final double downtimeMs) throws IOException
    {
        final Map<String, Object> c = new LinkedHashMap<>();
        c.put("algorithm", algorithm);
        c.put("throttlePercent", 100);
        c.put("prefetchPages", 1);
        c.put("workloadMiB", 64);
        c.put("memoryMiB", 64);
        c.put("pattern", "writer");
        c.put("link", "ipc");
        c.put("bandwidthMbit", 200);
        c.put("maxRounds", 30);
        c.put("stopCopyKiB", 256);
        c.put("dirtyRateMbit", dirtyRateMbit);
        final Map<String, Double> m = new LinkedHashMap<>();
        m.put("downtimeMs", downtimeMs);
        m.put("precopyRounds", (double)rounds);
        run(sweep, c, m, null);
    }

    @Test
    void shouldSetTheBarrierBesideTheKneeWhereRoundsFirstReachTheMost() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        precopy(sweep, "precopy", 100, 9, 10);
        precopy(sweep, "precopy", 150, 20, 11);
        precopy(sweep, "precopy", 180, 30, 440);
        precopy(sweep, "precopy", 200, 30, 2600);
        // auto-converge converges further up, as throttling lowers the dirty rate: no mark
        precopy(sweep, "auto-converge", 180, 12, 12);
        precopy(sweep, "auto-converge", 200, 30, 300);

        final String md = markdown(sweep);

        // p* = (1/256)^(1/30) · 200 = 166.2: between 150 (converged) and 180 (the knee); 440 / 11 = 40 times
        assertTrue(md.contains("| precopy | 64 | 256 | 30 | 200 | 166.2 | 150 | 180 | 1.08× | 40.00× |"), md);
        assertTrue(md.contains("| auto-converge | 64 | 256 | 30 | 200 | 166.2 | 180 | 200 | 1.20× | 25.00× |"), md);
        assertFalse(md.contains("Post-copy, push off"), "no post-copy arm: " + md);
    }

    @Test
    void shouldMarkAPrecopyRateOnTheWrongSideOfTheBarrier() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        precopy(sweep, "precopy", 100, 30, 10);
        precopy(sweep, "precopy-throttled", 170, 12, 10);
        precopy(sweep, "precopy-throttled", 180, 30, 10);

        final String md = markdown(sweep);

        assertTrue(md.contains("| precopy | 64 | 256 | 30 | 200 | 166.2 | – | 100 ⚠ | 0.60× | – |"), md);
        assertTrue(md.contains("| precopy-throttled | 64 | 256 | 30 | 200 | 166.2 | 170 | 180 |"), "not plain precopy: " + md);
    }

    @Test
    void shouldDrawTheBarrierOnTheDowntimeChartWithTheKneeInItsLabel() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        precopy(sweep, "precopy", 100, 9, 10);
        precopy(sweep, "precopy", 180, 30, 440);

        final String html = Html.render(RunsReport.TITLE, RunsReport.sections("sweep", "sweep",
            RunsReport.load(sweep), false));

        assertTrue(html.contains(">p* = 166.2 Mbit/s (model); precopy knee 180 (measured)</text>"), html);
        assertEquals(1, html.split("stroke-dasharray=\"2 3\"", -1).length - 1, "one marker: " + html);
    }

    @Test
    void shouldRenderEveryKindOfRowExactlyAsTheGoldenFiles() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, postcopy("postcopy", 100, 1, "window"), measured(2048, 700, 2, 2048), null);
        run(sweep, postcopy("postcopy-prefetch", 100, 16, "sequential"), measured(128, 100, 2, 2048), null);
        run(sweep, postcopy("vcsp-prefetch", 50, 16, "random"), measured(100, 60, 2, 2000), null);
        run(sweep, postcopy("vcsp-prefetch", 50, 16, "hotcold"), measured(130, 70, 2, 1450), null);
        run(sweep, with(postcopy("vcsp-prefetch", 50, 16, "window"), "push", "on"), measured(40, 30, 2, 4096), null);
        precopy(sweep, "precopy", 100, 9, 10);
        precopy(sweep, "precopy", 180, 30, 440);

        final List<Section> sections = List.of(section(sweep));

        Golden.assertMatches("runs-model.md", Markdown.render(RunsReport.TITLE, sections));
        Golden.assertMatches("runs-model.html", Html.render(RunsReport.TITLE, sections));
    }
}
