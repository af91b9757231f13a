package io.vcspbench.core.cpu;

import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DutyCycleThrottlerTest
{
    private static final long PERIOD_NS = 10_000_000L;
    private static final long WINDOW_NS = 2_000_000_000L;

    /** A clock that moves only when told; its sleeper wakes late by a fixed amount, like a real park. */
    static final class SimulatedClock implements NanoClock, Sleeper
    {
        long nowNs = 1_000_000_000L;
        final long lateWakeNs;
        int sleeps;

        SimulatedClock(final long lateWakeNs)
        {
            this.lateWakeNs = lateWakeNs;
        }

        @Override
        public long nanoTime()
        {
            return nowNs;
        }

        @Override
        public void sleepUntil(final NanoClock clock, final long deadlineNs)
        {
            sleeps++;
            nowNs = Math.max(nowNs, deadlineNs + lateWakeNs);
        }
    }

    private static double runFor(final DutyCycleThrottler throttler, final SimulatedClock clock, final long workNs)
    {
        final long start = clock.nowNs;
        throttler.start();
        while (clock.nowNs - start < WINDOW_NS)
        {
            clock.nowNs += workNs;
            throttler.checkpoint();
        }
        return throttler.achievedSharePercent();
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100})
    void shouldDeliverShareWithinOnePointDespiteLateWakeUpsAndCoarseWork(final int percent)
    {
        final SimulatedClock clock = new SimulatedClock(80_000);
        final DutyCycleThrottler throttler = new DutyCycleThrottler(PERIOD_NS, percent, clock, clock);

        final double share = runFor(throttler, clock, 37_000);

        assertEquals(percent, share, 1.0, "achieved share");
        // The wall-clock view agrees with the accounting: run time over the window is E% of it.
        final double wallShare = 100.0 * throttler.runNs() / (throttler.runNs() + throttler.sleptNs());
        assertEquals(share, wallShare, 1e-9);
    }

    @Test
    void shouldNeverSleepAtOneHundredPercent()
    {
        final SimulatedClock clock = new SimulatedClock(80_000);
        final DutyCycleThrottler throttler = new DutyCycleThrottler(PERIOD_NS, 100, clock, clock);

        runFor(throttler, clock, 123_457);

        assertEquals(0, clock.sleeps);
        assertEquals(0, throttler.sleptNs());
    }

    @Test
    void shouldFollowAChangeOfShareWhileRunning()
    {
        final SimulatedClock clock = new SimulatedClock(50_000);
        final DutyCycleThrottler throttler = new DutyCycleThrottler(PERIOD_NS, 80, clock, clock);
        runFor(throttler, clock, 20_000);
        final long run1 = throttler.runNs();
        final long slept1 = throttler.sleptNs();

        throttler.setThrottlePercent(30);
        final long start = clock.nowNs;
        while (clock.nowNs - start < WINDOW_NS)
        {
            clock.nowNs += 20_000;
            throttler.checkpoint();
        }

        final double secondWindow = 100.0 * (throttler.runNs() - run1) /
            (throttler.runNs() - run1 + throttler.sleptNs() - slept1);
        assertEquals(30, secondWindow, 1.0);
    }

    @Test
    void shouldCountStallsAsNeitherRunNorSleep()
    {
        final SimulatedClock clock = new SimulatedClock(0);
        final DutyCycleThrottler throttler = new DutyCycleThrottler(PERIOD_NS, 50, clock, clock);
        throttler.start();
        final long start = clock.nowNs;
        long stalled = 0;
        int step = 0;
        while (clock.nowNs - start < WINDOW_NS)
        {
            clock.nowNs += 10_000;
            throttler.checkpoint();
            if (++step % 50 == 0)
            {
                throttler.stallBegin(clock.nowNs);
                clock.nowNs += 700_000;
                stalled += 700_000;
                throttler.stallEnd(clock.nowNs);
            }
        }

        assertEquals(50, throttler.achievedSharePercent(), 1.0);
        assertEquals(clock.nowNs - start - stalled, throttler.runNs() + throttler.sleptNs(), PERIOD_NS);
    }

    @Test
    void shouldRejectShareOutOfRange()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DutyCycleThrottler(0));
        assertTrue(e.getMessage().contains("throttlePercent"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DutyCycleThrottler(101));
        assertThrows(IllegalArgumentException.class, () -> new DutyCycleThrottler(50).setThrottlePercent(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 50, 80})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldHoldShareOnTheRealClockOverTwoSeconds(final int percent)
    {
        final DutyCycleThrottler throttler = new DutyCycleThrottler(percent);
        final long start = System.nanoTime();
        long sink = 0;
        throttler.start();
        while (System.nanoTime() - start < WINDOW_NS)
        {
            for (int i = 0; i < 200; i++)
            {
                sink += i * 31L ^ sink;
            }
            throttler.checkpoint();
        }

        // Accounting by the throttler's own clock; 1.5 points rather than 1 since CI machines are shared.
        assertEquals(percent, throttler.achievedSharePercent(), 1.5, "sink " + sink);
        final double wall = 100.0 * throttler.runNs() / (System.nanoTime() - start);
        assertEquals(percent, wall, 2.0, "run time as a share of the wall-clock window");
    }
}
