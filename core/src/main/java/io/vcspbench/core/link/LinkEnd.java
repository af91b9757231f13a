package io.vcspbench.core.link;

import io.vcspbench.core.cpu.WaitStrategy;

/**
 * One side (source or destination) of a migration link: a demand channel for fault requests, the
 * pages they ask for and control frames, and a push channel for background pages, so a fault never
 * waits behind pushed pages (QEMU's postcopy "preempt" channel). Both channels of one end share one
 * pacer, so together they never exceed the configured bandwidth.
 */
public interface LinkEnd extends AutoCloseable
{
    /** @return the demand channel. */
    Channel demand();

    /** @return the push channel. */
    Channel push();

    /**
     * @return a new waiter that blocks in the kernel on this end's channels (a selector over TCP, a
     * park over the in-process link); one per thread, registered with {@link Waiter#watch}.
     */
    Waiter newBlockingWaiter();

    /**
     * @param strategy how the thread waits.
     * @return a new waiter for one thread: {@link #newBlockingWaiter()} for {@link WaitStrategy#BLOCK},
     * else one polling with the strategy's idle strategy; register it with {@link Waiter#watch}.
     */
    default Waiter newWaiter(final WaitStrategy strategy)
    {
        return strategy.blocking() ? newBlockingWaiter() : new IdleWaiter(strategy.newIdleStrategy());
    }

    /** @return total bytes sent on both channels. */
    default long bytesSent()
    {
        return demand().bytesSent() + push().bytesSent();
    }

    /** @return total bytes received on both channels. */
    default long bytesReceived()
    {
        return demand().bytesReceived() + push().bytesReceived();
    }

    /** Closes both channels. Idempotent. */
    @Override
    void close();
}
