package io.vcspbench.core.link;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener against peers that do not play by the rules, written as raw sockets speaking the
 * frame format by hand: none gets a link without the secret, none keeps the real peer out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerHostilePeersTest
{
    private static final long PAGES = 256;
    private static final LinkSecret SECRET = LinkSecret.of("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
    private static final LinkSecret OTHER = LinkSecret.of("a different secret of some length".getBytes(StandardCharsets.UTF_8));
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static LinkConfig config(final long handshakeTimeoutMs)
    {
        return LinkConfig.builder().kind(LinkKind.TCP).memoryPages(PAGES).handshakeTimeoutMs(handshakeTimeoutMs).build();
    }

    @Test
    void shouldLinkTwoSidesThatHoldTheSameSecret() throws Exception
    {
        final LinkConfig config = config(5_000);
        try (TcpListener listener = Links.listen(config, ANY_LOOPBACK_PORT, SECRET))
        {
            final CompletableFuture<LinkEnd> accepted = CompletableFuture.supplyAsync(() -> listener.accept(20_000));
            try (LinkEnd destination = Links.connect(config, listener.localAddress(), SECRET);
                LinkEnd source = accepted.get(20, TimeUnit.SECONDS))
            {
                assertTrue(source.demand().trySend(Frame.TYPE_DONE, 0, PAGES, 0, 0, 0));
                source.demand().flush();
                final int[] types = new int[1];
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (types[0] == 0 && System.nanoTime() < deadline)
                {
                    destination.demand().poll((type, flags, page, count, buffer, offset, length) -> types[0] = type, 1);
                }
                assertEquals(Frame.TYPE_DONE, types[0]);
            }
        }
    }

    @Test
    void shouldRefuseADestinationWithoutTheSecretAndWaitForTheRealOne() throws Exception
    {
        final LinkConfig config = config(5_000);
        final List<String> turnedAway = new CopyOnWriteArrayList<>();
        try (TcpListener listener = Links.listen(config, ANY_LOOPBACK_PORT, SECRET))
        {
            final CompletableFuture<LinkEnd> accepted =
                CompletableFuture.supplyAsync(() -> listener.accept(20_000, turnedAway::add));

            final LinkException none = assertThrows(LinkException.class,
                () -> Links.connect(config, listener.localAddress(), LinkSecret.NONE).close());
            assertTrue(none.getMessage().contains("requires a shared secret"), none.getMessage());
            final LinkException other = assertThrows(LinkException.class,
                () -> Links.connect(config, listener.localAddress(), OTHER).close());
            assertTrue(other.getMessage().contains("did not prove the shared secret"), other.getMessage());
            assertFalse(accepted.isDone(), "the listener goes on waiting");

            try (LinkEnd destination = Links.connect(config, listener.localAddress(), SECRET);
                LinkEnd source = accepted.get(20, TimeUnit.SECONDS))
            {
                assertTrue(turnedAway.stream().anyMatch(l -> l.contains("requires a shared secret")), turnedAway.toString());
                assertTrue(turnedAway.size() >= 3, "two connections refused, two dropped: " + turnedAway);
            }
        }
    }

    /** The attack of issue 14: a client copying the HELLO format, here with a guessed proof. */
    @Test
    void shouldNeverLinkAClientThatCopiesTheHelloButCannotProveTheSecret() throws Exception
    {
        final LinkConfig config = config(5_000);
        final List<String> turnedAway = new CopyOnWriteArrayList<>();
        try (TcpListener listener = Links.listen(config, ANY_LOOPBACK_PORT, SECRET))
        {
            final CompletableFuture<LinkEnd> accepted =
                CompletableFuture.supplyAsync(() -> listener.accept(2_000, turnedAway::add));
            for (final boolean claimsAuth : new boolean[] { false, true })
            {
                try (Socket demand = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                    Socket push = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort()))
                {
                    final long session = 42;
                    demand.getOutputStream().write(hello(Frame.CHANNEL_DEMAND, session, Frame.PROTOCOL_VERSION, claimsAuth));
                    push.getOutputStream().write(hello(Frame.CHANNEL_PUSH, session, Frame.PROTOCOL_VERSION, claimsAuth));
                    if (claimsAuth)
                    {
                        for (final Socket s : List.of(demand, push))
                        {
                            final ByteBuffer ack = readFrame(s);
                            assertEquals(Frame.TYPE_HELLO_ACK, ack.getShort(Frame.TYPE_OFFSET));
                            s.getOutputStream().write(auth(ack.getShort(Frame.FLAGS_OFFSET), session, new byte[32]));
                        }
                    }
                    final ByteBuffer reply = readFrame(demand);
                    assertEquals(Frame.TYPE_ERROR, reply.getShort(Frame.TYPE_OFFSET));
                    assertEquals(-1, readAll(demand), "nothing but the refusal: no page, then the connection closed");
                }
            }
            final ExecutionException e = assertThrows(ExecutionException.class, () -> accepted.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("no peer completed the handshake"), e.getCause().getMessage());
            assertTrue(turnedAway.stream().anyMatch(l -> l.contains("did not prove the shared secret")), turnedAway.toString());
        }
    }

    @Test
    void shouldTurnAwayIdleGarbageAndOldVersionConnectionsInOneLineEachAndAcceptTheRealPeer() throws Exception
    {
        final LinkConfig config = config(300);
        final List<String> turnedAway = new CopyOnWriteArrayList<>();
        try (TcpListener listener = Links.listen(config, ANY_LOOPBACK_PORT);
            Socket idle = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
            Socket garbage = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
            Socket old = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort()))
        {
            final CompletableFuture<LinkEnd> accepted =
                CompletableFuture.supplyAsync(() -> listener.accept(20_000, turnedAway::add));
            garbage.getOutputStream().write("GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            old.getOutputStream().write(hello(Frame.CHANNEL_DEMAND, 1, 3, false), 0, Frame.HEADER_LENGTH + 32);
            final ByteBuffer refusal = readFrame(old);
            assertEquals(Frame.TYPE_ERROR, refusal.getShort(Frame.TYPE_OFFSET));
            final String reason = new String(refusal.array(), Frame.HEADER_LENGTH,
                refusal.limit() - Frame.HEADER_LENGTH, StandardCharsets.UTF_8);
            assertTrue(reason.contains("protocol version differs: listening side " + Frame.PROTOCOL_VERSION +
                ", connecting side 3"), reason);
            assertEquals(Frame.TYPE_ERROR, readFrame(idle).getShort(Frame.TYPE_OFFSET), "told why");
            assertEquals(-1, readAll(idle), "the silent connection is closed after the handshake deadline");

            try (LinkEnd destination = Links.connect(config, listener.localAddress());
                LinkEnd source = accepted.get(20, TimeUnit.SECONDS))
            {
                assertEquals(3, turnedAway.size(), turnedAway.toString());
                assertTrue(turnedAway.stream().anyMatch(l -> l.contains("is not a vcsp-bench peer")), turnedAway.toString());
                assertTrue(turnedAway.stream().anyMatch(l -> l.contains("protocol version differs")), turnedAway.toString());
                assertTrue(turnedAway.stream().anyMatch(l -> l.contains("no complete handshake within 300 ms")),
                    turnedAway.toString());
                turnedAway.forEach(l -> assertFalse(l.contains("\n"), "one line: " + l));
            }
        }
    }

    @Test
    void shouldBoundHandshakesInProgressWithoutLockingOutTheRealPeer() throws Exception
    {
        final LinkConfig config = config(30_000);
        final List<String> turnedAway = new CopyOnWriteArrayList<>();
        final List<Socket> idle = new ArrayList<>();
        try (TcpListener listener = Links.listen(config, ANY_LOOPBACK_PORT))
        {
            final CompletableFuture<LinkEnd> accepted =
                CompletableFuture.supplyAsync(() -> listener.accept(20_000, turnedAway::add));
            for (int i = 0; i < 3 * TcpListener.MAX_HANDSHAKES; i++)
            {
                idle.add(new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort()));
            }
            Thread.sleep(200);
            try (LinkEnd destination = Links.connect(config, listener.localAddress());
                LinkEnd source = accepted.get(20, TimeUnit.SECONDS))
            {
                assertTrue(turnedAway.stream().anyMatch(l -> l.contains("gave way to a newer connection")),
                    turnedAway.toString());
            }
        }
        finally
        {
            for (final Socket s : idle)
            {
                s.close();
            }
        }
    }

    /** The other way round: a fake source cannot feed a destination that holds the secret. */
    @Test
    void shouldRefuseASourceThatCannotProveTheSecret() throws Exception
    {
        final LinkConfig config = config(5_000);
        try (ServerSocket fake = new ServerSocket(0, 4, InetAddress.getLoopbackAddress()))
        {
            final CompletableFuture<Void> fakeSource = CompletableFuture.runAsync(() ->
            {
                try (Socket demand = fake.accept(); Socket push = fake.accept())
                {
                    for (final Socket s : List.of(demand, push))
                    {
                        final ByteBuffer hello = readFrame(s);
                        final ByteBuffer ack = ByteBuffer.wrap(hello(hello.getShort(Frame.FLAGS_OFFSET),
                            hello.getLong(Frame.HEADER_LENGTH + 32), Frame.PROTOCOL_VERSION, true))
                            .order(ByteOrder.LITTLE_ENDIAN);
                        ack.putShort(Frame.TYPE_OFFSET, (short)Frame.TYPE_HELLO_ACK);
                        s.getOutputStream().write(ack.array());
                    }
                    readAll(demand);
                }
                catch (final IOException e)
                {
                    throw new IllegalStateException(e);
                }
            });
            final LinkException e = assertThrows(LinkException.class,
                () -> Links.connect(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), fake.getLocalPort()),
                    SECRET).close());
            assertTrue(e.getMessage().contains("did not prove the shared secret"), e.getMessage());
            fakeSource.get(20, TimeUnit.SECONDS);
        }
    }

    /** A HELLO as a hand-written client would build it from DESIGN.md, the proof left zero. */
    static byte[] hello(final int channel, final long session, final int version, final boolean auth)
    {
        final int length = Frame.HEADER_LENGTH + 96;
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(version == 3 ? Frame.HEADER_LENGTH + 32 : length).putShort((short)Frame.TYPE_HELLO)
            .putShort((short)channel).putLong(PAGES).putInt(Frame.PAGE_SIZE).putInt(0).putLong(System.nanoTime())
            .putInt(Frame.MAGIC).putInt(version).putLong(System.nanoTime()).putInt(64).putInt(1 | (auth ? 2 : 0))
            .putInt(0).putInt(0).putLong(session).put(new byte[16]);
        return b.array();
    }

    static byte[] auth(final int channel, final long session, final byte[] proof)
    {
        final ByteBuffer b = ByteBuffer.allocate(Frame.HEADER_LENGTH + 32).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Frame.HEADER_LENGTH + 32).putShort((short)Frame.TYPE_AUTH).putShort((short)channel).putLong(session)
            .putInt(0).putInt(0).putLong(System.nanoTime()).put(proof);
        return b.array();
    }

    /** Reads one whole frame (header and payload), blocking. */
    static ByteBuffer readFrame(final Socket s) throws IOException
    {
        final byte[] header = s.getInputStream().readNBytes(Frame.HEADER_LENGTH);
        if (header.length < Frame.HEADER_LENGTH)
        {
            throw new IOException("closed after " + header.length + " bytes");
        }
        final int length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        final ByteBuffer frame = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        frame.put(header).put(s.getInputStream().readNBytes(length - Frame.HEADER_LENGTH)).flip();
        return frame;
    }

    /** @return -1 once the peer closed, having sent nothing more. */
    static int readAll(final Socket s) throws IOException
    {
        s.setSoTimeout(10_000);
        return s.getInputStream().read();
    }
}
