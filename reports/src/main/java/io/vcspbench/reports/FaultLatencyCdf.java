package io.vcspbench.reports;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fault-latency CDF section: every successful run's {@code fault-latency.hlog} (ns), grouped by
 * algorithm, link, bandwidth and pattern, the runs of a group merged within each label (workloads,
 * E, N and repeats alike), one chart per group with a line per label so two JVMs or machines read
 * off one plot, and under it the percentiles of each label's merged histogram. Stateless and
 * thread-safe.
 */
final class FaultLatencyCdf
{
    /** The section's title. */
    static final String TITLE = "Fault latency CDF";

    /** Most charts in the section; the groups with the most faults are drawn, the rest named. */
    static final int MAX_CHARTS = 12;

    /** The config keys that make a group, in the order its title names them. */
    static final List<String> GROUP_KEYS = List.of("algorithm", "link", "bandwidthMbit", "pattern");

    /** Points of a CDF line per decade of latency: fine enough for a smooth step, few enough for a small SVG. */
    static final int POINTS_PER_DECADE = 20;

    private static final double NS_PER_US = 1000.0;
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9 };

    /**
     * One group's merged histogram in one label.
     *
     * @param histogram the runs' histograms merged, ns.
     * @param runs      how many runs were merged.
     */
    private record Merged(Histogram histogram, int runs)
    {
    }

    /**
     * One chart: a setting of {@link #GROUP_KEYS} and its merged histogram per label.
     *
     * @param config  the group's config values, by key.
     * @param byLabel merged histograms by label, in label order.
     */
    private record Group(Map<String, String> config, Map<String, Merged> byLabel)
    {
        long faults()
        {
            return byLabel.values().stream().mapToLong(m -> m.histogram().getTotalCount()).sum();
        }

        String title()
        {
            return config.get("algorithm") + ", " + config.get("link") + ", " +
                Fmt.bandwidth(number(config.get("bandwidthMbit"))) + ", " + config.get("pattern");
        }
    }

    private FaultLatencyCdf()
    {
    }

    /**
     * @param runsByLabel each label's runs, in label order.
     * @return the section, or null when no successful run's hlog holds a fault.
     */
    static Section section(final Map<String, List<RunsReport.Run>> runsByLabel)
    {
        final List<Group> groups = groups(runsByLabel);
        if (groups.isEmpty())
        {
            return null;
        }
        final Section section = new Section(TITLE);
        section.text("Fault latency from each successful run's `" + RunFolders.HLOG_FILE + "` (HdrHistogram, ns, " +
            "from the moment the fault was raised), every interval merged: one chart per algorithm, link, bandwidth " +
            "and pattern, the runs of each label merged across workloads, E, N and repeats, one line per label. " +
            "x: latency in µs, log scale; y: fraction of the faults at or below x. Under each chart the percentiles " +
            "of each label's merged histogram. Runs without the log and groups without faults are left out.");
        final List<Group> byFaults = new ArrayList<>(groups);
        byFaults.sort(Comparator.comparingLong(Group::faults).reversed());
        final List<Group> leftOut = byFaults.subList(Math.min(MAX_CHARTS, byFaults.size()), byFaults.size());
        final Set<Group> notDrawn = Collections.newSetFromMap(new IdentityHashMap<>());
        notDrawn.addAll(leftOut);
        // Drawn in the groups' own order, so a reader finds an algorithm's charts together.
        for (final Group g : groups)
        {
            if (!notDrawn.contains(g))
            {
                chart(section, g);
            }
        }
        if (!leftOut.isEmpty())
        {
            final List<String> names = new ArrayList<>();
            leftOut.forEach(g -> names.add(g.title() + " (" + g.faults() + " faults)"));
            section.text("Not drawn (at most " + MAX_CHARTS + " charts, those with the most faults): " +
                String.join("; ", names) + ".");
        }
        return section;
    }

    /** @return the groups with at least one fault, sorted by algorithm, link, bandwidth, pattern. */
    private static List<Group> groups(final Map<String, List<RunsReport.Run>> runsByLabel)
    {
        final Map<String, Group> groups = new LinkedHashMap<>();
        for (final Map.Entry<String, List<RunsReport.Run>> label : runsByLabel.entrySet())
        {
            for (final RunsReport.Run r : label.getValue())
            {
                if (!r.succeeded() || r.faultLatencyNs() == null || r.faultLatencyNs().getTotalCount() == 0)
                {
                    continue;
                }
                final Map<String, String> config = new LinkedHashMap<>();
                GROUP_KEYS.forEach(k -> config.put(k, r.text(k)));
                final Group g = groups.computeIfAbsent(config.toString(), k -> new Group(config, new LinkedHashMap<>()));
                final Merged m = g.byLabel().get(label.getKey());
                final Histogram h = m == null ? new Histogram(3) : m.histogram();
                h.add(r.faultLatencyNs());
                g.byLabel().put(label.getKey(), new Merged(h, m == null ? 1 : m.runs() + 1));
            }
        }
        final List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.<Group, String>comparing(g -> g.config().get("algorithm"))
            .thenComparing(g -> g.config().get("link"))
            .thenComparingDouble(g -> number(g.config().get("bandwidthMbit")))
            .thenComparing(g -> g.config().get("pattern")));
        return sorted;
    }

    private static void chart(final Section section, final Group g)
    {
        final LineChart chart = new LineChart(TITLE, "fault latency, µs (log scale)", "fraction of faults ≤ x")
            .subtitle(g.title()).logX();
        final List<String> header = new ArrayList<>(List.of("label", "runs", "faults"));
        for (final double p : PERCENTILES)
        {
            header.add("p" + Fmt.tick(p) + " µs");
        }
        header.add("max µs");
        final Table table = new Table(header, 1);
        int lines = 0;
        final List<String> notDrawn = new ArrayList<>();
        for (final Map.Entry<String, Merged> e : g.byLabel().entrySet())
        {
            final Histogram h = e.getValue().histogram();
            if (lines++ < RunsReport.MAX_LINES)
            {
                final double[][] cdf = cdf(h);
                chart.addLine(e.getKey(), cdf[0], cdf[1]);
            }
            else
            {
                notDrawn.add(e.getKey());
            }
            final List<Table.Cell> row = table.addRow();
            row.add(Table.cell("`" + e.getKey() + "`"));
            row.add(Table.cell(Integer.toString(e.getValue().runs())));
            row.add(Table.cell(Long.toString(h.getTotalCount())));
            for (final double p : PERCENTILES)
            {
                row.add(Table.cell(Fmt.num(h.getValueAtPercentile(p) / NS_PER_US)));
            }
            row.add(Table.cell(Fmt.num(h.getMaxValue() / NS_PER_US)));
        }
        // The group's heading, its percentiles, then its curve: a heading after the chart would read as the next one's.
        section.table(g.title(), table).chart(chart);
        if (!notDrawn.isEmpty())
        {
            section.text("Not drawn (at most " + RunsReport.MAX_LINES + " lines): " + String.join(", ", notDrawn) + ".");
        }
    }

    /**
     * The CDF at {@link #POINTS_PER_DECADE} points per decade of µs, from the point below the fastest
     * fault (fraction 0) to the first at or above the slowest (fraction 1).
     *
     * @param h a histogram with at least one value, ns.
     * @return {x µs, fraction of values ≤ x}.
     */
    static double[][] cdf(final Histogram h)
    {
        final double total = h.getTotalCount();
        final double lowUs = Math.max(h.getMinNonZeroValue(), 1) / NS_PER_US;
        final double highUs = Math.max(h.getMaxValue(), 1) / NS_PER_US;
        final int first = (int)Math.floor(Math.log10(lowUs) * POINTS_PER_DECADE) - 1;
        final int last = (int)Math.ceil(Math.log10(highUs) * POINTS_PER_DECADE);
        final double[] x = new double[last - first + 1];
        final double[] y = new double[x.length];
        for (int k = first; k <= last; k++)
        {
            final double us = Math.pow(10, (double)k / POINTS_PER_DECADE);
            x[k - first] = us;
            y[k - first] = h.getCountBetweenValues(0, (long)(us * NS_PER_US)) / total;
        }
        return new double[][]{ x, y };
    }

    private static double number(final String value)
    {
        try
        {
            return Double.parseDouble(value);
        }
        catch (final NumberFormatException | NullPointerException e)
        {
            return Double.NaN;
        }
    }
}
