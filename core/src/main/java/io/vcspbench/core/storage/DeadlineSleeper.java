package io.vcspbench.core.storage;

import org.agrona.concurrent.NanoClock;

import java.util.concurrent.locks.LockSupport;

/**
 * How a paced storage transfer waits for its booked time to pass. An interface so tests can move a
 * simulated clock instead of sleeping.
 */
@FunctionalInterface
public interface DeadlineSleeper
{
    /** Parks until the deadline has passed; stateless, allocation-free, shared by every thread. */
    DeadlineSleeper PARKING = (clock, deadlineNs) ->
    {
        long left;
        while ((left = deadlineNs - clock.nanoTime()) > 0)
        {
            LockSupport.parkNanos(left);
        }
    };

    /**
     * Returns no earlier than {@code deadlineNs} on {@code clock}: an absolute deadline, so an early
     * wake-up is retried and a late one is absorbed by the next booking.
     *
     * @param clock      the pacer's clock.
     * @param deadlineNs absolute deadline on {@code clock}, ns.
     */
    void sleepUntil(NanoClock clock, long deadlineNs);
}
