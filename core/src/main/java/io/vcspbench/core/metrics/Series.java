package io.vcspbench.core.metrics;

/**
 * Rates over time in fixed windows (100 ms): one element per window, all arrays the same length.
 * Window i spans (tMs[i - 1], tMs[i]], the first one (0, tMs[0]]; the last may be shorter. Immutable
 * by convention (do not write the arrays); safe to read from any thread once published.
 *
 * @param tMs             end of each window since the start of the sampler (about the start of the run), ms.
 * @param workloadMBps    guest work done in the window, MB/s (10^6 bytes per second).
 * @param linkMBps        bytes received on the link in the window, MB/s.
 * @param cpuSharePercent vCPU run share delivered by the throttler in the window, percent.
 */
public record Series(double[] tMs, double[] workloadMBps, double[] linkMBps, double[] cpuSharePercent)
{
    /** @return number of windows. */
    public int size()
    {
        return tMs.length;
    }

    /**
     * The mean of the link-throughput samples of the windows that hold any instant of [fromMs, toMs],
     * each window counted once whatever its length: the sampled throughput the VCSP paper reports,
     * as opposed to bytes over the whole time.
     *
     * @param fromMs start of the span, ms on this series' time axis (may be before 0).
     * @param toMs   end of the span, ms, not before {@code fromMs}.
     * @return the mean of {@code linkMBps} over those windows, MB/s, or NaN when no window overlaps.
     * @throws IllegalArgumentException if {@code toMs < fromMs}.
     */
    public double meanLinkMBps(final double fromMs, final double toMs)
    {
        if (!(toMs >= fromMs))
        {
            throw new IllegalArgumentException("toMs must be at least fromMs (" + fromMs + "), was " + toMs);
        }
        double sum = 0;
        int windows = 0;
        double startMs = 0;
        for (int i = 0; i < tMs.length; i++)
        {
            final double endMs = tMs[i];
            if (startMs < toMs && endMs >= fromMs)
            {
                sum += linkMBps[i];
                windows++;
            }
            startMs = endMs;
        }
        return windows == 0 ? Double.NaN : sum / windows;
    }
}
