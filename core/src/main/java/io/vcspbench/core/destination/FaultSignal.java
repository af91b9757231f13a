package io.vcspbench.core.destination;

import io.vcspbench.core.link.Waiter;

/**
 * Which page the destination vCPU is stalled on, and how to wake it: the vCPU publishes the page
 * before it waits; the receiver, after making pages present, wakes it when the page is among them
 * (or when it has taken demand frames the vCPU might be waiting for). Thread-safe, allocation-free.
 */
public final class FaultSignal
{
    /** {@link #awaitedPage()} when the vCPU is not stalled. */
    public static final long NONE = -1;

    private final Waiter vcpuWaiter;
    private volatile long awaitedPage = NONE;

    /**
     * @param vcpuWaiter the vCPU thread's waiter.
     */
    public FaultSignal(final Waiter vcpuWaiter)
    {
        this.vcpuWaiter = vcpuWaiter;
    }

    /** @return the vCPU thread's waiter. */
    public Waiter vcpuWaiter()
    {
        return vcpuWaiter;
    }

    /** @return the page the vCPU is stalled on, or {@link #NONE}. */
    public long awaitedPage()
    {
        return awaitedPage;
    }

    /** vCPU: about to wait for {@code page} (a volatile write, before it re-checks the page). */
    void awaiting(final long page)
    {
        awaitedPage = page;
    }

    /** vCPU: no longer waiting. */
    void clear()
    {
        awaitedPage = NONE;
    }

    /**
     * Receiver: pages [first, first + count) are present now; wakes the vCPU if it waits for one.
     *
     * @param first first page.
     * @param count pages.
     */
    void pagesPresent(final long first, final int count)
    {
        final long awaited = awaitedPage;
        if (awaited >= first && awaited < first + count)
        {
            vcpuWaiter.wake();
        }
    }

    /** Receiver: wakes the vCPU if it waits for anything. */
    void wakeIfWaiting()
    {
        if (awaitedPage != NONE)
        {
            vcpuWaiter.wake();
        }
    }
}
