package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One point of a sweep, a configuration, and what its repeats measured so far: the scalar metrics
 * of the runs that succeeded and how many failed. Medians and spreads are over the runs that
 * succeeded. Not thread-safe: filled by the sweep's one thread.
 */
public final class SweepPoint
{
    private final int number;
    private final MigrationConfig config;
    private final List<Map<String, Object>> ok = new ArrayList<>();
    private int failed;

    /**
     * @param number the point's number, from 1, as in its folder names.
     * @param config what it runs.
     */
    public SweepPoint(final int number, final MigrationConfig config)
    {
        this.number = number;
        this.config = config;
    }

    /** @return the point's number, from 1. */
    public int number()
    {
        return number;
    }

    /** @return what it runs. */
    public MigrationConfig config()
    {
        return config;
    }

    /** @param metrics the scalar metrics of a run that succeeded. */
    public void succeeded(final Map<String, Object> metrics)
    {
        ok.add(metrics);
    }

    /** Counts a run that failed. */
    public void failed()
    {
        failed++;
    }

    /** @return runs that succeeded. */
    public int okRuns()
    {
        return ok.size();
    }

    /** @return runs that failed. */
    public int failedRuns()
    {
        return failed;
    }

    /**
     * @param metric a {@code scalarMetrics()} key.
     * @return the finite values of that metric over the runs that succeeded, sorted.
     */
    public double[] values(final String metric)
    {
        final double[] v = new double[ok.size()];
        int n = 0;
        for (final Map<String, Object> m : ok)
        {
            if (m.get(metric) instanceof Number number && Double.isFinite(number.doubleValue()))
            {
                v[n++] = number.doubleValue();
            }
        }
        final double[] sorted = Arrays.copyOf(v, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * @param metric a {@code scalarMetrics()} key.
     * @return its median over the runs that succeeded (the mean of the middle two for an even count), NaN when none.
     */
    public double median(final String metric)
    {
        final double[] v = values(metric);
        if (v.length == 0)
        {
            return Double.NaN;
        }
        final int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /**
     * @param metric a {@code scalarMetrics()} key.
     * @return its smallest value, NaN when none.
     */
    public double min(final String metric)
    {
        final double[] v = values(metric);
        return v.length == 0 ? Double.NaN : v[0];
    }

    /**
     * @param metric a {@code scalarMetrics()} key.
     * @return its largest value, NaN when none.
     */
    public double max(final String metric)
    {
        final double[] v = values(metric);
        return v.length == 0 ? Double.NaN : v[v.length - 1];
    }
}
