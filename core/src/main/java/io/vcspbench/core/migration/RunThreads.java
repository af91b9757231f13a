package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;

import java.util.List;
import java.util.function.Supplier;

/**
 * The threads of one migration run, for both the post-copy and the pre-copy runners: created with a
 * handler that turns an uncaught throwable into the run's failure, waited for with the run's
 * deadline while progress is reported, and joined with a grace period. Stateless; called from the
 * thread that runs the migration.
 */
final class RunThreads
{
    /** How long a thread gets to stop after the run ended or failed, ms. */
    static final long STOP_GRACE_MS = 10_000;

    /** How often {@link MigrationProgress} hears from a run, ms. */
    static final long PROGRESS_INTERVAL_MS = 100;

    private RunThreads()
    {
    }

    /**
     * @return a thread, not started, whose uncaught throwable (say a missing --add-opens) ends the run
     * at once rather than leaving the other threads waiting.
     */
    static Thread named(final Runnable task, final String name, final MigrationControl control)
    {
        final Thread t = new Thread(task, name);
        t.setUncaughtExceptionHandler((thread, e) -> control.fail(thread.getName() + ": " + e));
        return t;
    }

    /**
     * Waits for every worker to end, reporting progress every {@value #PROGRESS_INTERVAL_MS} ms; stops
     * waiting at the first failure, and at the run's deadline records a timeout naming the progress.
     */
    static void awaitEnd(final MigrationControl control, final List<Thread> workers, final long runTimeoutMs,
        final Supplier<String> progress, final Runnable report)
    {
        final long deadlineMs = System.currentTimeMillis() + runTimeoutMs;
        long nextReportMs = System.currentTimeMillis() + PROGRESS_INTERVAL_MS;
        for (final Thread t : workers)
        {
            while (t.isAlive())
            {
                final long left = deadlineMs - System.currentTimeMillis();
                if (left <= 0)
                {
                    control.fail("migration did not finish within " + runTimeoutMs + " ms (run timeout): " +
                        progress.get());
                    return;
                }
                if (control.failure() != null)
                {
                    return;
                }
                if (System.currentTimeMillis() >= nextReportMs)
                {
                    report.run();
                    nextReportMs += PROGRESS_INTERVAL_MS;
                }
                try
                {
                    t.join(Math.min(left, 50));
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    control.fail("interrupted");
                    return;
                }
            }
        }
    }

    /**
     * Joins the workers, then the sampler if any, within {@value #STOP_GRACE_MS} ms in all.
     *
     * @return null when all stopped, else which threads did not.
     */
    static String joinAll(final List<Thread> workers, final Thread sampler)
    {
        final long deadline = System.currentTimeMillis() + STOP_GRACE_MS;
        String stuck = null;
        for (final Thread t : workers)
        {
            stuck = join(t, deadline, stuck);
        }
        return sampler == null ? stuck : join(sampler, deadline, stuck);
    }

    private static String join(final Thread t, final long deadlineMs, final String stuck)
    {
        try
        {
            t.join(Math.max(1, deadlineMs - System.currentTimeMillis()));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive())
        {
            return (stuck == null ? "" : stuck + "; ") + "thread " + t.getName() + " did not stop within " +
                STOP_GRACE_MS + " ms";
        }
        return stuck;
    }
}
