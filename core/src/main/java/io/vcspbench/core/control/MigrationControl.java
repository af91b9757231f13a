package io.vcspbench.core.control;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The state every thread of one migration watches: the first failure (which stops everyone), the
 * moments the vCPU resumed and the last page arrived, and whether every page is present. Written
 * and read from several threads; every field is volatile or atomic.
 *
 * <p>It lives in a package of its own, one floor below {@code source} and {@code destination} and
 * depending on nothing but the JDK: both sides' threads hold it and the migrations in
 * {@code migration} create it and read it at the end, so it must sit below all of them for nothing
 * to import upward from {@code migration}. It is run-wide coordination, neither a metric
 * ({@code metrics}) nor a property of memory or the link, so it fits none of the existing floors.
 */
public final class MigrationControl
{
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean allPresent;
    private volatile boolean stopRequested;
    private volatile long resumedNs;
    private volatile long allPresentNs;

    /**
     * Records a failure; the first one wins and every loop stops at its next check.
     *
     * @param reason one line: what failed and why.
     */
    public void fail(final String reason)
    {
        failure.compareAndSet(null, reason);
    }

    /** @return the first failure, or null. */
    public String failure()
    {
        return failure.get();
    }

    /** @return true while no failure was recorded and no stop was requested. */
    public boolean isRunning()
    {
        return failure.get() == null && !stopRequested;
    }

    /** Asks every loop to stop without calling it a failure (used after completion). */
    public void requestStop()
    {
        stopRequested = true;
    }

    /**
     * Marks the destination vCPU as resumed (CPU state arrived).
     *
     * @param nowNs System.nanoTime() at resumption.
     */
    public void markResumed(final long nowNs)
    {
        resumedNs = nowNs;
    }

    /** @return when the destination vCPU resumed, ns, or 0 before. */
    public long resumedNs()
    {
        return resumedNs;
    }

    /**
     * Marks every page present at the destination.
     *
     * @param nowNs System.nanoTime() when the last page arrived.
     */
    public void markAllPresent(final long nowNs)
    {
        allPresentNs = nowNs;
        allPresent = true;
    }

    /** @return whether every page is present at the destination. */
    public boolean allPresent()
    {
        return allPresent;
    }

    /** @return when the last page arrived, ns, or 0 before. */
    public long allPresentNs()
    {
        return allPresentNs;
    }
}
