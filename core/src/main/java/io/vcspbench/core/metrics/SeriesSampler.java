package io.vcspbench.core.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A thread that wakes every window (100 ms) at absolute deadlines and records the workload rate,
 * the link rate and the vCPU's run share over the window into preallocated arrays, and every
 * second takes an interval histogram of fault latency for the .hlog. It only reads counters the
 * other threads publish, so it never slows them.
 */
public final class SeriesSampler implements Runnable
{
    /** The series window, ns. */
    public static final long WINDOW_NS = 100_000_000L;
    private static final int WINDOWS_PER_INTERVAL = 10;

    private final NanoClock clock;
    private final LongSupplier workloadBytes;
    private final LongSupplier linkBytes;
    private final LongSupplier runNs;
    private final LongSupplier sleptNs;
    private final SingleWriterRecorder latencyRecorder;
    private final double[] tMs;
    private final double[] workloadMBps;
    private final double[] linkMBps;
    private final double[] cpuShare;
    private final List<Histogram> intervals = new ArrayList<>();
    private final Histogram total;
    private volatile boolean stop;
    private int windows;
    private long startNs;

    /**
     * @param clock           time source.
     * @param maxWindows      most windows recorded (the run's deadline / window); later ones are dropped.
     * @param workloadBytes   guest bytes processed so far.
     * @param linkBytes       link bytes received so far.
     * @param runNs           vCPU run time so far, ns.
     * @param sleptNs         vCPU throttle sleep so far, ns.
     * @param latencyRecorder the fault-latency recorder to take intervals from.
     * @param highestLatencyNs highest trackable latency of the histograms, ns.
     */
    public SeriesSampler(
        final NanoClock clock,
        final int maxWindows,
        final LongSupplier workloadBytes,
        final LongSupplier linkBytes,
        final LongSupplier runNs,
        final LongSupplier sleptNs,
        final SingleWriterRecorder latencyRecorder,
        final long highestLatencyNs)
    {
        this.clock = clock;
        this.workloadBytes = workloadBytes;
        this.linkBytes = linkBytes;
        this.runNs = runNs;
        this.sleptNs = sleptNs;
        this.latencyRecorder = latencyRecorder;
        this.tMs = new double[maxWindows];
        this.workloadMBps = new double[maxWindows];
        this.linkMBps = new double[maxWindows];
        this.cpuShare = new double[maxWindows];
        this.total = new Histogram(highestLatencyNs, 3);
    }

    /** Asks the sampler to take a last partial window and stop within 5 ms; then join its thread. */
    public void stop()
    {
        stop = true;
    }

    @Override
    public void run()
    {
        startNs = clock.nanoTime();
        long lastNs = startNs;
        long lastWork = workloadBytes.getAsLong();
        long lastLink = linkBytes.getAsLong();
        long lastRun = runNs.getAsLong();
        long lastSlept = sleptNs.getAsLong();
        long deadline = startNs + WINDOW_NS;
        Histogram recycle = null;
        while (true)
        {
            final boolean last = stop;
            if (!last)
            {
                long now;
                while ((now = clock.nanoTime()) < deadline && !stop)
                {
                    LockSupport.parkNanos(Math.min(deadline - now, 5_000_000L));
                }
            }
            final long now = clock.nanoTime();
            final long work = workloadBytes.getAsLong();
            final long link = linkBytes.getAsLong();
            final long run = runNs.getAsLong();
            final long slept = sleptNs.getAsLong();
            final double seconds = (now - lastNs) / 1e9;
            if (windows < tMs.length && seconds > 0)
            {
                tMs[windows] = (now - startNs) / 1e6;
                workloadMBps[windows] = (work - lastWork) / seconds / 1e6;
                linkMBps[windows] = (link - lastLink) / seconds / 1e6;
                final long ran = run - lastRun;
                final long sleptWindow = slept - lastSlept;
                cpuShare[windows] = ran + sleptWindow == 0 ? 100.0 : 100.0 * ran / (ran + sleptWindow);
                windows++;
            }
            lastNs = now;
            lastWork = work;
            lastLink = link;
            lastRun = run;
            lastSlept = slept;
            deadline += WINDOW_NS;
            if (last || windows % WINDOWS_PER_INTERVAL == 0)
            {
                final Histogram interval = latencyRecorder.getIntervalHistogram(recycle);
                if (interval.getTotalCount() > 0 || last)
                {
                    intervals.add(interval.copy());
                    total.add(interval);
                }
                recycle = interval;
            }
            if (last)
            {
                return;
            }
        }
    }

    /**
     * @return when the sampler started, ns on its clock: time 0 of {@link Series#tMs()}; 0 before
     * its thread ran. Call after the thread was joined.
     */
    public long startNs()
    {
        return startNs;
    }

    /** @return the recorded series; call after the thread was joined. */
    public Series series()
    {
        return new Series(
            java.util.Arrays.copyOf(tMs, windows),
            java.util.Arrays.copyOf(workloadMBps, windows),
            java.util.Arrays.copyOf(linkMBps, windows),
            java.util.Arrays.copyOf(cpuShare, windows));
    }

    /** @return interval histograms of fault latency (1 s each, the last partial); after join. */
    public List<Histogram> intervals()
    {
        return intervals;
    }

    /** @return every fault latency of the run; after join. */
    public Histogram total()
    {
        return total;
    }
}
