package io.vcspbench.core.source;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.memory.DirtyLog;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.metrics.SingleWriterCounter;
import io.vcspbench.core.workload.AccessPattern;
import io.vcspbench.core.workload.DirtySchedule;
import io.vcspbench.core.workload.PageWork;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.locks.LockSupport;

/**
 * The guest's vCPU at the source during pre-copy: it keeps running the workload over source memory
 * while pages are sent, marking every page it writes in the dirty log, under the throttle the
 * migration's policy sets, until stop-and-copy pauses it.
 *
 * <p>Two kinds of work. The memWriter-style writer (Jin 2011) overwrites whole pages at a rate of
 * {@code dirtyRateMbit} per second of run time, so throttling the vCPU to E% dirties memory at
 * E% of that rate, as it would for a guest whose writing is bound by its CPU; between writes it parks,
 * and the park counts as run time. The rate may follow a {@link DirtySchedule}: its step times are
 * wall-clock time since the workload started, and each step's rate applies to the run time after
 * it, added to the pages the earlier steps allowed (a step is seen at the next loop pass, within
 * about one write or one {@link #MAX_PACE_PARK_NS} park of it). The other patterns touch pages
 * ({@link PageWork#touch}) as fast as the throttle lets them, writing each page's scratch slot.
 *
 * <p>Runs on its own thread; allocation-free.
 */
public final class SourceVcpu implements Runnable
{
    /** Longest park between writes of a paced writer, ns: bounds how late a due write can be. */
    static final long MAX_PACE_PARK_NS = 1_000_000L;

    private final GuestMemory memory;
    private final DirtyLog dirtyLog;
    private final AccessPattern pattern;
    private final boolean writer;
    private final long[] stepStartNs;
    private final double[] stepPagesPerRunNs;
    private final DutyCycleThrottler throttler;
    private final VcpuPause pause;
    private final MigrationControl control;
    private final NanoClock clock;
    private final SingleWriterCounter bytesProcessed = new SingleWriterCounter();

    private long startedNs;
    private long checksum;
    private long pagesWritten;

    /**
     * A vCPU whose writer, if it is one, writes at a constant rate.
     *
     * @param memory        source guest memory.
     * @param dirtyLog      the dirty log every write is marked in.
     * @param pattern       which pages to touch or write, in order.
     * @param writer        true for the rate-paced writer, false to touch pages as fast as allowed.
     * @param dirtyRateMbit the writer's rate at full CPU share, Mbit/s (10^6 bits); 0 writes nothing.
     * @param throttler     the vCPU's throttle, sleeping through {@code pause}.
     * @param pause         the stop signal.
     * @param control       shared run state.
     * @param clock         time source.
     */
    public SourceVcpu(
        final GuestMemory memory,
        final DirtyLog dirtyLog,
        final AccessPattern pattern,
        final boolean writer,
        final long dirtyRateMbit,
        final DutyCycleThrottler throttler,
        final VcpuPause pause,
        final MigrationControl control,
        final NanoClock clock)
    {
        this(memory, dirtyLog, pattern, writer, DirtySchedule.constant(dirtyRateMbit), throttler, pause, control, clock);
    }

