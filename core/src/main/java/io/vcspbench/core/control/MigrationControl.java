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
    private volatile boolean sourceKilled;
    private volatile String linkLost;

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

    /**
     * Fault injection in one process: the source "dies" as its host would (its threads stop, its
     * link end closes) and its own errors from then on are no failure of the run; the destination
     * must cope. Any thread.
     */
    public void killSource()
    {
        sourceKilled = true;
    }

    /** @return whether {@link #killSource()} was called. */
    public boolean sourceKilled()
    {
        return sourceKilled;
    }

    /**
     * Records that the link failed during post-copy and the destination finished from the backup
     * (not a failure of the run, but part of its story).
     *
     * @param reason why the link was given up, one line.
     */
    public void markLinkLost(final String reason)
    {
        linkLost = reason;
    }

    /** @return why the link was given up during post-copy, or null if it was not. */
    public String linkLost()
    {
        return linkLost;
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
