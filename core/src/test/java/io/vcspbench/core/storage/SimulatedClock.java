package io.vcspbench.core.storage;

import org.agrona.concurrent.NanoClock;

/** A clock that moves only when told or slept on; its sleeper wakes exactly at the deadline. */
final class SimulatedClock implements NanoClock, DeadlineSleeper
{
    long nowNs = 1_000_000_000L;
    long sleptNs;
    int sleeps;

    @Override
    public long nanoTime()
    {
        return nowNs;
    }

    @Override
    public void sleepUntil(final NanoClock clock, final long deadlineNs)
    {
        sleeps++;
        if (deadlineNs > nowNs)
        {
            sleptNs += deadlineNs - nowNs;
            nowNs = deadlineNs;
        }
    }
}
