package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;

/**
 * What the benchmarks that run a fresh migration per iteration check when it ends: their threads
 * stopped in time, and the pages that arrived are the source's.
 */
final class IterationChecks
{
    /** How long an iteration's thread may take to stop. */
    static final long JOIN_TIMEOUT_MS = 10_000;

    private IterationChecks()
    {
    }

    /**
     * @param t a thread told to stop.
     * @throws IllegalStateException if it is still alive after {@link #JOIN_TIMEOUT_MS}.
     */
    static void join(final Thread t)
    {
        try
        {
            t.join(JOIN_TIMEOUT_MS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive())
        {
            throw new IllegalStateException("thread " + t.getName() + " did not stop within " + JOIN_TIMEOUT_MS + " ms");
        }
    }

    /**
     * Every page present must equal the source's (a sample of up to 4096 pages, spread over the memory).
     *
     * @param source      the source's memory.
     * @param destination the destination's memory (only present pages are read).
     * @param present     the pages that arrived.
     * @throws IllegalStateException naming the first page that differs.
     */
    static void checkPresentPages(final GuestMemory source, final GuestMemory destination, final PageBitmap present)
    {
        final long stride = Math.max(1, present.size() / 4096);
        for (long p = present.nextSetBit(0); p >= 0; p = present.nextSetBit(p + stride))
        {
            if (!source.pageEquals(p, destination, GuestMemory.PAGE_SIZE))
            {
                throw new IllegalStateException("page " + p + " differs from the source's");
            }
        }
    }
}
