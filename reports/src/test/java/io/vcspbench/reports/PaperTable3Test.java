package io.vcspbench.reports;

import io.vcspbench.reports.PaperTable3.Medians;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table 3 from known medians: every figure below is worked out by hand from the inputs, so the
 * expected rows are the golden rendering.
 */
class PaperTable3Test
{
    private static final List<Medians> MEDIANS = List.of(
        new Medians("postcopy", "8 MiB", 100, 1000, 2000, 50),
        new Medians("vcsp", "8 MiB", 120, 1100, 2000, 40),
        new Medians("vcsp-prefetch", "8 MiB", 90, 700, 1000, 60),
        new Medians("postcopy", "16 MiB", 200, 2000, 4000, 100),
        new Medians("vcsp-prefetch", "16 MiB", 170, 1500, 4000, 110));

    @Test
    void shouldRenderPaperAndOurRowsWithTheMeanOfPerWorkloadImprovements()
    {
        final List<String> lines = List.of(PaperTable3.render(MEDIANS).split("\n"));

        assertEquals(List.of(
            "## Table 3: improvement over postcopy, %",
            "",
            "| algorithm | source | downtime | total migration time | pages transferred | workload throughput |",
            "|---|---|---:|---:|---:|---:|",
            "| postcopy-prefetch | paper | -2 | 23 | 41 | 4 |",
            "| postcopy-prefetch | ours | \u2013 | \u2013 | \u2013 | \u2013 |",
            "| vcsp | paper | -16 | -17 | -65 | 10 |",
            "| vcsp | ours | -20.00 | -10.00 | 0.00 | -20.00 |",
            "| vcsp-prefetch | paper | 8.17 | 30.33 | 54.49 | 23.65 |",
            "| vcsp-prefetch | ours | 12.50 | 27.50 | 25.00 | 15.00 |",
            ""), lines.subList(0, 11));
    }

    @Test
    void shouldSayInTheCaptionHowOurFiguresWereAggregated()
    {
        final String markdown = PaperTable3.render(MEDIANS);

        assertTrue(markdown.contains("for each workload (8 MiB, 16 MiB) the median over the sweep's repeats"), markdown);
        assertTrue(markdown.contains("unweighted mean of those per-workload improvements"), markdown);
    }

    @Test
    void shouldListTheMediansBehindTheFigures()
    {
        final String markdown = PaperTable3.render(MEDIANS);

        assertTrue(markdown.contains("| 16 MiB | vcsp-prefetch | 170.0 | 1500 | 4000 | 110.0 |"), markdown);
    }

    @Test
    void shouldCountAsBetterLessTimeAndMoreThroughput()
    {
        assertEquals(25.0, PaperTable3.improvementPercent(200, 150, false));
        assertEquals(-25.0, PaperTable3.improvementPercent(200, 250, false));
        assertEquals(25.0, PaperTable3.improvementPercent(200, 250, true));
        assertTrue(Double.isNaN(PaperTable3.improvementPercent(0, 10, false)), "no baseline, no ratio");
    }

    @Test
    void shouldAverageOnlyOverWorkloadsWhereBothRan()
    {
        final PaperTable3.Improvement vcsp = PaperTable3.improvement(MEDIANS, "vcsp");

        assertArrayEquals(new int[]{ 1, 1, 1, 1 }, vcsp.workloads());
        assertArrayEquals(new double[]{ -20, -10, 0, -20 }, vcsp.percent(), 1e-9);
    }

    @Test
    void shouldAddOurRowForAnAlgorithmThePaperDoesNotHave()
    {
        final List<Medians> medians = List.of(
            new Medians("postcopy", "8 MiB", 100, 1000, 2000, 50),
            new Medians("hybrid-k", "8 MiB", 50, 500, 3000, 50));

        assertTrue(PaperTable3.render(medians).contains("| hybrid-k | ours | 50.00 | 50.00 | -50.00 | 0.00 |"));
    }
}
