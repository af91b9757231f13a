package io.vcspbench.core.source;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.Sleeper;
import io.vcspbench.core.memory.DirtyLog;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.workload.DirtySchedule;
import io.vcspbench.core.workload.SequentialPattern;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer follows its dirty schedule, driven on the test thread by a clock that moves a fixed
 * tick per reading (and jumps over throttle sleeps), so the pages written in each step depend on
 * the schedule and the throttle, not on how busy the machine is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SourceVcpuScheduleTest
{
    private static final long PAGES = 64;
    private static final long TICK_NS = 2_000;
    private static final long MS = 1_000_000L;

    @Test
    void shouldWriteAtEachStepsRateForTheRunTimeAfterTheStep()
    {
        // 1000 Mbit/s is 30.5 pages per ms: 305 pages in the first 10 ms, 1221 at 4000, none at 0, 610 at 2000.
        final long[] pages = segmentPages("1000@0s,4000@10ms,0@20ms,2000@21ms", 100,
            new long[]{ 10 * MS, 20 * MS, 21 * MS, 31 * MS });

        assertNear(pagesAt(1000, 10 * MS), pages[0], "first step");
        assertNear(pagesAt(4000, 10 * MS), pages[1], "second step");
        assertEquals(0, pages[2], "a rate of 0 writes nothing");
        assertNear(pagesAt(2000, 10 * MS), pages[3], "last step, held to the end");
    }

    @Test
    void shouldEarnEachStepsRateOnlyForTheTimeTheThrottleLetsTheVcpuRun()
    {
        // At E = 50 the vCPU runs 10 ms of each 20 ms step: half the unthrottled pages.
        final long[] pages = segmentPages("2000@0s,4000@20ms", 50, new long[]{ 20 * MS, 40 * MS });

        assertNear(pagesAt(2000, 10 * MS), pages[0], "first step at E = 50");
        assertNear(pagesAt(4000, 10 * MS), pages[1], "second step at E = 50");
    }

    @Test
    void shouldWriteAConstantRateAsAOneStepSchedule()
    {
        final long[] pages = segmentPages("3000@0s", 100, new long[]{ 10 * MS, 20 * MS });

        assertNear(pagesAt(3000, 10 * MS), pages[0], "first 10 ms");
        assertNear(pagesAt(3000, 10 * MS), pages[1], "second 10 ms");
    }

    @Test
    void shouldAllocateNothingWhileStepping()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final String schedule = "1000@0s,4000@2ms,0@4ms,2000@5ms,500@6ms";
        final long[] marksNs = { 2 * MS, 4 * MS, 5 * MS, 6 * MS, 8 * MS };
        // A first pass links every call site (a VarHandle call site allocates when first linked).
        try (GuestMemory memory = GuestMemory.allocate(PAGES))
        {
            for (int pass = 0; pass < 2; pass++)
            {
                final VcpuPause pause = new VcpuPause();
                final TickingClock clock = new TickingClock(marksNs, pause);
                final DutyCycleThrottler throttler = new DutyCycleThrottler(MS, 50, clock, clock);
                final SourceVcpu vcpu = new SourceVcpu(memory, new DirtyLog(PAGES), new SequentialPattern(PAGES), true,
                    DirtySchedule.parse(schedule), throttler, pause, new MigrationControl(), clock);
                clock.vcpu = vcpu;

                final long before = threads.getThreadAllocatedBytes(thread);
                vcpu.run();
                final long allocated = threads.getThreadAllocatedBytes(thread) - before;

                if (pass == 1)
                {
                    assertEquals(0, allocated, "bytes allocated by the writer's loop across five steps");
                }
            }
        }
    }

    private static long pagesAt(final long rateMbit, final long runNs)
    {
        return Math.round(rateMbit * 1e6 / (GuestMemory.PAGE_SIZE * 8.0) * runNs / 1e9);
    }

    private static void assertNear(final long expected, final long actual, final String what)
    {
        // A step is seen a loop pass or two after it begins: a few ticks, under 2 pages at these rates.
        assertTrue(Math.abs(expected - actual) <= 3, what + ": expected about " + expected + " pages, wrote " + actual);
    }

    /**
     * Runs a writer from the clock's start until the last mark and counts the pages it wrote between
     * consecutive marks.
     *
     * @param marksNs ends of the segments, ns since the workload started; the last one stops the vCPU.
     */
    private static long[] segmentPages(final String schedule, final int throttlePercent, final long[] marksNs)
    {
        try (GuestMemory memory = GuestMemory.allocate(PAGES))
        {
            final VcpuPause pause = new VcpuPause();
            final TickingClock clock = new TickingClock(marksNs, pause);
            final DutyCycleThrottler throttler = new DutyCycleThrottler(MS, throttlePercent, clock, clock);
            final SourceVcpu vcpu = new SourceVcpu(memory, new DirtyLog(PAGES), new SequentialPattern(PAGES), true,
                DirtySchedule.parse(schedule), throttler, pause, new MigrationControl(), clock);
            clock.vcpu = vcpu;

            vcpu.run();

            assertTrue(pause.pausedNs() > 0, "the vCPU acknowledged the pause");
            final long[] pages = new long[marksNs.length];
            long before = 0;
            for (int i = 0; i < marksNs.length; i++)
            {
                pages[i] = clock.pagesAtMark[i] - before;
                before = clock.pagesAtMark[i];
            }
            // The last mark may fall between the loop's pause check and its write: one page more at most.
            assertTrue(vcpu.pagesWritten() - before <= 1, "written after the pause: " + (vcpu.pagesWritten() - before));
            return pages;
        }
    }

    /**
     * Moves {@link #TICK_NS} per reading; a throttle sleep jumps to its deadline. Reads the pages
     * written as it passes each mark, and requests the pause at the last. Single-threaded.
     */
    private static final class TickingClock implements NanoClock, Sleeper
    {
        private final long[] marksNs;
        private final long[] pagesAtMark;
        private final VcpuPause pause;
        private SourceVcpu vcpu;
        private long nowNs;
        private long startNs = -1;
        private int mark;

        TickingClock(final long[] marksNs, final VcpuPause pause)
        {
            this.marksNs = marksNs;
            this.pagesAtMark = new long[marksNs.length];
            this.pause = pause;
        }

        @Override
        public long nanoTime()
        {
            advanceTo(nowNs + TICK_NS);
            if (startNs < 0)
            {
                startNs = nowNs; // the vCPU's first reading is when its workload starts
            }
            return nowNs;
        }

        @Override
        public void sleepUntil(final NanoClock clock, final long deadlineNs)
        {
            if (!pause.requested() && deadlineNs > nowNs)
            {
                advanceTo(deadlineNs);
            }
        }

        private void advanceTo(final long ns)
        {
            nowNs = ns;
            while (startNs >= 0 && mark < marksNs.length && nowNs - startNs >= marksNs[mark])
            {
                pagesAtMark[mark++] = vcpu.bytesProcessed().get() / GuestMemory.PAGE_SIZE;
                if (mark == marksNs.length)
                {
                    pause.request();
                }
            }
        }
    }
}
