package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The bench report's throttler accuracy: {@code ThrottlerAccuracyBenchmark}'s achieved CPU share against E, per label. */
final class ThrottlerAccuracySection
{
    static final String ACCURACY = "ThrottlerAccuracyBenchmark";

    /** An achieved share further than this from E gets a warning mark, percentage points. */
    static final double SHARE_TOLERANCE_POINTS = 2.0;

    private ThrottlerAccuracySection()
    {
    }

    static Section section(final List<ResultSet> sets)
    {
        final Section section = new Section("Throttler accuracy");
        final Set<Integer> throttles = new java.util.TreeSet<>();
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (r.className().equals(ACCURACY))
                {
                    throttles.add(throttle(r));
                }
            }
        }
        if (throttles.isEmpty())
        {
            return section.text("No throttler accuracy results.");
        }
        section.text("`" + ACCURACY + "`: a vCPU-like loop (one 4 KiB page of dependent work, then a checkpoint) " +
            "throttled to E on the real clock, 10 ms period. achieved = run / (run + slept) over each measured " +
            "iteration, mean over the iterations; error = achieved − E, percentage points, " + Table.WARN +
            " beyond ±" + Fmt.whole(SHARE_TOLERANCE_POINTS) + "; µs per unit: time per unit of work, sleeps included.");
        final List<String> header = new ArrayList<>(List.of("E %"));
        for (final String column : List.of("achieved %", "error points", "µs per unit"))
        {
            for (final ResultSet s : sets)
            {
                header.add(column + (sets.size() > 1 ? " `" + s.label() + "`" : ""));
            }
        }
        final Table t = new Table(header, 0);
        final LineChart chart = new LineChart("Achieved CPU share against E", "E, %", "achieved share, %");
        final double[] es = throttles.stream().mapToDouble(Integer::doubleValue).toArray();
        chart.addReference("achieved = E", es, es);
        final Map<String, double[]> achieved = new LinkedHashMap<>();
        sets.forEach(s -> achieved.put(s.label(), new double[es.length]));
        int row = 0;
        for (final int e : throttles)
        {
            final List<Table.Cell> cells = t.addRow();
            cells.add(Table.cell(Integer.toString(e)));
            final List<Table.Cell> errors = new ArrayList<>();
            final List<Table.Cell> times = new ArrayList<>();
            for (final ResultSet s : sets)
            {
                final JmhResult r = s.results().stream()
                    .filter(x -> x.className().equals(ACCURACY) && throttle(x) == e).findFirst().orElse(null);
                final double share = r == null ? Double.NaN : r.secondaryValue("achievedSharePercent");
                final double error = share - e;
                cells.add(Table.cell(Fmt.num(share)));
                errors.add(Table.cell(points(error), Math.abs(error) > SHARE_TOLERANCE_POINTS));
                times.add(Table.cell(r == null ? Fmt.NONE : Fmt.scoreError(r.score(), r.scoreError())));
                achieved.get(s.label())[row] = share;
            }
            cells.addAll(errors);
            cells.addAll(times);
            row++;
        }
        achieved.forEach((label, ys) -> chart.addLine(sets.size() > 1 ? label : "achieved", es, ys));
        return section.table(null, t).chart(chart);
    }

    /** @return a signed difference in percentage points, two decimals; "-0.00" would claim a direction it lacks. */
    private static String points(final double v)
    {
        if (Double.isNaN(v))
        {
            return Fmt.NONE;
        }
        final String s = String.format(Locale.ROOT, "%+.2f", v);
        return "-0.00".equals(s) ? "+0.00" : s;
    }

    private static int throttle(final JmhResult r)
    {
        try
        {
            return Integer.parseInt(r.params().getOrDefault("throttlePercent", "-1"));
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }
}
