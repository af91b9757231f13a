package io.vcspbench.core.link;

import java.util.concurrent.locks.LockSupport;

/**
 * Kernel-blocking waiter for in-process ({@code ipc}) links: the thread parks, and the peer that
 * commits a frame to a ring this thread reads (or frees room in a ring it writes) unparks it. Costs
 * the sender an unpark per frame, and the receiver one wake-up from the kernel instead of a core.
 */
final class ParkWaiter extends BlockingWaiter
{
    @Override
    public void await(final long timeoutNs, final boolean exact)
    {
        own();
        if (takeWake())
        {
            return;
        }
        final long ns = Math.min(Math.max(timeoutNs, 1), MAX_WAIT_NS);
        if (exact)
        {
            sleepExactly(ns);
        }
        else
        {
            LockSupport.parkNanos(ns);
            takeWake();
        }
    }

    @Override
    public void wake()
    {
        wakeOwner();
    }
}
