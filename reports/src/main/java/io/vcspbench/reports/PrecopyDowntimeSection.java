package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bench report's pre-copy downtime against dirty rate, from {@code MigrationBenchmark} on the writer
 * pattern; absent when no result ran it.
 */
final class PrecopyDowntimeSection
{
    /** The pre-copy table's metrics, each beside its column title. */
    private static final List<String> PRECOPY_METRICS = List.of("downtimeMs", "totalMigrationTimeMs", "precopyRounds",
        "stopCopyPages", "workloadThroughputMBps", "achievedCpuSharePercent");
    private static final List<String> PRECOPY_COLUMNS = List.of("downtime ms", "total migration time ms", "rounds",
        "stop-and-copy pages", "workload MB/s", "CPU share %");
    /** Counts, shown without decimals when their mean is whole. */
    private static final Set<String> PRECOPY_COUNTS = Set.of("precopyRounds", "stopCopyPages");
    /**
     * Params that place a pre-copy result within its group: a line (algorithm, and E or N should they
     * vary) and a point on it (dirty rate); the pattern is always the writer. Every other param
     * (workload, memory, link, bandwidth, maxRounds) makes the group.
     */
    private static final List<String> PRECOPY_POINT_KEYS = List.of("algorithm", "throttlePercent", "prefetchPages",
        "dirtyRateMbit", "pattern");

    private PrecopyDowntimeSection()
    {
    }

