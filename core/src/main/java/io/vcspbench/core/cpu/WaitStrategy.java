package io.vcspbench.core.cpu;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How a thread waits for work or for a page: a named Agrona {@link IdleStrategy}. The default,
 * {@link #BACKOFF}, spins briefly, then yields, then parks, so on a 2-core machine a waiting thread
 * does not burn the core another thread needs.
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
    PARK("park");

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

    /** @return a new idle strategy of this kind; one per thread, they hold state. */
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
        throw new IllegalArgumentException("wait strategy must be one of spin|yield|backoff|park, was '" + name + "'");
    }
}
