package io.vcspbench.reports;

import io.vcspbench.reports.RunsReport.Run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A result folder's pre-copy downtime against the dirty rate, from the pre-copy family's runs on the writer pattern. */
final class DirtyRateSection
{
    private DirtyRateSection()
    {
    }

    /**
     * One line of the downtime-against-dirty-rate chart: the successful runs of one pre-copy algorithm on
     * the writer pattern that share every setting but the dirty rate and the seed.
     *
     * @param name   legend text: the algorithm, then key=value for each other setting that varies among the lines.
     * @param points the runs at each dirty rate, Mbit/s, in increasing order of rate.
     */
    record DirtyRateLine(String name, TreeMap<Double, List<Run>> points)
    {
        /** @return a run of the line, for the settings its runs share. */
        Run any()
        {
            return points.firstEntry().getValue().get(0);
        }
    }

    /**
     * @param r a run.
     * @return whether it is a pre-copy family run on the writer pattern with a dirty rate, one the
     * downtime-against-dirty-rate chart would draw if it succeeded.
     */
    static boolean onWriter(final Run r)
    {
        // A run on a dirty schedule has no one rate to sit at (its dirtyRateMbit is 0).
        return Runs.PRECOPY_FAMILY.contains(r.algorithm()) && Runs.WRITER.equals(r.text("pattern")) &&
            Double.isFinite(r.number("dirtyRateMbit")) && r.text("dirtySchedule").isEmpty();
    }

    /**
     * @param sorted runs in report order.
     * @return the successful {@link #onWriter} runs as lines, in the order of their first run.
     */
    static List<DirtyRateLine> dirtyRateLines(final List<Run> sorted)
    {
        final List<String> notLine = List.of("dirtyRateMbit", "seed");
        final Map<String, TreeMap<Double, List<Run>>> lines = new LinkedHashMap<>();
        final List<Map<String, String>> configs = new ArrayList<>();
        for (final Run r : sorted)
        {
            if (onWriter(r) && r.succeeded())
            {
                configs.add(r.config());
                lines.computeIfAbsent(Runs.without(r.config(), notLine).toString(), k -> new TreeMap<>())
                    .computeIfAbsent(r.number("dirtyRateMbit"), k -> new ArrayList<>()).add(r);
            }
        }
        final Set<String> varying = Runs.varying(configs, Runs.concat(notLine, List.of("algorithm")));
        final List<DirtyRateLine> named = new ArrayList<>();
        for (final TreeMap<Double, List<Run>> line : lines.values())
        {
            final Run any = line.firstEntry().getValue().get(0);
            final StringBuilder name = new StringBuilder(any.algorithm());
            for (final String key : varying)
            {
                name.append(' ').append(key).append('=').append(any.text(key));
            }
            named.add(new DirtyRateLine(name.toString(), line));
        }
        return named;
    }

    /**
     * Pre-copy downtime against the dirty rate: successful runs of the pre-copy family on the
     * writer pattern, one line per algorithm (and per any other setting that varies among them),
     * the median over repeats at each dirty rate, with Jin et al.'s migration barrier p* marked.
     */
    static Section section(final String label, final List<Run> sorted)
    {
        final List<DirtyRateLine> lines = dirtyRateLines(sorted);
        if (lines.isEmpty())
        {
            return null;
        }
        final long failed = sorted.stream().filter(r -> onWriter(r) && !r.succeeded()).count();
        final Set<Double> bandwidths = new LinkedHashSet<>();
        final List<Double> downtimes = new ArrayList<>();
        for (final DirtyRateLine line : lines)
        {
            line.points().values().forEach(runs -> runs.forEach(r ->
            {
                bandwidths.add(r.number("bandwidthMbit"));
                downtimes.add(r.metric("downtimeMs"));
            }));
        }
        final LineChart chart = DowntimeChart.of("median", bandwidths.size() == 1 ? bandwidths.iterator().next() :
            Double.NaN, downtimes.stream().mapToDouble(Double::doubleValue).toArray());
        final Table table = new Table(List.of("line", "bandwidth Mbit/s", "dirty rate Mbit/s", "% of bandwidth", "runs",
            "downtime ms", "total migration time ms", "pre-copy rounds", "stop-copy pages"), 1);
        int drawn = 0;
        final List<String> leftOut = new ArrayList<>();
        for (final DirtyRateLine line : lines)
        {
            final double linkMbit = line.any().number("bandwidthMbit");
            final double[] x = new double[line.points().size()];
            final double[] y = new double[line.points().size()];
            int i = 0;
            for (final Map.Entry<Double, List<Run>> at : line.points().entrySet())
            {
                final List<Run> repeats = at.getValue();
                x[i] = at.getKey();
                y[i] = Runs.median(repeats, r -> r.metric("downtimeMs"));
                i++;
                final List<Table.Cell> row = table.addRow();
                row.addAll(List.of(Table.cell(line.name()), Table.cell(Fmt.whole(linkMbit)),
                    Table.cell(Fmt.whole(at.getKey())),
                    Table.cell(DowntimeChart.percentOfLink(at.getKey(), linkMbit)),
                    Table.cell(Integer.toString(repeats.size())), Table.cell(Fmt.num(y[i - 1])),
                    Table.cell(Fmt.num(Runs.median(repeats, r -> r.metric("totalMigrationTimeMs")))),
                    Table.cell(Fmt.whole(Runs.median(repeats, r -> r.metric("precopyRounds")))),
                    Table.cell(Fmt.whole(Runs.median(repeats, r -> r.metric("stopCopyPages"))))));
            }
            if (drawn++ < RunsReport.MAX_LINES)
            {
                chart.addLine(line.name(), x, y);
            }
            else
            {
                leftOut.add(line.name());
            }
        }
        final boolean marked = ModelSection.markBarriers(chart, lines);
        final Section section = new Section("Pre-copy downtime against dirty rate in " + label);
        section.text("Runs of " + String.join(", ", new TreeSet<>(Runs.PRECOPY_FAMILY)) + " on the `" + Runs.WRITER +
            "` pattern, which dirties guest memory at `dirtyRateMbit`: the median over repeats at each dirty rate of " +
            "downtime (the stop-and-copy pause), total migration time, pre-copy rounds and pages sent in stop-and-copy." +
            (marked ? " The dashed vertical line is the model's migration barrier p*, with plain precopy's measured " +
                "knee beside it (both in the model section)." : "") +
            (failed > 0 ? " Left out: " + failed + " failed " + (failed == 1 ? "run." : "runs.") : "") +
            (leftOut.isEmpty() ? "" : " Not drawn (at most " + RunsReport.MAX_LINES + " lines): " + String.join("; ", leftOut) + "."));
        return section.chart(chart).table(null, table);
    }
}
