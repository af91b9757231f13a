package io.vcspbench.core.link;

import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The listening side of a TCP link (the source, in two-process runs): binds at once, then
 * {@link #accept(long, Consumer)} takes a peer's two connections (demand and push), checks each HELLO
 * (and, with a shared secret, the peer's proof) and returns the link end. A connection that fails its
 * handshake, stays silent past {@link LinkConfig#handshakeTimeoutMs()} or speaks garbage is closed and
 * reported in one line while the listener goes on waiting, so no stranger can block or end it; at most
 * {@link #MAX_HANDSHAKES} handshakes run at once, the oldest unfinished one giving way to a newcomer.
 * Not thread-safe; close it when done.
 */
public final class TcpListener implements AutoCloseable
{
    /** Most connections in their handshake at once. */
    public static final int MAX_HANDSHAKES = 8;

    private final LinkConfig config;
    private final LinkSecret secret;
    private final ServerSocketChannel server;

    TcpListener(final LinkConfig config, final InetSocketAddress bind, final LinkSecret secret)
    {
        this.config = config;
        this.secret = secret;
        try
        {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, 16);
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
     * As {@link #accept(long, Consumer)}, not reporting the connections turned away.
     *
     * @param timeoutMs how long to wait for the peer, ms.
     * @return this side's link end.
     */
    public LinkEnd accept(final long timeoutMs)
    {
        return accept(timeoutMs, line -> { });
    }

    /**
     * Waits for a peer whose demand and push connections both complete the handshake, turning away
     * every other connection.
     *
     * @param timeoutMs how long to wait for the peer in all, ms.
     * @param turnedAway receives one line for each connection refused or dropped (on this thread).
     * @return this side's link end.
     * @throws LinkException when no peer completed the handshake in time.
     */
    public LinkEnd accept(final long timeoutMs, final Consumer<String> turnedAway)
    {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        final List<Pending> pending = new ArrayList<>();
        int dropped = 0;
        try
        {
            while (true)
            {
                boolean progress = false;
                SocketChannel socket;
                while ((socket = server.accept()) != null)
                {
                    progress = true;
                    if (pending.size() == MAX_HANDSHAKES)
                    {
                        final Pending oldest = oldestUnfinished(pending);
                        if (oldest == null)
                        {
                            turnedAway.accept("dropped a connection from " + remote(socket) + ": " + MAX_HANDSHAKES +
                                " handshakes already in progress");
                            closeQuietly(socket);
                            dropped++;
                            continue;
                        }
                        pending.remove(oldest);
                        oldest.close();
                        dropped++;
                        turnedAway.accept("dropped a connection from " + oldest.peer + ": its handshake gave way to " +
                            "a newer connection (" + MAX_HANDSHAKES + " at most at once)");
                    }
                    try
                    {
                        pending.add(new Pending(socket));
                    }
                    catch (final IOException e)
                    {
                        // One connection that cannot be set up must neither end the wait nor stay open.
                        turnedAway.accept("dropped a connection from " + remote(socket) + ": " + e.getMessage());
                        closeQuietly(socket);
                        dropped++;
                    }
                }
                final long nowNs = System.nanoTime();
                for (final Iterator<Pending> it = pending.iterator(); it.hasNext(); )
                {
                    final Pending p = it.next();
                    final String reason = p.advance(nowNs);
                    if (reason == null)
                    {
                        progress |= p.progressed;
                        continue;
                    }
                    it.remove();
                    p.close();
                    dropped++;
                    turnedAway.accept(reason);
                }
                final Pending[] pair = pair(pending, turnedAway);
                if (pair != null)
                {
                    pending.remove(pair[Frame.CHANNEL_DEMAND]);
                    pending.remove(pair[Frame.CHANNEL_PUSH]);
                    for (final Pending other : pending)
                    {
                        other.close();
                        turnedAway.accept("dropped a connection from " + other.peer + ": another peer was accepted");
                    }
                    pending.clear();
                    return linkEnd(pair);
                }
                if (nowNs > deadlineNs)
                {
                    throw new LinkException("no peer completed the handshake on " + describe(localAddress()) +
                        " within " + timeoutMs + " ms" + (dropped > 0 ? " (" + dropped + " connections turned away)" : ""));
                }
                if (!progress)
                {
                    Thread.sleep(1);
                }
            }
        }
        catch (final IOException e)
        {
            throw new LinkException("accepting on " + describe(localAddress()) + " failed: " + e.getMessage(), e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new LinkException("interrupted while waiting for a peer");
        }
        finally
        {
            pending.forEach(Pending::close);
        }
    }

    private LinkEnd linkEnd(final Pending[] pair)
    {
        final SocketChannel[] sockets = { pair[0].socket, pair[1].socket };
        final long[] offsets = { pair[0].clockOffsetNs, pair[1].clockOffsetNs };
        try
        {
            return Links.tcpEnd(config, sockets, offsets, pair[Frame.CHANNEL_DEMAND].peer, SystemNanoClock.INSTANCE);
        }
        catch (final IOException e)
        {
            closeAll(sockets);
            throw new LinkException("setting up the link with " + pair[0].peer + " failed: " + e.getMessage(), e);
        }
    }

    /** @return the demand and push connections of one session that both completed the handshake, or null. */
    private static Pending[] pair(final List<Pending> pending, final Consumer<String> turnedAway)
    {
        for (int i = 0; i < pending.size(); i++)
        {
            final Pending a = pending.get(i);
            if (!a.ready)
            {
                continue;
            }
            for (int j = i + 1; j < pending.size(); j++)
            {
                final Pending b = pending.get(j);
                if (b.ready && b.session == a.session)
                {
                    if (b.channelId == a.channelId)
                    {
                        pending.remove(j);
                        b.close();
                        turnedAway.accept("dropped a connection from " + b.peer + ": channel " + b.channelId +
                            " of its session was already connected");
                        return null;
                    }
                    final Pending[] pair = new Pending[2];
                    pair[a.channelId] = a;
                    pair[b.channelId] = b;
                    return pair;
                }
            }
        }
        return null;
    }

    private static Pending oldestUnfinished(final List<Pending> pending)
    {
        for (final Pending p : pending)
        {
            if (!p.ready)
            {
                return p;
            }
        }
        return null;
    }

    private static String remote(final SocketChannel socket)
    {
        try
        {
            return describe((InetSocketAddress)socket.getRemoteAddress());
        }
        catch (final IOException e)
        {
            return "a peer";
        }
    }

    private static void closeQuietly(final SocketChannel socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // turning it away either way
        }
    }

    /** One incoming connection in its handshake: reads HELLO, answers, reads AUTH (with a secret). */
    private final class Pending
    {
        final SocketChannel socket;
        final String peer;
        final long deadlineNs;
        final ByteBuffer header = ByteBuffer.allocate(Frame.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer payload;
        int expectedType = Frame.TYPE_HELLO;
        long receivedNs;
        int channelId = -1;
        long session;
        long clockOffsetNs;
        byte[] expectedProof;
        boolean ready;
        boolean progressed;

        Pending(final SocketChannel socket) throws IOException
        {
            this.socket = socket;
            this.peer = remote(socket);
            this.deadlineNs = System.nanoTime() + config.handshakeTimeoutMs() * 1_000_000L;
            socket.configureBlocking(false);
        }

        /** @return null while the handshake goes on or is done, else the one line saying why it was turned away. */
        String advance(final long nowNs)
        {
            progressed = false;
            try
            {
                if (!ready)
                {
                    read();
                }
            }
            catch (final Handshake.HandshakeMismatch e)
            {
                Handshake.sendError(socket, e.getMessage());
                return "refused the connection from " + peer + ": " + e.getMessage();
            }
            catch (final LinkException | IOException e)
            {
                return "dropped a connection from " + peer + ": " + e.getMessage();
            }
            if (nowNs > deadlineNs)
            {
                final String what = ready ? "its other channel did not follow" : "no complete handshake";
                Handshake.sendError(socket, "handshake timed out");
                return "dropped a connection from " + peer + ": " + what + " within " + config.handshakeTimeoutMs() +
                    " ms";
            }
            return null;
        }

        private void read() throws IOException
        {
            if (payload == null)
            {
                if (fill(header))
                {
                    return;
                }
                receivedNs = System.nanoTime();
                payload = ByteBuffer.allocate(Handshake.payloadLength(header, expectedType, "it"))
                    .order(ByteOrder.LITTLE_ENDIAN);
            }
            if (fill(payload))
            {
                return;
            }
            if (expectedType == Frame.TYPE_HELLO)
            {
                onHello();
            }
            else
            {
                Handshake.checkAuth(header, payload, channelId, session, expectedProof, "it");
                ready = true;
            }
            header.clear();
            payload = null;
        }

        /** @return true while the buffer still lacks bytes. */
        private boolean fill(final ByteBuffer buffer) throws IOException
        {
            final int read = socket.read(buffer);
            if (read < 0)
            {
                throw new LinkException("it closed the connection during the handshake");
            }
            progressed |= read > 0;
            return buffer.hasRemaining();
        }

        private void onHello() throws IOException
        {
            final Handshake.Hello hello = Handshake.parse(header, payload, Frame.TYPE_HELLO, config, secret,
                receivedNs, "it");
            final int id = hello.channelId();
            if (id != Frame.CHANNEL_DEMAND && id != Frame.CHANNEL_PUSH)
            {
                throw new Handshake.HandshakeMismatch("unexpected channel id " + id);
            }
            channelId = id;
            session = hello.session();
            clockOffsetNs = Links.sameHost(socket) ? 0 : hello.receivedNs() - hello.peerNanoTime();
            final byte[] nonce = LinkSecret.nonce();
            final byte[] proof = secret.isSet() ? secret.listenerProof(id, session, hello.nonce(), nonce) : null;
            Handshake.send(socket, Frame.TYPE_HELLO_ACK, id, config, secret.isSet(), session, nonce, proof,
                deadlineNs, peer);
            if (secret.isSet())
            {
                expectedProof = secret.connectorProof(id, session, hello.nonce(), nonce);
                expectedType = Frame.TYPE_AUTH;
            }
            else
            {
                ready = true;
            }
        }

        void close()
        {
            closeQuietly(socket);
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