    /**
     * @param memory    source guest memory.
     * @param dirtyLog  the dirty log every write is marked in.
     * @param pattern   which pages to touch or write, in order.
     * @param writer    true for the rate-paced writer, false to touch pages as fast as allowed.
     * @param schedule  the writer's rate at full CPU share over time since the workload started; unused
     *                  when {@code writer} is false.
     * @param throttler the vCPU's throttle, sleeping through {@code pause}.
     * @param pause     the stop signal.
     * @param control   shared run state.
     * @param clock     time source, also of the schedule's steps.
     */
    public SourceVcpu(
        final GuestMemory memory,
        final DirtyLog dirtyLog,
        final AccessPattern pattern,
        final boolean writer,
        final DirtySchedule schedule,
        final DutyCycleThrottler throttler,
        final VcpuPause pause,
        final MigrationControl control,
        final NanoClock clock)
    {
        this.memory = memory;
        this.dirtyLog = dirtyLog;
        this.pattern = pattern;
        this.writer = writer;
        final int steps = schedule.steps();
        this.stepStartNs = new long[steps];
        this.stepPagesPerRunNs = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            stepStartNs[i] = schedule.startNs(i);
            stepPagesPerRunNs[i] = pagesPerRunNs(schedule.rateMbit(i));
        }
        this.throttler = throttler;
        this.pause = pause;
        this.control = control;
        this.clock = clock;
    }

    /** Runs the workload until the pause is requested or the run fails, then acknowledges the pause. */
    @Override
    public void run()
    {
        pause.bind(Thread.currentThread());
        startedNs = clock.nanoTime();
        throttler.start();
        try
        {
            if (writer)
            {
                runWriter();
            }
            else
            {
                runToucher();
            }
        }
        finally
        {
            pause.acknowledge(clock.nanoTime());
        }
    }

    private void runWriter()
    {
        final GuestMemory memory = this.memory;
        final DirtyLog dirtyLog = this.dirtyLog;
        final AccessPattern pattern = this.pattern;
        final DutyCycleThrottler throttler = this.throttler;
        final VcpuPause pause = this.pause;
        final MigrationControl control = this.control;
        final SingleWriterCounter bytesProcessed = this.bytesProcessed;
        final NanoClock clock = this.clock;
        final long[] stepStartNs = this.stepStartNs;
        final double[] stepPagesPerRunNs = this.stepPagesPerRunNs;
        final int lastStep = stepStartNs.length - 1;
        final long startedNs = this.startedNs;
        int step = 0;
        double pagesPerRunNs = stepPagesPerRunNs[0];
        // The budget is stepBasePages (what the steps before allowed) + run time since the step * its rate;
        // with one step both stay 0 and the budget is runNs * rate, as for a constant rate.
        double stepBasePages = 0;
        long stepStartRunNs = 0;
        long nextStepAtNs = lastStep > 0 ? startedNs + stepStartNs[1] : 0;
        long nowNs = 0;
        long written = 0;
        while (!pause.requested() && control.isRunning())
        {
            final long runNs = throttler.runNs();
            if (step < lastStep)
            {
                nowNs = clock.nanoTime();
                if (nowNs - nextStepAtNs >= 0)
                {
                    stepBasePages += (runNs - stepStartRunNs) * pagesPerRunNs;
                    stepStartRunNs = runNs;
                    // Steps that passed unseen (a long throttle sleep) get no run time, as the vCPU ran none in them.
                    do
                    {
                        step++;
                    }
                    while (step < lastStep && nowNs - (startedNs + stepStartNs[step + 1]) >= 0);
                    pagesPerRunNs = stepPagesPerRunNs[step];
                    nextStepAtNs = step < lastStep ? startedNs + stepStartNs[step + 1] : 0;
                }
            }
            if (written >= (long)(stepBasePages + (runNs - stepStartRunNs) * pagesPerRunNs))
            {
                final long nextDueRunNs = pagesPerRunNs > 0 ?
                    stepStartRunNs + (long)Math.ceil((written + 1 - stepBasePages) / pagesPerRunNs) : Long.MAX_VALUE;
                long parkNs = Math.min(MAX_PACE_PARK_NS, nextDueRunNs - runNs);
                if (step < lastStep)
                {
                    parkNs = Math.min(parkNs, nextStepAtNs - nowNs); // wake for the next step, not past it
                }
                LockSupport.parkNanos(Math.max(1_000, parkNs));
                throttler.checkpoint();
                continue;
            }
            final long page = pattern.nextPage();
            written++;
            PageWork.fill(memory.pageAddress(page), written << 32 ^ page);
            dirtyLog.mark(page);
            bytesProcessed.add(GuestMemory.PAGE_SIZE);
            throttler.checkpoint();
        }
        pagesWritten = written;
    }

    private void runToucher()
    {
        final GuestMemory memory = this.memory;
        final DirtyLog dirtyLog = this.dirtyLog;
        final AccessPattern pattern = this.pattern;
        final DutyCycleThrottler throttler = this.throttler;
        final VcpuPause pause = this.pause;
        final MigrationControl control = this.control;
        final SingleWriterCounter bytesProcessed = this.bytesProcessed;
        long sum = 0;
        long written = 0;
        while (!pause.requested() && control.isRunning())
        {
            final long page = pattern.nextPage();
            sum += PageWork.touch(memory.pageAddress(page));
            dirtyLog.mark(page);
            written++;
            bytesProcessed.add(PageWork.BYTES_PER_TOUCH);
            throttler.checkpoint();
        }
        checksum = sum;
        pagesWritten = written;
    }

    private static double pagesPerRunNs(final long rateMbit)
    {
        return rateMbit * 1e6 / (GuestMemory.PAGE_SIZE * 8.0) / 1e9;
    }

    /** @return guest bytes processed (written or touched), readable from any thread. */
    public SingleWriterCounter bytesProcessed()
    {
        return bytesProcessed;
    }

    /** @return when the workload started, ns; read after the thread stopped. */
    public long startedNs()
    {
        return startedNs;
    }

    /** @return when the workload stopped for stop-and-copy (or a failure), ns, or 0 while it runs. */
    public long stoppedNs()
    {
        return pause.pausedNs();
    }

    /** @return page writes done; read after the thread stopped. */
    public long pagesWritten()
    {
        return pagesWritten;
    }

    /** @return sum of what the touching workload read, so it cannot be optimised away. */
    public long checksum()
    {
        return checksum;
    }
}
