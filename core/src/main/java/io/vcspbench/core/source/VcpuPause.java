package io.vcspbench.core.source;

import io.vcspbench.core.cpu.Sleeper;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.locks.LockSupport;

/**
 * The stop signal for the source vCPU at the start of stop-and-copy, and the sleeper its throttle
 * uses: a throttle sleep ends early when the pause is requested, since a guest being paused does
 * not finish its timeslice first. {@link #request()} from the migration thread; the vCPU thread
 * registers itself with {@link #bind(Thread)} and acknowledges with {@link #acknowledge(long)}.
 */
public final class VcpuPause implements Sleeper
{
    private volatile boolean requested;
    private volatile long pausedNs;
    private volatile Thread vcpu;

    /**
     * @param vcpuThread the thread to wake when the pause is requested.
     */
    public void bind(final Thread vcpuThread)
    {
        vcpu = vcpuThread;
    }

    /** Asks the vCPU to stop at its next check and wakes it if it is sleeping. Any thread. */
    public void request()
    {
        requested = true;
        final Thread t = vcpu;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    /** @return whether the pause was requested. */
    public boolean requested()
    {
        return requested;
    }

    /**
     * The vCPU has stopped touching memory; every write it made happens-before a read of
     * {@link #pausedNs()} that sees this.
     *
     * @param nowNs when it stopped, ns.
     */
    public void acknowledge(final long nowNs)
    {
        pausedNs = nowNs;
    }

    /** @return when the vCPU stopped, ns, or 0 while it runs. */
    public long pausedNs()
    {
        return pausedNs;
    }

    /** {@inheritDoc} Returns early once the pause is requested. */
    @Override
    public void sleepUntil(final NanoClock clock, final long deadlineNs)
    {
        long left;
        while (!requested && (left = deadlineNs - clock.nanoTime()) > 0)
        {
            LockSupport.parkNanos(left);
        }
    }
}
