package io.vcspbench.benchmarks;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * The other side of a round-trip benchmark: a thread started at {@code Level.Trial} that repeats a
 * duty cycle ({@link #doWork()}) and idles when there was nothing to do, until {@link #stopAndJoin()}.
 * A failure on that thread is kept and rethrown on the benchmark thread by {@link #checkHealthy()},
 * so a broken peer fails the benchmark instead of leaving it waiting.
 */
abstract class BackgroundLoop implements Runnable
{
    /** Every loop thread's name starts with this, so {@link ThreadAllocation} can find it. */
    static final String THREAD_NAME_PREFIX = "bench-peer-";

    private static final long JOIN_TIMEOUT_MS = 10_000;

    private final String name;
    private final IdleStrategy idle;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private Thread thread;

    BackgroundLoop(final String name, final IdleStrategy idle)
    {
        this.name = name;
        this.idle = idle;
    }

    /**
     * One duty cycle; must not allocate.
     *
     * @return work done, 0 when there was nothing to do.
     */
    abstract int doWork();

    /** Starts the thread. */
    final void start()
    {
        thread = new Thread(this, THREAD_NAME_PREFIX + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public final void run()
    {
        try
        {
            while (running)
            {
                idle.idle(doWork());
            }
        }
        catch (final Throwable t)
        {
            failure = t;
            onFailure();
        }
    }

    /**
     * Called on the loop's thread after {@link #doWork()} has thrown, so a peer blocked in the kernel
     * waiting for this loop (a blocking socket read) can be woken, for example by closing the socket.
     * Must not throw.
     */
    void onFailure()
    {
    }

    /**
     * Called by {@link #stopAndJoin()} after the stop flag is set and before the join, so a loop
     * blocked in the kernel (a park, a select, a blocking read) is woken and sees the flag.
     */
    void wakeForStop()
    {
    }

    /** @return whether the loop should keep going; for waits inside {@link #doWork()}. */
    final boolean isRunning()
    {
        return running;
    }

    /**
     * Throws on the caller's thread if the loop has failed.
     *
     * @throws IllegalStateException carrying the loop's failure.
     */
    final void checkHealthy()
    {
        final Throwable t = failure;
        if (t != null)
        {
            throw new IllegalStateException(name + " failed: " + t, t);
        }
    }

    /**
     * Asks the loop to stop and waits for its thread.
     *
     * @throws IllegalStateException if the thread does not stop within 10 s.
     */
    final void stopAndJoin()
    {
        running = false;
        if (thread == null)
        {
            return;
        }
        wakeForStop();
        LockSupport.unpark(thread);
        try
        {
            thread.join(JOIN_TIMEOUT_MS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            throw new IllegalStateException("thread " + name + " did not stop within " + JOIN_TIMEOUT_MS + " ms");
        }
    }
}
