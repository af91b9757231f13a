package io.vcspbench.core.link;

import java.util.concurrent.locks.LockSupport;

/**
 * What the two kernel-blocking waiters share: the owner thread, the wake permit, and an exact sleep
 * that parks for all but the kernel's timer slack and yields the rest, so a short wait for a held
 * frame ends on time without spinning a core, and a wake ends it at once.
 */
abstract class BlockingWaiter extends Waiter
{
    /** Linux's default timer slack for a thread: a park may end up to this much late. */
    static final long TIMER_SLACK_NS = 50_000L;

    private volatile Thread owner;
    private volatile boolean woken;

    /** @return true, clearing the permit, if a wake came since the last await. */
    final boolean takeWake()
    {
        if (woken)
        {
            woken = false;
            return true;
        }
        return false;
    }

    /** Records the calling thread as the owner (the thread a wake unparks). */
    final void own()
    {
        if (owner != Thread.currentThread())
        {
            owner = Thread.currentThread();
        }
    }

    /** Sets the permit and unparks the owner if it is parked. */
    final void wakeOwner()
    {
        woken = true;
        final Thread t = owner;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    /** Sleeps {@code timeoutNs} or until woken. */
    final void sleepExactly(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        if (timeoutNs > TIMER_SLACK_NS)
        {
            LockSupport.parkNanos(timeoutNs - TIMER_SLACK_NS);
        }
        while (!woken && System.nanoTime() < deadlineNs)
        {
            Thread.yield();
        }
        woken = false;
    }
}
