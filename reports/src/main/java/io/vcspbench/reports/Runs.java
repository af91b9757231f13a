package io.vcspbench.reports;

import io.vcspbench.reports.RunsReport.Run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** What the runs report's sections share: vocabulary, order, grouping and medians of runs. Stateless. */
final class Runs
{
    /** The algorithms whose downtime is plotted against the dirty rate. */
    static final Set<String> PRECOPY_FAMILY = Set.of("precopy", "precopy-throttled", "auto-converge");

    /** The pattern that dirties memory at a set rate ({@code config.dirtyRateMbit}). */
    static final String WRITER = "writer";

    /** Config keys always named in a scenario's title. */
    private static final List<String> SCENARIO_KEYS = List.of("workloadMiB", "memoryMiB", "pattern", "link",
        "bandwidthMbit");

    /** Config keys that tell the lines of a throughput chart apart; the other keys make its scenario. */
    static final List<String> ARM_KEYS = List.of("algorithm", "throttlePercent", "prefetchPages", "hybridRounds");

    private Runs()
    {
    }

    /**
     * @param runs runs in any order.
     * @return them in report order: by algorithm, workload, E, N, then folder.
     */
    static List<Run> sorted(final List<Run> runs)
    {
        final List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(Run::algorithm).thenComparingLong(r -> r.whole("workloadMiB"))
            .thenComparingLong(r -> r.whole("throttlePercent")).thenComparingLong(r -> r.whole("prefetchPages"))
            .thenComparing(Run::folder));
        return sorted;
    }

    /**
     * @param r a run.
     * @return the Table 3 block it belongs to: "push off", "push on" (also for results older than
     * the push setting, which always pushed) or "push R Mbit/s".
     */
    static String pushBlock(final Run r)
    {
        final String push = r.text("push");
        if (push.isEmpty() || push.equals("on"))
        {
            return "push on";
        }
        return push.equals("off") ? "push off" : "push " + push + " Mbit/s";
    }

    /**
     * @param r       a run of the scenario.
     * @param varying config keys that tell the scenarios of a report apart; those not always named are added.
     * @return the scenario as a title says it: workload of memory, pattern, link, bandwidth, then key=value.
     */
    static String scenarioText(final Run r, final Set<String> varying)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(r.text("workloadMiB")).append(" of ").append(r.text("memoryMiB")).append(" MiB, ")
            .append(r.text("pattern")).append(", ").append(r.text("link")).append(", ")
            .append(r.text("bandwidthMbit")).append(" Mbit/s");
        for (final String key : varying)
        {
            if (!SCENARIO_KEYS.contains(key))
            {
                sb.append(", ").append(key).append('=').append(r.text(key));
            }
        }
        return sb.toString();
    }

    /**
     * @param config a run's config.
     * @param keys   keys to leave out.
     * @return a copy of the config without them, in its order.
     */
    static Map<String, String> without(final Map<String, String> config, final List<String> keys)
    {
        final Map<String, String> m = new LinkedHashMap<>(config);
        keys.forEach(m::remove);
        return m;
    }

    /** The config keys, other than those excluded, with more than one value among the configs, in first-seen order. */
    static Set<String> varying(final List<Map<String, String>> configs, final List<String> excluded)
    {
        final Set<String> keys = new LinkedHashSet<>();
        configs.forEach(c -> keys.addAll(c.keySet()));
        keys.removeAll(excluded);
        keys.removeIf(k -> configs.stream().map(c -> c.getOrDefault(k, "")).distinct().count() < 2);
        return keys;
    }

    /**
     * @param runs   runs.
     * @param metric what to take of each.
     * @return the median of its finite values, NaN when there is none.
     */
    static double median(final List<Run> runs, final ToDoubleFunction<Run> metric)
    {
        return median(runs.stream().mapToDouble(metric).toArray());
    }

    /** @return the median of the finite values, NaN when there is none. */
    static double median(final double[] values)
    {
        final double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0)
        {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static List<String> concat(final List<String> a, final List<String> b)
    {
        final List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    /** @return the run's algorithm, k for hybrid-k, E and N: "vcsp-prefetch E=50 N=10". */
    static String armText(final Run r)
    {
        return r.algorithm() + (r.algorithm().equals("hybrid-k") ? " k=" + r.whole("hybridRounds") : "") + " E=" +
            r.whole("throttlePercent") + " N=" + r.whole("prefetchPages");
    }
}
