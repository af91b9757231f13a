package io.vcspbench.core.cpu;

import org.agrona.concurrent.NanoClock;

import java.util.concurrent.locks.LockSupport;

/**
 * Sleeps with {@link LockSupport#parkNanos(long)} until the deadline has passed; stateless, so one
 * instance serves every thread. Allocation-free.
 */
public final class ParkingSleeper implements Sleeper
{
    /** The shared instance. */
    public static final ParkingSleeper INSTANCE = new ParkingSleeper();

    private ParkingSleeper()
    {
    }

    /** {@inheritDoc} */
    @Override
    public void sleepUntil(final NanoClock clock, final long deadlineNs)
    {
        long left;
        while ((left = deadlineNs - clock.nanoTime()) > 0)
        {
            LockSupport.parkNanos(left);
        }
    }
}
