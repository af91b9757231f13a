package io.vcspbench.reports;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One entry of a JMH JSON result file: a benchmark method at one parameter point. Immutable.
 *
 * @param benchmark   fully qualified benchmark method, e.g. {@code io.vcspbench.benchmarks.FaultLatencyBenchmark.fault}.
 * @param mode        JMH mode: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}.
 * @param params      parameter values by name, in the file's order.
 * @param score       primary score.
 * @param scoreError  its 99.9% error, NaN when JMH gives none.
 * @param unit        primary unit, e.g. {@code us/op}.
 * @param percentiles primary percentiles by JMH's keys ("50.0", "99.0", ...), empty unless sampled.
 * @param secondary   secondary metrics by name, with the GC profiler's leading "·" removed.
 * @param samples     the primary metric of every measured iteration, fork after fork (sample-time
 *                    benchmarks: each iteration's mean); empty when the file has no raw data.
 */
public record JmhResult(
    String benchmark,
    String mode,
    Map<String, String> params,
    double score,
    double scoreError,
    String unit,
    Map<String, Double> percentiles,
    Map<String, Metric> secondary,
    List<Double> samples)
{
    /** Name of the GC profiler's normalized allocation metric, B/op. */
    public static final String GC_ALLOC_NORM = "gc.alloc.rate.norm";
    /** Name of the benchmarks' own per-thread allocation counter, B/op. */
    public static final String THREAD_ALLOC = "threadAllocBytesPerOp";

    /**
     * A secondary metric.
     *
     * @param score JMH's score (for events counters: the sum over iterations).
     * @param error its error, NaN when none.
     * @param unit  unit; {@code #} for events counters.
     * @param mean  mean of the per-iteration raw values (the score when there is no raw data).
     * @param samples the per-iteration raw values, fork after fork; empty when the file has none.
     */
    public record Metric(double score, double error, String unit, double mean, List<Double> samples)
    {
        /**
         * A metric without per-iteration values.
         *
         * @param score JMH's score.
         * @param error its error, NaN when none.
         * @param unit  unit.
         * @param mean  mean of the per-iteration raw values.
         */
        public Metric(final double score, final double error, final String unit, final double mean)
        {
            this(score, error, unit, mean, List.of());
        }

        /** @return the figure to show: the per-iteration mean for events counters, else the score. */
        public double value()
        {
            return "#".equals(unit) ? mean : score;
        }
    }

    /**
     * A result without per-iteration samples.
     *
     * @param benchmark   fully qualified benchmark method.
     * @param mode        JMH mode.
     * @param params      parameter values by name.
     * @param score       primary score.
     * @param scoreError  its 99.9% error, NaN when none.
     * @param unit        primary unit.
     * @param percentiles primary percentiles by JMH's keys.
     * @param secondary   secondary metrics by name.
     */
    public JmhResult(final String benchmark, final String mode, final Map<String, String> params, final double score,
        final double scoreError, final String unit, final Map<String, Double> percentiles,
        final Map<String, Metric> secondary)
    {
        this(benchmark, mode, params, score, scoreError, unit, percentiles, secondary, List.of());
    }

    /** @return the per-iteration samples as an array, for {@link Stats}. */
    public double[] sampleArray()
    {
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * @param name secondary metric name.
     * @return its per-iteration values as an array, empty when absent or without raw data.
     */
    public double[] secondarySamples(final String name)
    {
        final Metric m = secondary.get(name);
        return m == null ? new double[0] : m.samples().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return the benchmark class's simple name. */
    public String className()
    {
        final String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
    }

    /** @return the benchmark method's name. */
    public String method()
    {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** @return whether the mode is sample time, so percentiles exist. */
    public boolean sampled()
    {
        return "sample".equals(mode);
    }

    /** @return whether the benchmark measures a steady state (every mode but single-shot). */
    public boolean steadyState()
    {
        return !"ss".equals(mode);
    }

    /**
     * @param percentile e.g. 50 or 99.
     * @return the primary percentile, NaN when absent.
     */
    public double percentile(final double percentile)
    {
        final Double v = percentiles.get(Double.toString(percentile));
        return v == null ? Double.NaN : v;
    }

    /**
     * @param name secondary metric name.
     * @return its value ({@link Metric#value()}), NaN when absent.
     */
    public double secondaryValue(final String name)
    {
        final Metric m = secondary.get(name);
        return m == null ? Double.NaN : m.value();
    }

    /** @return the parameters as "name=value" separated by spaces, in order. */
    public String paramsText()
    {
        final StringJoiner j = new StringJoiner(" ");
        params.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    /** @return what identifies this point across result sets: method and parameters. */
    public String key()
    {
        return benchmark + " " + paramsText();
    }
}
