package io.vcspbench.core.metrics;

/**
 * Rates over time in fixed windows (100 ms): one element per window, all arrays the same length.
 *
 * @param tMs             end of each window since the start of the run, ms.
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
}
