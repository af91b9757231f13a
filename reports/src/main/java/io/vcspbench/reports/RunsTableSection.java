package io.vcspbench.reports;

import io.vcspbench.reports.RunsReport.Run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A result folder's first section: a row per run, and the VCSP paper's Table 3 layout from the
 * per-workload medians where {@code postcopy} ran beside another post-copy algorithm.
 */
final class RunsTableSection
{
    /** How ours in the Table 3 layout were computed. */
    static final String TABLE3_NOTE = "ours: per workload the median of each metric over the runs of that algorithm, " +
        "improvement = (postcopy − algorithm) / postcopy × 100 (throughputs the other way round), then the mean over " +
        "the workloads where both ran, or the best of them (up to); runs are compared only within their push block; " +
        "positive = better than postcopy. paper: the VCSP paper's Table 3, under the columns defined as the paper " +
        "defines its metrics: downtime = switchover + stalls, total time = to the last page's arrival, pages = what " +
        "the fault requests brought, throughput = link MB/s in 0.1 s samples. The (ours) columns: total time to the " +
        "last page present, every page received, workload throughput.";

    private RunsTableSection()
    {
    }

    /**
     * @param label  what the section is titled by.
     * @param source where the runs came from, as the text should say it.
     * @param sorted the folder's runs in report order.
     * @param table3 whether to add the Table 3 layout where it applies.
     * @return the section.
     */
    static Section section(final String label, final String source, final List<Run> sorted, final boolean table3)
    {
        final Section section = new Section("Runs in " + label)
            .text(sorted.size() + " runs from " + source + "; ⚠ marks a failed run or an integrity mismatch.")
            .table(null, runsTable(sorted));

        final List<PaperTable3.Medians> medians = medians(sorted);
        if (table3 && comparable(medians))
        {
            final Map<String, List<PaperTable3.Medians>> one = new LinkedHashMap<>();
            one.put("", medians);
            section.table("Table 3 layout: improvement over postcopy, %", table3(one));
            section.text(TABLE3_NOTE);
        }
        return section;
    }

    private static Table runsTable(final List<Run> sorted)
    {
        final Table table = new Table(List.of("run", "algorithm", "E", "N", "workload MiB", "memory MiB", "link",
            "downtime ms", "total ms", "pages", "faults", "p50 µs", "p99 µs", "throughput MB/s", "share %",
            "mismatches"), 7);
        for (final Run r : sorted)
        {
            final List<Table.Cell> row = table.addRow();
            row.add(Table.cell(r.folder()));
            row.add(Table.cell(r.algorithm()));
            for (final String key : List.of("throttlePercent", "prefetchPages", "workloadMiB", "memoryMiB"))
            {
                row.add(Table.cell(Double.isNaN(r.number(key)) ? "missing" : Long.toString(r.whole(key))));
            }
            row.add(Table.cell(r.text("link")));
            for (final String metric : List.of("downtimeMs", "totalMigrationTimeMs"))
            {
                row.add(Table.cell(Fmt.num(r.metric(metric))));
            }
            row.add(Table.cell(Fmt.whole(r.metric("pagesTransferred"))));
            row.add(Table.cell(Fmt.whole(r.metric("faults"))));
            for (final String metric : List.of("faultLatencyP50Us", "faultLatencyP99Us", "workloadThroughputMBps",
                "achievedCpuSharePercent"))
            {
                row.add(Table.cell(Fmt.num(r.metric(metric))));
            }
            row.add(r.mismatches() == RunsReport.MISSING ? Table.cell("missing", true) :
                Table.cell(Long.toString(r.mismatches()), r.mismatches() > 0 || !r.succeeded()));
        }
        return table;
    }

    /**
     * @param medians per algorithm and workload.
     * @return whether {@code postcopy} and another algorithm both have medians, so Table 3 says something.
     */
    static boolean comparable(final List<PaperTable3.Medians> medians)
    {
        return medians.stream().anyMatch(m -> m.algorithm().equals(PaperTable3.BASELINE)) &&
            medians.stream().anyMatch(m -> !m.algorithm().equals(PaperTable3.BASELINE));
    }

    /**
     * The Table 3 layout: per published algorithm the paper's row, then ours from each set of
     * medians, per push block, as the mean and the best workload.
     *
     * @param medians sets of medians by label; with one set labelled "" the rows say just "ours".
     * @return the table.
     */
    static Table table3(final Map<String, List<PaperTable3.Medians>> medians)
    {
        final Table t = new Table(PaperTable3.header(), 2);
        for (final List<String> row : PaperTable3.rows(medians))
        {
            final List<Table.Cell> cells = t.addRow();
            row.forEach(v -> cells.add(Table.cell(v)));
        }
        return t;
    }

    /**
     * @param runs runs in any order; failed ones are left out.
     * @return the median of each Table 3 metric per push block, algorithm and workload, in the runs' order.
     */
    static List<PaperTable3.Medians> medians(final List<Run> runs)
    {
        final Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (final Run r : Runs.sorted(runs))
        {
            if (r.succeeded())
            {
                groups.computeIfAbsent(Runs.pushBlock(r) + "\u0000" + r.algorithm() + "\u0000" + r.whole("workloadMiB"),
                    k -> new ArrayList<>()).add(r);
            }
        }
        final List<PaperTable3.Medians> medians = new ArrayList<>();
        for (final List<Run> g : groups.values())
        {
            final Map<String, Double> values = new LinkedHashMap<>();
            for (final String metric : PaperTable3.METRICS)
            {
                values.put(metric, Runs.median(g, r -> r.metric(metric)));
            }
            medians.add(new PaperTable3.Medians(g.get(0).algorithm(), Runs.pushBlock(g.get(0)),
                g.get(0).whole("workloadMiB") + " MiB", values));
        }
        return medians;
    }
}
