package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bench report's migrations: {@code MigrationBenchmark}'s figures per parameter point, a column per label and metric. */
final class MigrationsSection
{
    static final String MIGRATION = "MigrationBenchmark";
    private static final List<String> MIGRATION_METRICS = List.of("downtimeMs", "totalMigrationTimeMs",
        "pagesTransferred", "faults", "workloadThroughputMBps", "faultLatencyP50Us", "faultLatencyP99Us");

    private MigrationsSection()
    {
    }

    static Section section(final List<ResultSet> sets)
    {
        final Section section = new Section("Migrations");
        final List<String> keys = new ArrayList<>();
        final Map<String, JmhResult> first = new LinkedHashMap<>();
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (r.className().equals(MIGRATION) && !first.containsKey(r.key()))
                {
                    keys.add(r.key());
                    first.put(r.key(), r);
                }
            }
        }
        if (keys.isEmpty())
        {
            return section.text("No migration results.");
        }
        section.text("One whole migration per iteration (`" + MIGRATION + "`, single-shot); every figure is the " +
            "mean per migration over the measured iterations. Score: wall time of the run, ms.");
        final List<String> header = new ArrayList<>(List.of("params"));
        for (final String metric : concat(List.of("score ms"), MIGRATION_METRICS))
        {
            for (final ResultSet s : sets)
            {
                header.add(metric + (sets.size() > 1 ? " `" + s.label() + "`" : ""));
            }
        }
        final Table t = new Table(header, 1);
        final List<String> series = new ArrayList<>();
        for (final ResultSet s : sets)
        {
            final String l = sets.size() > 1 ? " " + s.label() : "";
            series.add("downtime" + l);
            series.add("total migration time" + l);
        }
        final BarChart chart = new BarChart("Downtime and total migration time", "ms", false, series);
        for (final String k : keys)
        {
            final JmhResult any = first.get(k);
            final List<Table.Cell> row = t.addRow();
            row.add(Table.cell(migrationParams(any)));
            for (final String metric : concat(List.of("score ms"), MIGRATION_METRICS))
            {
                for (final ResultSet s : sets)
                {
                    final JmhResult r = BenchResults.byKey(s, k);
                    row.add(Table.cell(r == null ? Fmt.NONE : metric.equals("score ms") ?
                        Fmt.scoreError(r.score(), r.scoreError()) : Fmt.num(r.secondaryValue(metric))));
                }
            }
            final double[] bars = new double[series.size()];
            int b = 0;
            for (final ResultSet s : sets)
            {
                final JmhResult r = BenchResults.byKey(s, k);
                bars[b++] = r == null ? Double.NaN : r.secondaryValue("downtimeMs");
                bars[b++] = r == null ? Double.NaN : r.secondaryValue("totalMigrationTimeMs");
            }
            chart.addGroup(migrationParams(any), bars);
        }
        return section.table(null, t).chart(chart);
    }

    private static String migrationParams(final JmhResult r)
    {
        final Map<String, String> p = r.params();
        final StringBuilder sb = new StringBuilder(p.getOrDefault("algorithm", "?"));
        sb.append(" E=").append(p.getOrDefault("throttlePercent", "?"));
        sb.append(" N=").append(p.getOrDefault("prefetchPages", "?"));
        for (final Map.Entry<String, String> e : p.entrySet())
        {
            if (!List.of("algorithm", "throttlePercent", "prefetchPages").contains(e.getKey()))
            {
                sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    private static List<String> concat(final List<String> a, final List<String> b)
    {
        final List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}
