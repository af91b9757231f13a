package io.vcspbench.core.destination;

import io.vcspbench.core.link.Waiter;

/**
 * Which page a fault waits for, and how to wake whoever serves it: the fault's server (the vCPU
 * itself with the quasi-MMU, the fault handler thread with userfaultfd, which shares the vCPU's waiter
 * since the two never wait at once) publishes the page before it waits; the receiver, after making
 * pages present, wakes it when the page is among them (or when it has taken demand frames the server
 * might be waiting for). Thread-safe, allocation-free.
 */
public final class FaultSignal
{
    /** {@link #awaitedPage()} when no fault waits. */
    public static final long NONE = -1;

    private final Waiter vcpuWaiter;
    private volatile long awaitedPage = NONE;

    /**
     * @param vcpuWaiter the vCPU thread's waiter (the fault handler's too, with userfaultfd).
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

    /** @return the page a fault waits for, or {@link #NONE}. */
    public long awaitedPage()
    {
        return awaitedPage;
    }

    /** Fault server: about to wait for {@code page} (a volatile write, before it re-checks the page). */
    void awaiting(final long page)
    {
        awaitedPage = page;
    }

    /** Fault server: no longer waiting. */
    void clear()
    {
        awaitedPage = NONE;
    }

    /**
     * Receiver: pages [first, first + count) are present now; wakes the fault's server if it waits for one.
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

    /** Receiver: wakes the fault's server if it waits for anything. */
    void wakeIfWaiting()
    {
        if (awaitedPage != NONE)
        {
            vcpuWaiter.wake();
        }
    }
}
