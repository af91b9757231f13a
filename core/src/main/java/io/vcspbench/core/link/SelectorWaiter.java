package io.vcspbench.core.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Kernel-blocking waiter for TCP links: the thread blocks in epoll on the sockets of the channels it
 * watches, for reading, and for writing while a channel has bytes the socket has not taken yet. A
 * wake from another thread ends the select. The selector's timeout has a resolution of 1 ms, so an
 * exact wait shorter than that (a frame held back by the emulated link) sleeps instead: nothing but
 * that frame can make progress for the thread before it falls due. Selecting with a consumer rather
 * than the selected-key set allocates nothing.
 */
final class SelectorWaiter extends BlockingWaiter
{
    private static final long MS = 1_000_000L;

    private final Selector selector;
    private final Consumer<SelectionKey> onReady = key -> { };
    private TcpChannel[] channels = new TcpChannel[0];
    private SelectionKey[] keys = new SelectionKey[0];
    private volatile boolean selecting;

    SelectorWaiter()
    {
        try
        {
            selector = Selector.open();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot open a selector: " + e.getMessage(), e);
        }
    }

    /** Registers a channel's socket for reading. Before the owner thread starts. */
    void add(final TcpChannel channel, final SocketChannel socket)
    {
        try
        {
            final SelectionKey key = socket.register(selector, SelectionKey.OP_READ);
            channels = Arrays.copyOf(channels, channels.length + 1);
            keys = Arrays.copyOf(keys, keys.length + 1);
            channels[channels.length - 1] = channel;
            keys[keys.length - 1] = key;
        }
        catch (final IOException e)
        {
            throw new LinkException("cannot watch the " + channel.codec.channelName() + " channel: " + e.getMessage(), e);
        }
    }

    @Override
    public void await(final long timeoutNs, final boolean exact)
    {
        own();
        if (takeWake())
        {
            return;
        }
        final long ns = Math.min(Math.max(timeoutNs, 1), MAX_WAIT_NS);
        if (exact && ns < MS)
        {
            sleepExactly(ns);
            return;
        }
        final long startNs = System.nanoTime();
        int ready = 0;
        try
        {
            for (int i = 0; i < keys.length; i++)
            {
                final int ops = channels[i].isFlushed() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
                if (keys[i].isValid() && keys[i].interestOps() != ops)
                {
                    keys[i].interestOps(ops);
                }
            }
            selecting = true;
            if (!takeWake())
            {
                ready = selector.select(onReady, exact ? ns / MS : (ns + MS - 1) / MS);
            }
        }
        catch (final IOException e)
        {
            throw new LinkException("waiting on the link failed: " + e.getMessage(), e);
        }
        finally
        {
            selecting = false;
        }
        if (takeWake() || ready > 0)
        {
            return;
        }
        final long left = ns - (System.nanoTime() - startNs);
        if (exact && left > 0)
        {
            sleepExactly(left);
        }
    }

    @Override
    public void wake()
    {
        wakeOwner();
        if (selecting)
        {
            selector.wakeup();
        }
    }

    @Override
    public void close()
    {
        try
        {
            selector.close();
        }
        catch (final IOException ignore)
        {
            // closing: nothing left to do with it
        }
    }
}
