package io.vcspbench.benchmarks;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.Waiter;
import org.agrona.concurrent.IdleStrategy;

/**
 * An Agrona {@link IdleStrategy} for a benchmark thread that waits on one channel of the migration
 * link: the named polling strategy, or for {@code block} the link's own kernel-blocking
 * {@link Waiter} watching that channel, so the round-trip benchmarks wait exactly as a migration's
 * threads do. Close it to release the waiter's selector.
 */
final class LinkIdle implements IdleStrategy, AutoCloseable
{
    private final IdleStrategy polling;
    private final Waiter waiter;

    private LinkIdle(final IdleStrategy polling, final Waiter waiter)
    {
        this.polling = polling;
        this.waiter = waiter;
    }

    /**
     * @param strategy how to wait.
     * @param end      the link end the thread works on.
     * @param channel  the channel it reads (watched when blocking).
     * @return the idle strategy, for one thread.
     */
    static LinkIdle of(final WaitStrategy strategy, final LinkEnd end, final Channel channel)
    {
        if (!strategy.blocking())
        {
            return new LinkIdle(strategy.newIdleStrategy(), null);
        }
        final Waiter waiter = end.newBlockingWaiter();
        waiter.watch(channel);
        return new LinkIdle(null, waiter);
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
        if (waiter != null)
        {
            waiter.await(Waiter.MAX_WAIT_NS, false);
        }
        else
        {
            polling.idle();
        }
    }

    @Override
    public void reset()
    {
        if (waiter != null)
        {
            waiter.reset();
        }
        else
        {
            polling.reset();
        }
    }

    @Override
    public void close()
    {
        if (waiter != null)
        {
            waiter.close();
        }
    }
}
