package io.vcspbench.core.cpu;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How a thread waits for work or for a page. The default, {@link #BLOCK}, blocks in the kernel and is
 * woken by what it waits for (a socket becoming readable or writable, an unpark from the thread that
 * sent to it), so a waiting thread neither burns a core another thread needs nor sleeps through a
 * reply. The others poll with a named Agrona {@link IdleStrategy}.
 */
public enum WaitStrategy
{
    /** Busy spin: lowest latency, one core at 100%. */
    SPIN("spin"),
    /** Thread.yield() between checks. */
    YIELD("yield"),
    /** Spin, then yield, then park from 1 µs up to 100 µs. */
    BACKOFF("backoff"),
    /** Park 50 µs between checks. */
    PARK("park"),
    /** Block in the kernel until woken by the event waited for (selector over TCP, park/unpark in process). */
    BLOCK("block");

    private final String cliName;

    WaitStrategy(final String cliName)
    {
        this.cliName = cliName;
    }

    /** @return the CLI name. */
    public String cliName()
    {
        return cliName;
    }

    /** @return whether threads block in the kernel rather than poll. */
    public boolean blocking()
    {
        return this == BLOCK;
    }

    /**
     * @return a new idle strategy of this kind, for loops that poll; one per thread, they hold state.
     * {@link #BLOCK} polls with the backoff strategy where a thread has no event to block on.
     */
    public IdleStrategy newIdleStrategy()
    {
        switch (this)
        {
            case SPIN: return new BusySpinIdleStrategy();
            case YIELD: return new YieldingIdleStrategy();
            case PARK: return new SleepingIdleStrategy(50_000);
            case BACKOFF:
            default: return new BackoffIdleStrategy(64, 64, 1_000, 100_000);
        }
    }

    /**
     * @param name CLI name.
     * @return the strategy.
     * @throws IllegalArgumentException naming the allowed values.
     */
    public static WaitStrategy fromCliName(final String name)
    {
        for (final WaitStrategy w : values())
        {
            if (w.cliName.equals(name))
            {
                return w;
            }
        }
        throw new IllegalArgumentException("wait strategy must be one of spin|yield|backoff|park|block, was '" + name + "'");
    }
}
