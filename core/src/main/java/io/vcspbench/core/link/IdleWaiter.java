package io.vcspbench.core.link;

import org.agrona.concurrent.IdleStrategy;

/**
 * A waiter that polls: each {@link #await} is one step of an Agrona {@link IdleStrategy} (busy spin,
 * yield, backoff or park), whatever the timeout. Wakes are not needed, since the owner polls; they
 * cost nothing.
 */
public final class IdleWaiter extends Waiter
{
    private final IdleStrategy idle;

    /**
     * @param idle the strategy; one per thread, it holds state.
     */
    public IdleWaiter(final IdleStrategy idle)
    {
        this.idle = idle;
    }

    @Override
    public void await(final long timeoutNs, final boolean exact)
    {
        idle.idle();
    }

    @Override
    public void wake()
    {
    }

    @Override
    public void reset()
    {
        idle.reset();
    }
}
