package io.vcspbench.core.link;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Opens links: both ends in one process ({@link #openInProcess}), or one end per process over TCP
 * ({@link #listen} on the source, {@link #connect} on the destination). Pacing and latency come from
 * the {@link LinkConfig}; each end paces what it sends, both of its channels sharing one budget.
 */
public final class Links
{
    private Links()
    {
    }

    /**
     * Both ends in this process: Agrona ring buffers for {@code ipc}, two loopback TCP connections
     * (with the handshake) for {@code tcp}.
     *
     * @param config link configuration.
     * @return the pair; close it when done.
     * @throws LinkException if the TCP connections cannot be set up.
     */
    public static LinkPair openInProcess(final LinkConfig config)
    {
        if (config.kind() == LinkKind.IPC)
        {
            return openIpc(config);
        }
        try (TcpListener listener = listen(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            // No secret in one process: the connector's second step runs only after the listener is done.
            final TcpConnector connector = new TcpConnector(config, listener.localAddress(), LinkSecret.NONE);
            try
            {
                connector.start();
                final LinkEnd source = listener.accept(config.connectTimeoutMs());
                try
                {
                    return new LinkPair(source, connector.finish());
                }
                catch (final RuntimeException e)
                {
                    source.close();
                    throw e;
                }
            }
            catch (final RuntimeException e)
            {
                connector.abandon();
                throw e;
            }
        }
    }

    /**
     * Binds a TCP listener now; {@link TcpListener#accept(long)} then waits for the peer.
     *
     * @param config link configuration; the peer must agree on memory size, frame limit and CRC.
     * @param bind   address to bind, e.g. 127.0.0.1:7070 (port 0 picks a free port).
     * @return the listener.
     * @throws LinkException if the address cannot be bound.
     */
    public static TcpListener listen(final LinkConfig config, final InetSocketAddress bind)
    {
        return listen(config, bind, LinkSecret.NONE);
    }

    /**
     * Binds a TCP listener that accepts only a peer proving it holds the same secret, and proves it
     * holds it in turn.
     *
     * @param config link configuration; the peer must agree on memory size, frame limit and CRC.
     * @param bind   address to bind.
     * @param secret the shared secret, or {@link LinkSecret#NONE}: then a peer with a secret is refused.
     * @return the listener.
     * @throws LinkException if the address cannot be bound.
     */
    public static TcpListener listen(final LinkConfig config, final InetSocketAddress bind, final LinkSecret secret)
    {
        return new TcpListener(config, bind, secret);
    }

    /**
     * Connects to a listening peer, retrying a refused connection until the connect timeout so the
     * two processes may start in either order, and completes the handshake.
     *
     * @param config  link configuration.
     * @param address the listener's address.
     * @return this side's link end.
     * @throws LinkException on timeout, or when the peer refuses (its reason is in the message).
     */
    public static LinkEnd connect(final LinkConfig config, final InetSocketAddress address)
    {
        return connect(config, address, LinkSecret.NONE);
    }

    /**
     * As {@link #connect(LinkConfig, InetSocketAddress)}, and with a secret the listener must prove it
     * holds before this side proves it in turn.
     *
     * @param config  link configuration.
     * @param address the listener's address.
     * @param secret  the shared secret, or {@link LinkSecret#NONE}.
     * @return this side's link end.
     * @throws LinkException on timeout, when the peer refuses, or when it fails to prove the secret.
     */
    public static LinkEnd connect(final LinkConfig config, final InetSocketAddress address, final LinkSecret secret)
    {
        final TcpConnector connector = new TcpConnector(config, address, secret);
        try
        {
            connector.start();
            return connector.finish();
        }
        catch (final RuntimeException e)
        {
            connector.abandon();
            throw e;
        }
    }

    private static LinkPair openIpc(final LinkConfig config)
    {
        final NanoClock clock = SystemNanoClock.INSTANCE;
        final long latencyNs = config.latencyUs() * 1_000L;
        final IpcPipe demandDown = new IpcPipe(config.ringCapacityBytes());
        final IpcPipe demandUp = new IpcPipe(config.ringCapacityBytes());
        final IpcPipe pushDown = new IpcPipe(config.ringCapacityBytes());
        final IpcPipe pushUp = new IpcPipe(config.ringCapacityBytes());
        final Pacer sourcePacer = pacer(config);
        final Pacer destinationPacer = pacer(config);
        final LinkEnd source = new ChannelLinkEnd(
            new IpcChannel(new FrameCodec(Frame.CHANNEL_DEMAND, config), demandDown, demandUp, sourcePacer, clock, latencyNs),
            new IpcChannel(new FrameCodec(Frame.CHANNEL_PUSH, config), pushDown, pushUp, sourcePacer, clock, latencyNs));
        final LinkEnd destination = new ChannelLinkEnd(
            new IpcChannel(new FrameCodec(Frame.CHANNEL_DEMAND, config), demandUp, demandDown, destinationPacer, clock, latencyNs),
            new IpcChannel(new FrameCodec(Frame.CHANNEL_PUSH, config), pushUp, pushDown, destinationPacer, clock, latencyNs));
        return new LinkPair(source, destination);
    }

    private static Pacer pacer(final LinkConfig config)
    {
        return config.bandwidthMbit() > 0 ? new Pacer(config.bandwidthMbit(), config.maxFrameLength()) : null;
    }

    static LinkEnd tcpEnd(
        final LinkConfig config, final SocketChannel[] sockets, final long[] clockOffsetsNs, final String peer,
        final NanoClock clock) throws IOException
    {
        final Pacer pacer = pacer(config);
        final long latencyNs = config.latencyUs() * 1_000L;
        final Channel[] channels = new Channel[2];
        for (int id = 0; id < 2; id++)
        {
            final SocketChannel s = sockets[id];
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.setOption(StandardSocketOptions.SO_SNDBUF, config.socketBufferBytes());
            s.setOption(StandardSocketOptions.SO_RCVBUF, config.socketBufferBytes());
            channels[id] = new TcpChannel(new FrameCodec(id, config), s,
                peer, pacer, clock, latencyNs, clockOffsetsNs[id], config.socketBufferBytes());
        }
        return new ChannelLinkEnd(channels[Frame.CHANNEL_DEMAND], channels[Frame.CHANNEL_PUSH]);
    }

    static boolean sameHost(final SocketChannel socket) throws IOException
    {
        // One host has one monotonic clock: no offset to estimate, and none to get wrong.
        final InetSocketAddress remote = (InetSocketAddress)socket.getRemoteAddress();
        return remote.getAddress().isLoopbackAddress() ||
            remote.getAddress().equals(((InetSocketAddress)socket.getLocalAddress()).getAddress());
    }

    /** The connecting side, in two steps so one thread can play both sides in one process. */
    static final class TcpConnector
    {
        private final LinkConfig config;
        private final InetSocketAddress address;
        private final LinkSecret secret;
        private final String peer;
        private final SocketChannel[] sockets = new SocketChannel[2];
        private final long[] helloSentNs = new long[2];
        private final byte[][] nonces = new byte[2][];
        private final long session = LinkSecret.sessionId();
        private long deadlineNs;

        TcpConnector(final LinkConfig config, final InetSocketAddress address, final LinkSecret secret)
        {
            this.config = config;
            this.address = address;
            this.secret = secret;
            this.peer = TcpListener.describe(address);
        }

        /** Connects both channels and sends their HELLOs. */
        void start()
        {
            deadlineNs = System.nanoTime() + config.connectTimeoutMs() * 1_000_000L;
            try
            {
                for (int id = 0; id < 2; id++)
                {
                    sockets[id] = connectWithRetry();
                    helloSentNs[id] = System.nanoTime();
                    nonces[id] = LinkSecret.nonce();
                    Handshake.send(sockets[id], Frame.TYPE_HELLO, id, config, secret.isSet(), session, nonces[id], null,
                        deadlineNs, peer);
                }
            }
            catch (final IOException e)
            {
                throw new LinkException("cannot connect to " + peer + ": " + e.getMessage(), e);
            }
        }

        /** Reads both HELLO_ACKs, checks the listener's proofs and sends this side's (with a secret). */
        LinkEnd finish()
        {
            try
            {
                final long[] offsets = new long[2];
                for (int id = 0; id < 2; id++)
                {
                    final Handshake.Hello ack = Handshake.receive(sockets[id], Frame.TYPE_HELLO_ACK, config, secret,
                        deadlineNs, peer);
                    if (ack.channelId() != id || ack.session() != session)
                    {
                        throw new LinkException(peer + " answered for another channel or session; is it a vcsp-bench " +
                            "source?");
                    }
                    if (secret.isSet())
                    {
                        final byte[] expected = secret.listenerProof(id, session, nonces[id], ack.nonce());
                        if (!LinkSecret.matches(expected, ack.proof()))
                        {
                            Handshake.sendError(sockets[id], "the listening side did not prove the shared secret");
                            throw new LinkException("refused the connection to " + peer + ": it did not prove the " +
                                "shared secret (a different --secret-file or VCSP_SECRET, or not the source meant)");
                        }
                        Handshake.sendAuth(sockets[id], id, session,
                            secret.connectorProof(id, session, nonces[id], ack.nonce()), deadlineNs, peer);
                    }
                    offsets[id] = Links.sameHost(sockets[id]) ? 0 :
                        (helloSentNs[id] + ack.receivedNs()) / 2 - ack.peerNanoTime();
                }
                return tcpEnd(config, sockets, offsets, peer, SystemNanoClock.INSTANCE);
            }
            catch (final Handshake.HandshakeMismatch e)
            {
                for (final SocketChannel socket : sockets)
                {
                    Handshake.sendError(socket, e.getMessage());
                }
                throw new LinkException("refused the connection to " + peer + ": " + e.getMessage());
            }
            catch (final IOException e)
            {
                throw new LinkException("handshake with " + peer + " failed: " + e.getMessage(), e);
            }
        }

        /** Closes whatever was opened, after a failure. */
        void abandon()
        {
            TcpListener.closeAll(sockets);
        }

        private SocketChannel connectWithRetry() throws IOException
        {
            while (true)
            {
                final SocketChannel socket = SocketChannel.open();
                try
                {
                    final long leftMs = Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000L);
                    socket.socket().connect(address, (int)Math.min(Integer.MAX_VALUE, leftMs));
                    socket.configureBlocking(false);
                    return socket;
                }
                catch (final ConnectException e)
                {
                    socket.close();
                    if (System.nanoTime() > deadlineNs)
                    {
                        throw new LinkException("cannot connect to " + peer + " within " + config.connectTimeoutMs() +
                            " ms: " + e.getMessage() + " (is the source listening?)", e);
                    }
                    sleepBriefly();
                }
                catch (final IOException | RuntimeException e)
                {
                    socket.close();
                    throw e;
                }
            }
        }

        private static void sleepBriefly()
        {
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new LinkException("interrupted while connecting");
            }
        }
    }
}
