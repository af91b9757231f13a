package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.source.SourceAgent;
import org.agrona.concurrent.NanoClock;

/**
 * The source half of a post-copy migration: guest memory filled from the seed and the agent that
 * sends the CPU state, serves faults and pushes the rest, on thread "vcsp-source". Used by the
 * in-process run and by {@code vcsp source} in its own process. Owns its memory: {@link #close()}
 * releases it.
 */
public final class SourceSide implements AutoCloseable
{
    /** Most pages one request may ask for at the source; the destination's N decides below that. */
    static final int MAX_REQUEST_PAGES = 65_536;

    private final GuestMemory memory;
    private final SourceAgent agent;
    private final Waiter waiter;
    private final Thread thread;

    /**
     * @param config  the run's configuration (memory size, seed, push batch, wait strategy, timeouts).
     * @param link    the source's link end.
     * @param control run state shared with whoever waits for the end.
     * @param clock   time source.
     */
    public SourceSide(final MigrationConfig config, final LinkEnd link, final MigrationControl control,
        final NanoClock clock)
    {
        memory = GuestMemory.allocate(config.memoryPages());
        waiter = link.newWaiter(config.waitStrategy());
        try
        {
            memory.fillPattern(config.seed());
            agent = new SourceAgent(memory, link, control, waiter, clock,
                MAX_REQUEST_PAGES, config.pushBatchPages(), config.linkConfig().maxPagesPerFrame(),
                config.faultTimeoutMs(), config.seed(), config.push());
        }
        catch (final RuntimeException e)
        {
            waiter.close();
            memory.close();
            throw e;
        }
        thread = RunThreads.named(agent, "vcsp-source", control);
    }

    /** @return the agent, for its counters once the thread has stopped. */
    public SourceAgent agent()
    {
        return agent;
    }

    /** @return the source's memory (valid until {@link #close()}). */
    public GuestMemory memory()
    {
        return memory;
    }

    /** @return the agent's thread, not started. */
    public Thread thread()
    {
        return thread;
    }

    /** Releases the memory and the waiter; call only after the thread has stopped. */
    @Override
    public void close()
    {
        waiter.close();
        memory.close();
    }
}
