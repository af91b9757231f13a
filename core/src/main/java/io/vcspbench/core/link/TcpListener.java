package io.vcspbench.core.link;

import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The listening side of a TCP link (the source, in two-process runs): binds at once, then
 * {@link #accept(long)} takes the peer's two connections (demand and push), checks each HELLO and
 * returns the link end. Not thread-safe; close it when done.
 */
public final class TcpListener implements AutoCloseable
{
    private final LinkConfig config;
    private final ServerSocketChannel server;

    TcpListener(final LinkConfig config, final InetSocketAddress bind)
    {
        this.config = config;
        try
        {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, 4);
            server.configureBlocking(false);
        }
        catch (final IOException e)
        {
            throw new LinkException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " +
                e.getMessage(), e);
        }
    }

    /** @return the address actually bound (the port is chosen by the system when 0 was asked). */
    public InetSocketAddress localAddress()
    {
        try
        {
            return (InetSocketAddress)server.getLocalAddress();
        }
        catch (final IOException e)
        {
            throw new LinkException("listener is closed", e);
        }
    }

    /**
     * Waits for a peer's demand and push connections and completes the handshake on both.
     *
     * @param timeoutMs how long to wait for the peer, ms.
     * @return this side's link end.
     * @throws LinkException on timeout, or when the peer's configuration differs (it is told why).
     */
    public LinkEnd accept(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        final SocketChannel[] sockets = new SocketChannel[2];
        final long[] offsets = new long[2];
        String peer = "peer";
        try
        {
            int accepted = 0;
            while (accepted < 2)
            {
                final SocketChannel socket = server.accept();
                if (socket == null)
                {
                    if (System.nanoTime() > deadlineNs)
                    {
                        throw new LinkException("no peer connected to " + describe(localAddress()) + " within " +
                            timeoutMs + " ms");
                    }
                    Thread.sleep(1);
                    continue;
                }
                peer = describe((InetSocketAddress)socket.getRemoteAddress());
                socket.configureBlocking(false);
                final Handshake.Hello hello;
                try
                {
                    hello = Handshake.receive(socket, Frame.TYPE_HELLO, config, deadlineNs, peer);
                }
                catch (final Handshake.HandshakeMismatch e)
                {
                    Handshake.sendError(socket, e.getMessage());
                    socket.close();
                    throw new LinkException("refused the connection from " + peer + ": " + e.getMessage());
                }
                final int id = hello.channelId();
                if (id != Frame.CHANNEL_DEMAND && id != Frame.CHANNEL_PUSH || sockets[id] != null)
                {
                    Handshake.sendError(socket, "unexpected channel id " + id);
                    socket.close();
                    throw new LinkException("refused the connection from " + peer + ": unexpected channel id " + id);
                }
                Handshake.send(socket, Frame.TYPE_HELLO_ACK, id, config, deadlineNs, peer);
                sockets[id] = socket;
                offsets[id] = Links.sameHost(socket) ? 0 : hello.receivedNs() - hello.peerNanoTime();
                accepted++;
            }
            return Links.tcpEnd(config, sockets, offsets, peer, SystemNanoClock.INSTANCE);
        }
        catch (final IOException e)
        {
            closeAll(sockets);
            throw new LinkException("handshake with " + peer + " failed: " + e.getMessage(), e);
        }
        catch (final InterruptedException e)
        {
            closeAll(sockets);
            Thread.currentThread().interrupt();
            throw new LinkException("interrupted while waiting for a peer");
        }
        catch (final RuntimeException e)
        {
            closeAll(sockets);
            throw e;
        }
    }

    /** Stops listening; link ends already accepted stay open. Idempotent. */
    @Override
    public void close()
    {
        try
        {
            server.close();
        }
        catch (final IOException ignore)
        {
            // nothing to do: the port is released either way
        }
    }

    static String describe(final InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }

    static void closeAll(final SocketChannel[] sockets)
    {
        for (final SocketChannel s : sockets)
        {
            if (s != null)
            {
                try
                {
                    s.close();
                }
                catch (final IOException ignore)
                {
                    // already failing; the first error is the one reported
                }
            }
        }
    }
}
