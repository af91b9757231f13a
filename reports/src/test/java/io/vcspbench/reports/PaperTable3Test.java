package io.vcspbench.reports;

import io.vcspbench.reports.PaperTable3.Medians;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        medians("postcopy", "push off", "8 MiB", 100, 1000, 2000, 50),
        medians("vcsp", "push off", "8 MiB", 120, 1100, 2000, 40),
        medians("vcsp-prefetch", "push off", "8 MiB", 90, 700, 1000, 60),
        medians("postcopy", "push off", "16 MiB", 200, 2000, 4000, 100),
        medians("vcsp-prefetch", "push off", "16 MiB", 170, 1500, 4000, 110));

    /**
     * Medians where the paper's and our definitions differ by a known factor: the paper's total
     * time is 90 % of ours, its pages half of ours, its throughput twice ours.
     */
    private static Medians medians(final String algorithm, final String block, final String workload,
        final double downtimeMs, final double totalMs, final double pages, final double throughput)
    {
        final Map<String, Double> v = new LinkedHashMap<>();
        v.put("downtimeMs", downtimeMs);
        v.put("lastPageMs", totalMs * 0.9);
        v.put("pagesByRequests", pages / 2);
        v.put("linkThroughputSampledMBps", throughput * 2);
        v.put("totalMigrationTimeMs", totalMs);
        v.put("pagesTransferred", pages);
        v.put("workloadThroughputMBps", throughput);
        return new Medians(algorithm, block, workload, v);
    }

    @Test
    void shouldRenderThePaperRowThenOurMeanAndBestWorkloadPerBlock()
    {
        final List<String> lines = List.of(PaperTable3.render(MEDIANS).split("\n"));

        assertEquals(List.of(
            "## Table 3: improvement over postcopy, %",
            "",
            "| algorithm | source | downtime | total time (paper) | pages (paper) | throughput (paper) | " +
                "total time (ours) | pages (ours) | throughput (ours) |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
            "| postcopy-prefetch | paper | -2 | 23 | 41 | 4 | \u2013 | \u2013 | \u2013 |",
            "| postcopy-prefetch | ours, push off, mean | \u2013 | \u2013 | \u2013 | \u2013 | \u2013 | \u2013 | \u2013 |",
            "| postcopy-prefetch | ours, push off, up to | \u2013 | \u2013 | \u2013 | \u2013 | \u2013 | \u2013 | \u2013 |",
            "| vcsp | paper | -16 | -17 | -65 | 10 | \u2013 | \u2013 | \u2013 |",
            "| vcsp | ours, push off, mean | -20.00 | -10.00 | 0.00 | -20.00 | -10.00 | 0.00 | -20.00 |",
            "| vcsp | ours, push off, up to | -20.00 | -10.00 | 0.00 | -20.00 | -10.00 | 0.00 | -20.00 |",
            "| vcsp-prefetch | paper | 8.17 | 30.33 | 54.49 | 23.65 | \u2013 | \u2013 | \u2013 |",
            // 8 MiB: downtime 10 %, time 30 %, pages 50 %, throughput 20 %; 16 MiB: 15, 25, 0, 10.
            "| vcsp-prefetch | ours, push off, mean | 12.50 | 27.50 | 25.00 | 15.00 | 27.50 | 25.00 | 15.00 |",
            "| vcsp-prefetch | ours, push off, up to | 15.00 | 30.00 | 50.00 | 20.00 | 30.00 | 50.00 | 20.00 |",
            ""), lines.subList(0, 14));
    }

    @Test
    void shouldCompareAlgorithmsOnlyWithinTheirPushBlock()
    {
        final List<Medians> medians = List.of(
            medians("postcopy", "push off", "8 MiB", 100, 1000, 2000, 50),
            medians("vcsp", "push off", "8 MiB", 50, 1000, 2000, 50),
            medians("postcopy", "push on", "8 MiB", 10, 100, 200, 50),
            medians("vcsp", "push on", "8 MiB", 20, 100, 200, 50));

        final String markdown = PaperTable3.render(medians);

        assertTrue(markdown.contains("| vcsp | ours, push off, mean | 50.00 |"), markdown);
        assertTrue(markdown.contains("| vcsp | ours, push on, mean | -100.00 |"), markdown);
    }

    @Test
    void shouldGiveNoPagesFigureWherePostcopyMovedAHandfulThatWay()
    {
        // Push on: postcopy's requests brought 2 pages (its 4 payloads, halved by medians()), vcsp's 200.
        final List<Medians> medians = List.of(
            medians("postcopy", "push on", "8 MiB", 10, 100, 4, 50),
            medians("vcsp", "push on", "8 MiB", 20, 100, 400, 50));

        final String markdown = PaperTable3.render(medians);

        assertTrue(markdown.contains("| vcsp | ours, push on, mean | -100.00 | 0.00 | \u2013 | 0.00 | 0.00 | \u2013 | 0.00 |"),
            markdown);
        assertTrue(markdown.contains("fewer than 100 pages"), markdown);
    }

    @Test
    void shouldSayInTheCaptionHowOurFiguresWereAggregatedAndDefined()
    {
        final String markdown = PaperTable3.render(MEDIANS);

        assertTrue(markdown.contains("for each workload (8 MiB, 16 MiB) the median over the repeats"), markdown);
        assertTrue(markdown.contains("unweighted *mean* or the best workload (*up to*"), markdown);
        assertTrue(markdown.contains("*pages (paper)* (`pagesByRequests`)"), markdown);
    }

    @Test
    void shouldListTheMediansBehindTheFigures()
    {
        final String markdown = PaperTable3.render(MEDIANS);

        assertTrue(markdown.contains("| push off | 16 MiB | vcsp-prefetch | 170.0 | 1350 | 2000 | 220.0 | 1500 | 4000 | " +
            "110.0 |"), markdown);
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
    void shouldAggregateOnlyOverWorkloadsWhereBothRan()
    {
        final PaperTable3.Improvement vcsp = PaperTable3.improvement(MEDIANS, "vcsp");

        assertArrayEquals(new int[]{ 1, 1, 1, 1, 1, 1, 1 }, vcsp.workloads());
        assertArrayEquals(new double[]{ -20, -10, 0, -20, -10, 0, -20 }, vcsp.mean(), 1e-9);
        assertArrayEquals(vcsp.mean(), vcsp.best(), 1e-9);
    }

    @Test
    void shouldLeaveAColumnBlankWhereTheRunsDidNotReportItsMetric()
    {
        final Map<String, Double> old = Map.of("downtimeMs", 100.0, "totalMigrationTimeMs", 1000.0);
        final Map<String, Double> newer = Map.of("downtimeMs", 50.0, "totalMigrationTimeMs", 500.0);
        final List<Medians> medians = List.of(
            new Medians("postcopy", "push on", "8 MiB", old),
            new Medians("hybrid-k", "push on", "8 MiB", newer));

        assertTrue(PaperTable3.render(medians).contains(
            "| hybrid-k | ours, push on, mean | 50.00 | \u2013 | \u2013 | \u2013 | 50.00 | \u2013 | \u2013 |"));
    }
}
