package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fault-latency result at one parameter point beside its plain baseline from the same result set:
 * what the fault sections of {@link BenchReport} divide. Either side may be missing (null), and then
 * every figure of it is NaN. Immutable.
 *
 * @param fault the fault benchmark's result, or null.
 * @param plain the plain baseline's result, or null.
 */
record FaultPair(JmhResult fault, JmhResult plain)
{
    /** The bar chart's series for each label, in {@link #bars(List)} order. */
    private static final List<String> SERIES = List.of("fault p50", "fault p99", "plain p50", "plain p99");

    /**
     * @param sets      the result sets.
     * @param faultName the fault benchmark as {@code Class.method}.
     * @return the parameters of its results, each point once, in first-seen order.
     */
    static List<Map<String, String>> points(final List<ResultSet> sets, final String faultName)
    {
        final Map<String, Map<String, String>> points = new LinkedHashMap<>();
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (BenchResults.shortName(r).equals(faultName))
                {
                    points.putIfAbsent(r.paramsText(), r.params());
                }
            }
        }
        return new ArrayList<>(points.values());
    }

    /**
     * @param points the points' parameters.
     * @param known  the parameters that already have a column.
     * @return the other parameters whose value differs between points, in first-seen order.
     */
    static List<String> varyingOthers(final List<Map<String, String>> points, final List<String> known)
    {
        final Set<String> keys = new LinkedHashSet<>();
        points.forEach(p -> keys.addAll(p.keySet()));
        known.forEach(keys::remove);
        keys.removeIf(k -> points.stream().map(p -> p.getOrDefault(k, "")).distinct().count() < 2);
        return new ArrayList<>(keys);
    }

    /**
     * @param s         a result set.
     * @param faultName the fault benchmark as {@code Class.method}.
     * @param plainName the plain baseline as {@code Class.method}.
     * @param params    the point.
     * @return the fault result at exactly those parameters and the plain one that matches them on every
     * parameter the plain benchmark has.
     */
    static FaultPair of(final ResultSet s, final String faultName, final String plainName, final Map<String, String> params)
    {
        JmhResult fault = null;
        for (final JmhResult r : s.results())
        {
            if (BenchResults.shortName(r).equals(faultName) && r.params().equals(params))
            {
                fault = r;
                break;
            }
        }
        return new FaultPair(fault, find(s, plainName, params));
    }

    /** The plain result matching a fault point: same value for every parameter the plain benchmark has. */
    private static JmhResult find(final ResultSet s, final String name, final Map<String, String> params)
    {
        for (final JmhResult r : s.results())
        {
            if (BenchResults.shortName(r).equals(name) && r.params().entrySet().stream()
                .allMatch(e -> e.getValue().equals(params.getOrDefault(e.getKey(), e.getValue()))))
            {
                return r;
            }
        }
        return null;
    }

    /**
     * @param percentile e.g. 50 or 99.
     * @return the fault side's percentile, µs, NaN when missing.
     */
    double faultAt(final double percentile)
    {
        return fault == null ? Double.NaN : fault.percentile(percentile);
    }

    /**
     * @param percentile e.g. 50 or 99.
     * @return the plain side's percentile, µs, NaN when missing.
     */
    double plainAt(final double percentile)
    {
        return plain == null ? Double.NaN : plain.percentile(percentile);
    }

    /**
     * @param percentile e.g. 50 or 99.
     * @return fault / plain at that percentile, NaN when either is missing.
     */
    double ratioAt(final double percentile)
    {
        return faultAt(percentile) / plainAt(percentile);
    }

    /**
     * @param percentile e.g. 50 or 99.
     * @return "fault / plain" at that percentile, µs.
     */
    String cellAt(final double percentile)
    {
        return Fmt.num(faultAt(percentile)) + " / " + Fmt.num(plainAt(percentile));
    }

    /** @return the fault side's mean (the sample-time score), µs, NaN when missing. */
    double faultMean()
    {
        return fault == null ? Double.NaN : fault.score();
    }

    /** @return the plain side's mean, µs, NaN when missing. */
    double plainMean()
    {
        return plain == null ? Double.NaN : plain.score();
    }

    /**
     * @param metric a secondary metric, e.g. {@code pushMBps}.
     * @return the fault side's value ({@link JmhResult#secondaryValue}), NaN when missing.
     */
    double faultSecondary(final String metric)
    {
        return fault == null ? Double.NaN : fault.secondaryValue(metric);
    }

    /**
     * @param metric a secondary metric, e.g. {@code streamMBps}.
     * @return the plain side's value ({@link JmhResult#secondaryValue}), NaN when missing.
     */
    double plainSecondary(final String metric)
    {
        return plain == null ? Double.NaN : plain.secondaryValue(metric);
    }

    /**
     * @param title the chart's title.
     * @param sets  the result sets, a series group each.
     * @return an empty log-scale bar chart with fault and plain p50 and p99 per label, for {@link #bars(List)}.
     */
    static BarChart chart(final String title, final List<ResultSet> sets)
    {
        final List<String> series = new ArrayList<>();
        for (final ResultSet s : sets)
        {
            SERIES.forEach(name -> series.add(name + (sets.size() > 1 ? " " + s.label() : "")));
        }
        return new BarChart(title, "µs (log scale)", true, series);
    }

    /**
     * @param pairs one point's pairs, one per label in the chart's order.
     * @return the bars of that point in {@link #chart} order.
     */
    static double[] bars(final List<FaultPair> pairs)
    {
        final double[] bars = new double[pairs.size() * SERIES.size()];
        int b = 0;
        for (final FaultPair p : pairs)
        {
            bars[b++] = p.faultAt(50);
            bars[b++] = p.faultAt(99);
            bars[b++] = p.plainAt(50);
            bars[b++] = p.plainAt(99);
        }
        return bars;
    }
}