    /**
     * Pre-copy downtime against dirty rate from {@code MigrationBenchmark} on the writer pattern: the
     * results grouped by every setting but the line's and the point's, one chart (a line per algorithm
     * and label) and one table (a row per algorithm and dirty rate, columns per label) per group.
     *
     * @return the section, or null when no result ran the writer pattern.
     */
    static Section section(final List<ResultSet> sets)
    {
        final Map<String, List<PrecopyPoint>> groups = new LinkedHashMap<>();
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (BenchResults.shortName(r).equals(MigrationsSection.MIGRATION + ".migrate") && Runs.WRITER.equals(r.params().get("pattern")) &&
                    Double.isFinite(BenchResults.number(r.params().get("dirtyRateMbit"))))
                {
                    groups.computeIfAbsent(precopyGroup(r.params()).toString(), k -> new ArrayList<>())
                        .add(new PrecopyPoint(s.label(), r));
                }
            }
        }
        if (groups.isEmpty())
        {
            return null;
        }
        final Section section = new Section("Pre-copy: downtime against dirty rate");
        section.text("`" + MigrationsSection.MIGRATION + "` on the `" + Runs.WRITER + "` pattern, which dirties guest memory at " +
            "`dirtyRateMbit`: one chart and table per setting of the other parameters (workload, memory, link, " +
            "bandwidth, maxRounds), one line per algorithm" + (sets.size() > 1 ? " and label, the label named in the " +
            "title when only one ran those settings" : "") + ". Every " +
            "figure is the mean per migration over the measured iterations: downtime (the stop-and-copy pause), " +
            "total migration time, pre-copy rounds, pages sent in stop-and-copy, workload throughput and the " +
            "vCPU's achieved CPU share.");
        for (final List<PrecopyPoint> group : groups.values())
        {
            precopyGroup(sets, section, group);
        }
        return section;
    }

    private static void precopyGroup(final List<ResultSet> sets, final Section section, final List<PrecopyPoint> group)
    {
        final Map<String, String> params = group.get(0).result().params();
        final Set<String> labels = new LinkedHashSet<>();
        group.forEach(p -> labels.add(p.label()));
        // Several labels in the group: a column and a line each; one: the title names it, if the report has more.
        final boolean perLabel = labels.size() > 1;
        final List<String> varying = new ArrayList<>();
        for (final String key : List.of("throttlePercent", "prefetchPages"))
        {
            if (group.stream().map(p -> p.result().params().getOrDefault(key, "")).distinct().count() > 1)
            {
                varying.add(key);
            }
        }
        final Map<String, TreeMap<Double, Map<String, JmhResult>>> lines = new LinkedHashMap<>();
        for (final PrecopyPoint p : group)
        {
            final Map<String, String> pp = p.result().params();
            final StringBuilder line = new StringBuilder(pp.getOrDefault("algorithm", "?"));
            varying.forEach(k -> line.append(k.equals("throttlePercent") ? " E=" : " N=").append(pp.getOrDefault(k, "?")));
            lines.computeIfAbsent(line.toString(), k -> new TreeMap<>())
                .computeIfAbsent(BenchResults.number(pp.get("dirtyRateMbit")), k -> new LinkedHashMap<>())
                .putIfAbsent(p.label(), p.result());
        }

        final String title = precopySettings(params) + (!perLabel && sets.size() > 1 ? ", in " + labels.iterator().next() : "");
        final double bandwidth = BenchResults.number(params.get("bandwidthMbit"));
        final LineChart chart = DowntimeChart.of("mean per migration", bandwidth,
            group.stream().mapToDouble(p -> p.result().secondaryValue("downtimeMs")).toArray()).subtitle(title);
        final List<String> header = new ArrayList<>(List.of("algorithm", "dirty rate Mbit/s", "% of link"));
        for (final String column : PRECOPY_COLUMNS)
        {
            labels.forEach(l -> header.add(column + (perLabel ? " `" + l + "`" : "")));
        }
        final Table table = new Table(header, 1);
        int drawn = 0;
        final List<String> leftOut = new ArrayList<>();
        for (final Map.Entry<String, TreeMap<Double, Map<String, JmhResult>>> line : lines.entrySet())
        {
            final double[] x = line.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            for (final String label : labels)
            {
                if (line.getValue().values().stream().noneMatch(byLabel -> byLabel.containsKey(label)))
                {
                    continue;
                }
                final double[] y = new double[x.length];
                int i = 0;
                for (final Map<String, JmhResult> byLabel : line.getValue().values())
                {
                    final JmhResult r = byLabel.get(label);
                    y[i++] = r == null ? Double.NaN : r.secondaryValue("downtimeMs");
                }
                final String name = line.getKey() + (perLabel ? " " + label : "");
                if (drawn++ < RunsReport.MAX_LINES)
                {
                    chart.addLine(name, x, y);
                }
                else
                {
                    leftOut.add(name);
                }
            }
            for (final Map.Entry<Double, Map<String, JmhResult>> at : line.getValue().entrySet())
            {
                final List<Table.Cell> row = table.addRow();
                row.add(Table.cell(line.getKey()));
                row.add(Table.cell(Fmt.whole(at.getKey())));
                row.add(Table.cell(DowntimeChart.percentOfLink(at.getKey(), bandwidth)));
                for (final String metric : PRECOPY_METRICS)
                {
                    for (final String label : labels)
                    {
                        final JmhResult r = at.getValue().get(label);
                        final double mean = r == null ? Double.NaN : r.secondaryValue(metric);
                        row.add(Table.cell(PRECOPY_COUNTS.contains(metric) ? Fmt.whole(mean) : Fmt.num(mean)));
                    }
                }
            }
        }
        section.chart(chart);
        if (!leftOut.isEmpty())
        {
            section.text("Not drawn (at most " + RunsReport.MAX_LINES + " lines): " + String.join("; ", leftOut) + ".");
        }
        section.table(title, table);
    }

    /** @return the params that make a pre-copy result's group: all but {@link #PRECOPY_POINT_KEYS}, in order. */
    private static Map<String, String> precopyGroup(final Map<String, String> params)
    {
        final Map<String, String> group = new LinkedHashMap<>(params);
        PRECOPY_POINT_KEYS.forEach(group::remove);
        return group;
    }

    /** @return a pre-copy group's settings, e.g. "8 of 8 MiB, ipc, 200 Mbit/s, maxRounds=30", then any others. */
    private static String precopySettings(final Map<String, String> params)
    {
        final double bandwidth = BenchResults.number(params.get("bandwidthMbit"));
        final StringBuilder sb = new StringBuilder();
        sb.append(params.getOrDefault("workloadMiB", "?")).append(" of ").append(params.getOrDefault("memoryMiB", "?"))
            .append(" MiB, ").append(params.getOrDefault("link", "?")).append(", ")
            .append(Fmt.bandwidth(bandwidth))
            .append(", maxRounds=").append(params.getOrDefault("maxRounds", "?"));
        for (final Map.Entry<String, String> e : precopyGroup(params).entrySet())
        {
            if (!List.of("workloadMiB", "memoryMiB", "link", "bandwidthMbit", "maxRounds").contains(e.getKey()))
            {
                sb.append(", ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    /** A pre-copy result and the label of its set. @param label the set's label. @param result the result. */
    private record PrecopyPoint(String label, JmhResult result)
    {
    }
}
