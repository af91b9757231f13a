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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The E × N tuning surface from synthetic sweeps written as {@code result.json} files in the layout
 * the harness writes and {@link RunsReport#load} reads: cell medians and spreads, the Pareto front,
 * whether the best point stands apart from its neighbours, which scenarios get a surface, and
 * against golden files a small 2 × 3 grid.
 */
class TuningSurfaceTest
{
    @TempDir
    Path root;

    private int folders;

    /** A successful vcsp-prefetch run on the window pattern with push off. */
    private void run(final Path sweep, final int e, final int n, final double downtimeMs, final double throughputMBps,
        final long faults) throws IOException
    {
        run(sweep, "vcsp-prefetch", e, n, "off", metrics(downtimeMs, throughputMBps, faults), null);
    }

    private static Map<String, Double> metrics(final double downtimeMs, final double throughputMBps, final long faults)
    {
        final Map<String, Double> m = new LinkedHashMap<>();
        m.put("downtimeMs", downtimeMs);
        m.put("totalMigrationTimeMs", downtimeMs + 5);
        m.put("faults", (double)faults);
        m.put("workloadThroughputMBps", throughputMBps);
        return m;
    }

    /** Writes a run's result.json in a folder of its own, named as the harness names them. */
    private void run(final Path sweep, final String algorithm, final int e, final int n, final String push,
        final Map<String, Double> metrics, final String failure) throws IOException
    {
        folders++;
        final Path folder = sweep.resolve(String.format(Locale.ROOT, "p%03d-r1-%s-E%d-N%d", folders, algorithm, e, n));
        Files.createDirectories(folder);
        final StringBuilder m = new StringBuilder();
        metrics.forEach((k, v) -> m.append(m.length() == 0 ? "" : ",").append('"').append(k).append("\":").append(v));
        Files.writeString(folder.resolve("result.json"), "{\"schema\":\"vcsp-result/1\"," +
            "\"config\":{\"algorithm\":\"" + algorithm + "\",\"throttlePercent\":" + e + ",\"prefetchPages\":" + n +
            ",\"workloadMiB\":8,\"memoryMiB\":16,\"pattern\":\"window\",\"link\":\"tcp\",\"bandwidthMbit\":1000," +
            "\"seed\":" + folders + ",\"push\":\"" + push + "\"}," +
            "\"metrics\":{" + m + "},\"integrity\":{\"pagesChecked\":4096,\"mismatches\":0}" +
            (failure == null ? "" : ",\"failure\":\"" + failure + "\"") + "}");
    }

    private String markdown(final Path sweep) throws IOException
    {
        return Markdown.render(RunsReport.TITLE, TuningSurface.sections("sweep", RunsReport.load(sweep)));
    }

    private String html(final Path sweep) throws IOException
    {
        return Html.render(RunsReport.TITLE, TuningSurface.sections("sweep", RunsReport.load(sweep)));
    }

    @Test
    void shouldShowTheMedianOfTheRepeatsInEachCellAndTheirSpreadOnHoverAndInTheTable() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, 50, 1, 30, 100, 640);
        run(sweep, 50, 1, 10, 120, 640);
        run(sweep, 50, 1, 20, 110, 640);
        run(sweep, 100, 1, 40, 90, 640);
        run(sweep, 100, 1, 44, 92, 640);
        run(sweep, 50, 16, 8, 150, 40);
        run(sweep, 100, 16, 9, 140, 40);

        final String md = markdown(sweep);
        final String html = html(sweep);

        assertTrue(md.contains("| N=1 | 20.00 (10.00..30.00, 3) | 42.00 (40.00..44.00, 2) |"),
            "the median of three repeats and of two (the mean of the middle two): " + md);
        assertTrue(md.contains("| N=16 | 8.000 (1 run) | 9.000 (1 run) |"), md);
        assertTrue(md.contains("| N=1 | 640 (640..640, 3) | 640 (640..640, 2) |"), "faults are counts: " + md);
        assertTrue(html.contains("<title>E=50 N=1: median 20.00 ms, 10.00..30.00 over 3 runs</title>"), html);
        assertTrue(html.contains("<title>E=100 N=16: 9.000 ms, one run</title>"), html);
        assertTrue(html.contains(">20.00</text>"), "the cell shows its median: " + html);
        assertTrue(md.contains("(plot in index.html: Median downtimeMs by E and N: vcsp-prefetch; 8 of 16 MiB, window, " +
            "tcp, 1000 Mbit/s, push=off)"), md);
    }

    @Test
    void shouldPutColumnsInAscendingEAndRowsInAscendingN() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, 100, 64, 1, 1, 1);
        run(sweep, 25, 64, 2, 1, 1);
        run(sweep, 100, 4, 3, 1, 1);
        run(sweep, 25, 4, 4, 1, 1);
        run(sweep, 50, 16, 5, 1, 1);

        final String md = markdown(sweep);

        assertTrue(md.contains("| N ↓ E → | E=25 | E=50 | E=100 |\n|---|---:|---:|---:|\n" +
            "| N=4 | 4.000 (1 run) | – | 3.000 (1 run) |\n| N=16 | – | 5.000 (1 run) | – |\n" +
            "| N=64 | 2.000 (1 run) | – | 1.000 (1 run) |\n"), md);
    }

    @Test
    void shouldLeaveFailedRunsOutOfTheMedianAndMarkTheirCell() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, 50, 1, 30, 100, 640);
        run(sweep, "vcsp-prefetch", 50, 1, "off", metrics(5000, 1, 640), "timed out");
        run(sweep, 100, 1, 40, 90, 640);
        run(sweep, 50, 16, 8, 150, 40);
        run(sweep, "vcsp-prefetch", 100, 16, "off", Map.of(), "peer error");

        final String md = markdown(sweep);

        assertTrue(md.contains("| N=1 | 30.00 (1 run), 1 failed ⚠ | 40.00 (1 run) |"), md);
        assertTrue(md.contains("| N=16 | 8.000 (1 run) | –, 1 failed ⚠ |"), md);
        assertTrue(md.contains("5 runs (1 to 2 per point; 2 failed, left out)"), md);
        assertTrue(html(sweep).contains("<title>E=100 N=16: no successful run (1 failed)</title>"));
    }

    @Test
    void shouldLeaveDominatedPointsOffTheParetoFrontAndKeepPointsWithEqualMedians() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, 50, 1, 10, 100, 1);   // front: least downtime
        run(sweep, 100, 1, 20, 200, 1);  // front
        run(sweep, 50, 16, 20, 150, 1);  // dominated by E=100 N=1: same downtime, less throughput
        run(sweep, 100, 16, 30, 90, 1);  // dominated by all
        run(sweep, 50, 64, 20, 200, 1);  // front: equal to E=100 N=1 on both
        run(sweep, 100, 64, 25, 250, 1); // front: most throughput

        final TuningSurface.Surface s = TuningSurface.surfaces(RunsReport.load(sweep)).get(0);
        final List<String> front = TuningSurface.front(s.points()).stream().map(TuningSurface.Point::name).toList();

        assertEquals(List.of("E=50 N=1", "E=100 N=1", "E=50 N=64", "E=100 N=64"), front);
        final String md = markdown(sweep);
        assertTrue(md.contains("| point | downtime ms | downtime min..max (runs) | throughput MB/s | " +
            "throughput min..max (runs) |\n|---|---:|---:|---:|---:|\n" +
            "| E=50 N=1 | 10.00 | 10.00 (one run) | 100.0 | 100.0 (one run) |\n" +
            "| E=100 N=1 | 20.00 | 20.00 (one run) | 200.0 | 200.0 (one run) |\n" +
            "| E=50 N=64 | 20.00 | 20.00 (one run) | 200.0 | 200.0 (one run) |\n" +
            "| E=100 N=64 | 25.00 | 25.00 (one run) | 250.0 | 250.0 (one run) |\n"), "by downtime: " + md);
        assertTrue(md.contains("holds the best trade-offs: 4 of 6 points."), md);
        final String html = html(sweep);
        assertTrue(html.contains("font-weight=\"bold\" fill=\"#8b1a1a\">E=100 N=64</text>"), "the front labelled: " + html);
    }

    @Test
    void shouldTellTheBestPointFromNeighboursWhoseRangesDoNotOverlapOnly() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        for (final double d : new double[]{ 10, 11, 12 })
        {
            run(sweep, 100, 64, d, 300, 10);       // best downtime
            run(sweep, 50, 64, d + 10, 250, 10);   // 20..22: apart
            run(sweep, 100, 16, d + 1.5, 290, 40); // 11.5..13.5: overlaps
            run(sweep, 50, 16, d + 20, 200, 40);   // not a neighbour (diagonal)
        }

        final String md = markdown(sweep);

        assertTrue(md.contains("Lowest `downtimeMs` at E=100 N=64 (median 11.00 ms, 10.00..12.00 over 3 runs): " +
            "distinguishable from E=50 N=64; not distinguishable (ranges overlap) from E=100 N=16 (11.50..13.50)."), md);
        assertTrue(md.contains("Highest `workloadThroughputMBps` at E=100 N=64 (median 300.0 MB/s, 300.0..300.0 over 3 " +
            "runs): distinguishable from all 2 neighbours."), md);
        assertTrue(md.contains("| `downtimeMs` | best E=100 | E=100 N=16 | 11.50..13.50 (3) | E=100 N=64 | " +
            "10.00..12.00 (3) | no |"), "N=min against N=max at the best E: " + md);
        assertTrue(md.contains("| `downtimeMs` | best N=64 | E=100 N=64 | 10.00..12.00 (3) | E=50 N=64 | " +
            "20.00..22.00 (3) | yes |"), "E=max against E=min at the best N: " + md);
        assertTrue(md.contains("| `faults` | best E=50 | E=50 N=16 | 40..40 (3) | E=50 N=64 | 10..10 (3) | yes |"),
            "a tie goes to the first point row by row, N=64 before E=100: " + md);
    }

    @Test
    void shouldSayOneRepeatCannotTellWhenAPointRanOnce() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, 50, 1, 30, 100, 640);
        run(sweep, 100, 1, 40, 90, 640);
        run(sweep, 50, 16, 8, 150, 40);
        run(sweep, 100, 16, 9, 140, 40);

        final String md = markdown(sweep);

        assertTrue(md.contains("Lowest `downtimeMs` at E=50 N=16 (8.000 ms, one run): one repeat: cannot tell it from " +
            "its 2 neighbours."), md);
        assertTrue(md.contains("| `downtimeMs` | best E=50 | E=50 N=1 | 30.00 (one run) | E=50 N=16 | 8.000 (one run) | " +
            "one repeat: cannot tell |"), md);
    }

    @Test
    void shouldCompareTheBestPointOnlyWithNeighboursThatHaveARange() throws IOException
    {
        final TuningSurface.Spread twice = new TuningSurface.Spread(11, 10, 12, 2);

        assertEquals(TuningSurface.Verdict.YES, TuningSurface.distinguishable(twice,
            new TuningSurface.Spread(13, 12.5, 14, 2)));
        assertEquals(TuningSurface.Verdict.NO, TuningSurface.distinguishable(twice,
            new TuningSurface.Spread(13, 12, 14, 2)), "touching ranges share a value");
        assertEquals(TuningSurface.Verdict.ONE_REPEAT, TuningSurface.distinguishable(twice,
            new TuningSurface.Spread(50, 50, 50, 1)));
        assertEquals(TuningSurface.Verdict.NO_RUN, TuningSurface.distinguishable(twice,
            new TuningSurface.Spread(Double.NaN, Double.NaN, Double.NaN, 0)));
    }

    @Test
    void shouldDrawNoSurfaceForAScenarioWithOneNOrPointsOnlyOnADiagonal() throws IOException
    {
        final Path oneN = root.resolve("oneN");
        run(oneN, 25, 16, 30, 100, 40);
        run(oneN, 50, 16, 20, 110, 40);
        run(oneN, 100, 16, 10, 120, 40);
        final Path diagonal = root.resolve("diagonal");
        run(diagonal, "postcopy", 100, 1, "off", metrics(50, 100, 640), null);
        run(diagonal, "vcsp-prefetch", 50, 10, "off", metrics(40, 80, 64), null);

        assertTrue(TuningSurface.sections("oneN", RunsReport.load(oneN)).isEmpty());
        assertTrue(TuningSurface.sections("diagonal", RunsReport.load(diagonal)).isEmpty());
        assertFalse(Markdown.render(RunsReport.TITLE, RunsReport.sections(List.of(oneN))).contains("tuning surface"));
    }

    @Test
    void shouldGiveEachPushModeItsOwnSurfaceAndNameItInTheTitles() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        for (final String push : List.of("off", "on"))
        {
            for (final int e : new int[]{ 50, 100 })
            {
                for (final int n : new int[]{ 1, 16 })
                {
                    run(sweep, "vcsp-prefetch", e, n, push, metrics(e + n, 100, 640 / n), null);
                }
            }
        }

        final String md = Markdown.render(RunsReport.TITLE, RunsReport.sections(List.of(sweep)));

        for (final String push : List.of("off", "on"))
        {
            final String scenario = "vcsp-prefetch; 8 of 16 MiB, window, tcp, 1000 Mbit/s, push=" + push;
            assertTrue(md.contains("## E × N tuning surface in sweep: " + scenario + "\n"), md);
            assertTrue(md.contains("## Pareto front of downtime against throughput in sweep: " + scenario + "\n"), md);
            assertTrue(md.contains("## Best E × N point and its neighbours in sweep: " + scenario + "\n"), md);
        }
    }

    @Test
    void shouldPutThePostcopyAlgorithmsOnOneSurfaceAsPointsOfOneAlgorithm() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, "postcopy", 100, 1, "on", metrics(50, 100, 640), null);
        run(sweep, "postcopy-prefetch", 100, 10, "on", metrics(20, 130, 64), null);
        run(sweep, "vcsp", 50, 1, "on", metrics(60, 80, 640), null);
        run(sweep, "vcsp-prefetch", 50, 10, "on", metrics(25, 110, 64), null);
        run(sweep, "precopy", 100, 1, "on", metrics(5, 140, 0), null);

        final List<TuningSurface.Surface> surfaces = TuningSurface.surfaces(RunsReport.load(sweep));

        assertEquals(1, surfaces.size(), "precopy is not post-copy at some E and N");
        assertEquals("postcopy, postcopy-prefetch, vcsp, vcsp-prefetch; 8 of 16 MiB, window, tcp, 1000 Mbit/s, push=on",
            surfaces.get(0).scenario());
        assertEquals(4, surfaces.get(0).points().size());
        assertTrue(markdown(sweep).contains("The post-copy algorithms are one algorithm at different E and N"));
    }

    @Test
    void shouldDrawTheNewerMetricsWhereTheRunsHaveThemAndSayWhichAreMissing() throws IOException
    {
        final Path withStall = root.resolve("withStall");
        for (final int e : new int[]{ 50, 100 })
        {
            for (final int n : new int[]{ 1, 16 })
            {
                final Map<String, Double> m = metrics(e + n, 100 + n, 640 / n);
                m.put("stallMs", (double)(e - n));
                run(withStall, "vcsp-prefetch", e, n, "off", m, null);
            }
        }

        final String md = markdown(withStall);

        assertTrue(md.contains("(plot in index.html: Median stallMs by E and N:"), md);
        assertTrue(md.contains("Lowest `stallMs` at E=50 N=16 (34.00 ms, one run)"), md);
        assertFalse(md.contains("Median pagesByRequests"), md);
        assertTrue(md.contains("Not in these runs, so not drawn: `pagesByRequests`, `requestsInFlight`."), md);
    }

    @Test
    void shouldRenderTheSurfaceOfASmallGridExactlyAsTheGoldenFiles() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        // E = 50, 100 by N = 1, 16, 64, two repeats each but E=100 N=1, which ran once. Least downtime at E=50 N=64,
        // apart from E=50 N=16 and overlapping E=100 N=64; the front is E=50 N=64 and E=100 N=16.
        final double[][] downtime = { { 42, 40 }, { 27, 26 }, { 23, 24.5 } };
        final double[][] throughput = { { 200, 208 }, { 326, 360 }, { 341, 333 } };
        final int[] es = { 50, 100 };
        final int[] ns = { 1, 16, 64 };
        for (int row = 0; row < ns.length; row++)
        {
            for (int col = 0; col < es.length; col++)
            {
                for (int repeat = 0; repeat < (row == 0 && col == 1 ? 1 : 2); repeat++)
                {
                    final double spread = repeat == 0 ? -1.5 : 1.5;
                    run(sweep, es[col], ns[row], downtime[row][col] + spread, throughput[row][col] - 10 * spread,
                        640 / ns[row]);
                }
            }
        }

        Golden.assertMatches("runs-surface.md", markdown(sweep));
        Golden.assertMatches("runs-surface.html", html(sweep));
    }
}
