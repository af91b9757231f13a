package io.vcspbench.benchmarks;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.Waiter;
import org.agrona.concurrent.IdleStrategy;

/**
 * An Agrona {@link IdleStrategy} for a benchmark thread that waits on one channel of the migration
 * link, through the link's own {@link Waiter} for the strategy (polling, or for {@code block} blocking
 * in the kernel on that channel), so the round-trip benchmarks wait exactly as a migration's threads
 * do. Close it to release the waiter's selector.
 */
final class LinkIdle implements IdleStrategy, AutoCloseable
{
    private final Waiter waiter;

    private LinkIdle(final Waiter waiter)
    {
        this.waiter = waiter;
    }

    /**
     * @param strategy how to wait.
     * @param end      the link end the thread works on.
     * @param channel  the channel it reads.
     * @return the idle strategy, for one thread.
     */
    static LinkIdle of(final WaitStrategy strategy, final LinkEnd end, final Channel channel)
    {
        final Waiter waiter = end.newWaiter(strategy);
        waiter.watch(channel);
        return new LinkIdle(waiter);
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        waiter.await(Waiter.MAX_WAIT_NS, false);
    }

    @Override
    public void reset()
    {
        waiter.reset();
    }

    @Override
    public void close()
    {
        waiter.close();
    }
}
