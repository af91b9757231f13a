package io.vcspbench.core.link;

/**
 * A {@link LinkEnd} made of two channels.
 */
final class ChannelLinkEnd implements LinkEnd
{
    private final Channel demand;
    private final Channel push;

    ChannelLinkEnd(final Channel demand, final Channel push)
    {
        this.demand = demand;
        this.push = push;
    }

    @Override
    public Channel demand()
    {
        return demand;
    }

    @Override
    public Channel push()
    {
        return push;
    }

    @Override
    public Waiter newBlockingWaiter()
    {
        return demand instanceof TcpChannel ? new SelectorWaiter() : new ParkWaiter();
    }

    @Override
    public void close()
    {
        try
        {
            demand.close();
        }
        finally
        {
            push.close();
        }
    }
}
