package io.vcspbench.core.link;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkTest
{
    private static final long PAGES = 1024;
    private static final long WAIT_NS = 10_000_000_000L;

    private static LinkConfig config(final LinkKind kind)
    {
        return LinkConfig.builder().kind(kind).memoryPages(PAGES).build();
    }

    /** Counts frames and remembers the last one. */
    static final class Collector implements FrameHandler
    {
        int frames;
        int type;
        long page;
        int count;
        long payloadSum;

        @Override
        public void onFrame(final int type, final int flags, final long page, final int count, final DirectBuffer buffer,
            final int payloadOffset, final int payloadLength)
        {
            frames++;
            this.type = type;
            this.page = page;
            this.count = count;
            for (int i = 0; i < payloadLength; i += 8)
            {
                payloadSum += buffer.getLong(payloadOffset + i);
            }
        }
    }

    private static int pollUntil(final Channel channel, final Collector collector, final int frames)
    {
        final long deadline = System.nanoTime() + WAIT_NS;
        while (collector.frames < frames)
        {
            channel.poll(collector, 16);
            assertTrue(System.nanoTime() < deadline, "frames did not arrive in time");
        }
        return collector.frames;
    }

    private static void sendUntilAccepted(final Channel channel, final int type, final long page, final int count,
        final long address, final int length)
    {
        final long deadline = System.nanoTime() + WAIT_NS;
        while (!channel.trySend(type, 0, page, count, address, length))
        {
            channel.flush();
            assertTrue(System.nanoTime() < deadline, "frame could not be sent in time");
        }
    }

    @ParameterizedTest
    @EnumSource(LinkKind.class)
    void shouldDeliverPagesInOrderWithPayloadsIntact(final LinkKind kind)
    {
        final ByteBuffer pages = BufferUtil.allocateDirectAligned(64 * Frame.PAGE_SIZE, 64);
        final UnsafeBuffer view = new UnsafeBuffer(pages);
        long expectedSum = 0;
        for (int i = 0; i < pages.capacity(); i += 8)
        {
            view.putLong(i, i * 0x9E3779B97F4A7C15L);
            expectedSum += i * 0x9E3779B97F4A7C15L;
        }
        try (LinkPair link = Links.openInProcess(config(kind)))
        {
            final Collector collector = new Collector();
            for (int frame = 0; frame < 100; frame++)
            {
                sendUntilAccepted(link.source().push(), Frame.TYPE_PAGES, frame * 8L % (PAGES - 64), 64,
                    view.addressOffset(), 64 * Frame.PAGE_SIZE);
                link.source().push().flush();
                pollUntil(link.destination().push(), collector, frame + 1);
                assertEquals(frame * 8L % (PAGES - 64), collector.page);
            }
            while (!link.source().push().isFlushed())
            {
                link.source().push().flush();
            }
            assertEquals(100 * expectedSum, collector.payloadSum);
            assertEquals(100L * (Frame.HEADER_LENGTH + 64 * Frame.PAGE_SIZE), link.destination().push().bytesReceived());
            assertEquals(link.source().push().bytesSent(), link.destination().push().bytesReceived());
        }
    }

    @ParameterizedTest
    @EnumSource(LinkKind.class)
    void shouldReportAPeerThatClosedInsteadOfWaitingForever(final LinkKind kind)
    {
        try (LinkPair link = Links.openInProcess(config(kind)))
        {
            sendUntilAccepted(link.source().demand(), Frame.TYPE_DONE, 0, 0, 0, 0);
            link.source().demand().flush();
            link.source().close();

            final Collector collector = new Collector();
            final long deadline = System.nanoTime() + WAIT_NS;
            final LinkException e = assertThrows(LinkException.class, () ->
            {
                while (System.nanoTime() < deadline)
                {
                    link.destination().demand().poll(collector, 16);
                }
            });
            assertEquals(1, collector.frames, "the frame sent before closing is still delivered");
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseAnIpcFrameBeyondGuestMemoryWithoutDeliveringIt()
    {
        try (LinkPair link = Links.openInProcess(config(LinkKind.IPC)))
        {
            final ByteBuffer frame = frame(Frame.TYPE_PAGES, PAGES - 1, 2, new byte[2 * Frame.PAGE_SIZE], true);
            assertTrue(((IpcChannel)link.source().push()).outboundRing().write(1, new UnsafeBuffer(frame), 0,
                frame.limit()));

            final Collector collector = new Collector();
            final LinkException e = assertThrows(LinkException.class, () -> link.destination().push().poll(collector, 16));
            assertEquals(0, collector.frames);
            assertTrue(e.getMessage().contains("invalid PAGES frame on the push channel"), e.getMessage());
            assertTrue(e.getMessage().contains("outside guest memory of 1024 pages"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseATcpFrameBeyondGuestMemoryWithoutDeliveringIt() throws Exception
    {
        assertRefusedOverTcp(frame(Frame.TYPE_PAGES, PAGES, 1, new byte[Frame.PAGE_SIZE], true),
            "invalid PAGES frame on the demand channel (page 1024, count 1", "outside guest memory");
    }

    @Test
    void shouldRefuseANegativePageIndex() throws Exception
    {
        assertRefusedOverTcp(frame(Frame.TYPE_REQUEST, -5, 1, new byte[0], true), "invalid REQUEST frame",
            "outside guest memory");
    }

    @Test
    void shouldRefuseAPayloadWhoseCrcDoesNotMatch() throws Exception
    {
        final ByteBuffer frame = frame(Frame.TYPE_PAGES, 3, 1, new byte[Frame.PAGE_SIZE], true);
        frame.put(Frame.HEADER_LENGTH + 100, (byte)1); // corrupted after the CRC was computed
        assertRefusedOverTcp(frame, "invalid PAGES frame", "CRC32C");
    }

    @Test
    void shouldRefuseAPayloadLengthThatDoesNotMatchTheCount() throws Exception
    {
        assertRefusedOverTcp(frame(Frame.TYPE_PAGES, 3, 2, new byte[Frame.PAGE_SIZE], true), "invalid PAGES frame",
            "payload of 4096 bytes, expected 8192");
    }

    @Test
    void shouldRefuseAnAbsurdFrameLengthAtOnce() throws Exception
    {
        final ByteBuffer frame = frame(Frame.TYPE_PAGES, 0, 1, new byte[0], false);
        frame.putInt(Frame.LENGTH_OFFSET, 0x7FFF_FFF0);
        assertRefusedOverTcp(frame, "frame length 2147483632 outside [32, 262176]", "closing the link");
    }

    @Test
    void shouldRefuseAnUnknownFrameType() throws Exception
    {
        assertRefusedOverTcp(frame(77, 0, 0, new byte[0], false), "invalid UNKNOWN(77) frame", "unexpected frame type");
    }

    @Test
    void shouldSurfaceThePeersErrorFrame() throws Exception
    {
        assertRefusedOverTcp(frame(Frame.TYPE_ERROR, 0, 0, "disk on fire".getBytes(), false),
            "peer reported an error on the demand channel", "disk on fire");
    }

    private static void assertRefusedOverTcp(final ByteBuffer badFrame, final String... fragments) throws Exception
    {
        final LinkConfig config = config(LinkKind.TCP);
        try (TcpListener listener = Links.listen(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            RawPeer peer = new RawPeer(config, listener.localAddress());
            LinkEnd end = listener.accept(10_000))
        {
            peer.finishHandshake();
            peer.demand.write(badFrame);

            final Collector collector = new Collector();
            final long deadline = System.nanoTime() + WAIT_NS;
            final LinkException e = assertThrows(LinkException.class, () ->
            {
                while (System.nanoTime() < deadline)
                {
                    end.demand().poll(collector, 16);
                }
            });
            assertEquals(0, collector.frames, "nothing may reach the handler");
            for (final String fragment : fragments)
            {
                assertTrue(e.getMessage().contains(fragment), e.getMessage());
            }
        }
    }

    @Test
    void shouldRefuseAPeerWithADifferentMemorySizeOnBothSides() throws Exception
    {
        final LinkConfig listening = LinkConfig.builder().kind(LinkKind.TCP).memoryPages(16_384).build();
        final LinkConfig connecting = LinkConfig.builder().kind(LinkKind.TCP).memoryPages(8_192).build();
        try (TcpListener listener = Links.listen(listening, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final List<String> turnedAway = new CopyOnWriteArrayList<>();
            final CompletableFuture<LinkEnd> accepted =
                CompletableFuture.supplyAsync(() -> listener.accept(3_000, turnedAway::add));
            final LinkException connectError = assertThrows(LinkException.class,
                () -> Links.connect(connecting, listener.localAddress()).close());
            final ExecutionException acceptError = assertThrows(ExecutionException.class,
                () -> accepted.get(20, TimeUnit.SECONDS));

            assertTrue(connectError.getMessage().contains("refused the connection") &&
                connectError.getMessage().contains("guest memory size differs"), connectError.getMessage());
            assertTrue(acceptError.getCause().getMessage().contains("no peer completed the handshake"),
                acceptError.getCause().getMessage());
            assertTrue(turnedAway.stream().anyMatch(line -> line.contains(
                "guest memory size differs: listening side 64 MiB (16384 pages), connecting side 32 MiB")), turnedAway.toString());
        }
    }

    @Test
    void shouldRefuseAPeerPacedToAnotherBandwidth()
    {
        final LinkConfig listening = LinkConfig.builder().kind(LinkKind.TCP).memoryPages(PAGES).bandwidthMbit(1000).build();
        final LinkConfig connecting = LinkConfig.builder().kind(LinkKind.TCP).memoryPages(PAGES).bandwidthMbit(100).build();
        try (TcpListener listener = Links.listen(listening, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final CompletableFuture<LinkEnd> accepted = CompletableFuture.supplyAsync(() -> listener.accept(2_000));
            final LinkException e = assertThrows(LinkException.class,
                () -> Links.connect(connecting, listener.localAddress()).close());
            assertTrue(e.getMessage().contains("link bandwidth differs: listening side 1000 Mbit/s, connecting side 100 Mbit/s"),
                e.getMessage());
            assertThrows(ExecutionException.class, () -> accepted.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldGiveUpConnectingWhenNobodyListens() throws Exception
    {
        final int port;
        try (TcpListener listener = Links.listen(config(LinkKind.TCP),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            port = listener.localAddress().getPort();
        }
        final LinkConfig config = LinkConfig.builder().kind(LinkKind.TCP).memoryPages(PAGES).connectTimeoutMs(300).build();
        final LinkException e = assertThrows(LinkException.class,
            () -> Links.connect(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        assertTrue(e.getMessage().contains("cannot connect to") && e.getMessage().contains("within 300 ms"),
            e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(LinkKind.class)
    void shouldHoldEveryFrameForTheAddedLatency(final LinkKind kind)
    {
        final LinkConfig config = LinkConfig.builder().kind(kind).memoryPages(PAGES).latencyUs(20_000).build();
        try (LinkPair link = Links.openInProcess(config))
        {
            final Collector collector = new Collector();
            for (int i = 1; i <= 3; i++)
            {
                final long sentNs = System.nanoTime();
                sendUntilAccepted(link.destination().demand(), Frame.TYPE_REQUEST, i, 1, 0, 0);
                pollUntil(link.source().demand(), collector, i);
                final long elapsedNs = System.nanoTime() - sentNs;
                assertTrue(elapsedNs >= 20_000_000L, "delivered after " + elapsedNs + " ns");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LinkKind.class)
    void shouldNotBeatTheConfiguredBandwidth(final LinkKind kind)
    {
        final long mbit = 200;
        final LinkConfig config = LinkConfig.builder().kind(kind).memoryPages(PAGES).bandwidthMbit(mbit).build();
        final ByteBuffer pages = BufferUtil.allocateDirectAligned(64 * Frame.PAGE_SIZE, 64);
        final long address = new UnsafeBuffer(pages).addressOffset();
        final int frames = 32; // 8 MiB: 336 ms at 200 Mbit/s
        try (LinkPair link = Links.openInProcess(config))
        {
            final Collector collector = new Collector();
            final long startNs = System.nanoTime();
            int sent = 0;
            final long deadline = startNs + WAIT_NS;
            while (collector.frames < frames)
            {
                if (sent < frames && link.source().push().trySend(Frame.TYPE_PAGES, 0, 0, 64, address, 64 * Frame.PAGE_SIZE))
                {
                    sent++;
                }
                link.source().push().flush();
                link.destination().push().poll(collector, 16);
                assertTrue(System.nanoTime() < deadline, "pages did not arrive in time");
            }
            final long elapsedNs = System.nanoTime() - startNs;
            final long bytes = frames * (64L * Frame.PAGE_SIZE + Frame.HEADER_LENGTH);
            final long wireNs = bytes * 8_000L / mbit;
            assertTrue(elapsedNs >= wireNs - Pacer.BURST_NS,
                "moved " + bytes + " bytes in " + elapsedNs / 1_000_000 + " ms, faster than " + mbit + " Mbit/s allows");
        }
    }

    @ParameterizedTest
    @EnumSource(LinkKind.class)
    void shouldLetAFaultedPageOvertakeAPushedFrameOnAPacedLink(final LinkKind kind)
    {
        // 64 pushed pages take 21 ms on a 100 Mbit/s wire; the one demanded page behind them must not wait for that.
        final LinkConfig config = LinkConfig.builder().kind(kind).memoryPages(PAGES).bandwidthMbit(100).build();
        final ByteBuffer pages = BufferUtil.allocateDirectAligned(64 * Frame.PAGE_SIZE, 64);
        final long address = new UnsafeBuffer(pages).addressOffset();
        try (LinkPair link = Links.openInProcess(config))
        {
            sendUntilAccepted(link.source().push(), Frame.TYPE_PAGES, 0, 64, address, 64 * Frame.PAGE_SIZE);
            sendUntilAccepted(link.source().demand(), Frame.TYPE_PAGES, 100, 1, address, Frame.PAGE_SIZE);
            assertFalse(link.source().push().trySend(Frame.TYPE_PAGES, 0, 64, 64, address, 64 * Frame.PAGE_SIZE),
                "a second pushed frame must wait for the wire");

            final Collector demand = new Collector();
            final Collector push = new Collector();
            final long deadline = System.nanoTime() + WAIT_NS;
            while (demand.frames == 0)
            {
                link.source().push().flush();
                link.source().demand().flush();
                link.destination().push().poll(push, 16);
                link.destination().demand().poll(demand, 16);
                assertTrue(System.nanoTime() < deadline, "demanded page did not arrive in time");
            }
            assertEquals(0, push.frames, "the demanded page arrived after the pushed frame it should have overtaken");
            pollUntil(link.destination().push(), push, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(LinkKind.class)
    void shouldAllocateNothingWhenSendingAndPollingOnceWarm(final LinkKind kind)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final ByteBuffer pages = BufferUtil.allocateDirectAligned(16 * Frame.PAGE_SIZE, 64);
        final long address = new UnsafeBuffer(pages).addressOffset();
        try (LinkPair link = Links.openInProcess(config(kind)))
        {
            final Collector collector = new Collector();
            // Enough to wrap every IPC ring at least once: the first wrap loads classes, a one-time cost.
            roundTrips(link, collector, address, 150_000);
            final long before = threads.getCurrentThreadAllocatedBytes();
            roundTrips(link, collector, address, 20_000);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(0, allocated, "bytes allocated by 20000 request/response round trips");
        }
    }

    private static void roundTrips(final LinkPair link, final Collector collector, final long address, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final int expected = collector.frames + 2;
            while (!link.destination().demand().trySend(Frame.TYPE_REQUEST, 0, i % PAGES, 16, 0, 0))
            {
                link.destination().demand().flush();
            }
            while (collector.frames < expected - 1)
            {
                link.source().demand().poll(collector, 16);
            }
            while (!link.source().demand().trySend(Frame.TYPE_PAGES, Frame.FLAG_DEMAND, i % (PAGES - 16), 16, address,
                16 * Frame.PAGE_SIZE))
            {
                link.source().demand().flush();
            }
            while (collector.frames < expected)
            {
                link.source().demand().flush();
                link.destination().demand().poll(collector, 16);
            }
        }
        assertFalse(collector.frames == 0);
    }

    /** Builds one raw frame the way a (possibly broken) peer would. */
    static ByteBuffer frame(final int type, final long page, final int count, final byte[] payload, final boolean crc)
    {
        final ByteBuffer b = ByteBuffer.allocate(Frame.HEADER_LENGTH + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc32c = new CRC32C();
        crc32c.update(payload);
        b.putInt(Frame.HEADER_LENGTH + payload.length).putShort((short)type).putShort((short)0).putLong(page)
            .putInt(count).putInt(crc ? (int)crc32c.getValue() : 0).putLong(System.nanoTime()).put(payload).flip();
        return b;
    }

    /** A hand-driven peer: connects both channels with a proper handshake, then writes whatever it is told. */
    static final class RawPeer implements AutoCloseable
    {
        final SocketChannel demand;
        final SocketChannel push;
        private final LinkConfig config;

        RawPeer(final LinkConfig config, final InetSocketAddress address) throws IOException
        {
            this.config = config;
            demand = SocketChannel.open(address);
            push = SocketChannel.open(address);
            final long deadline = System.nanoTime() + WAIT_NS;
            final long session = LinkSecret.sessionId();
            Handshake.send(demand, Frame.TYPE_HELLO, Frame.CHANNEL_DEMAND, config, false, session, LinkSecret.nonce(),
                null, deadline, "listener");
            Handshake.send(push, Frame.TYPE_HELLO, Frame.CHANNEL_PUSH, config, false, session, LinkSecret.nonce(),
                null, deadline, "listener");
        }

        void finishHandshake() throws IOException
        {
            final long deadline = System.nanoTime() + WAIT_NS;
            Handshake.receive(demand, Frame.TYPE_HELLO_ACK, config, LinkSecret.NONE, deadline, "listener");
            Handshake.receive(push, Frame.TYPE_HELLO_ACK, config, LinkSecret.NONE, deadline, "listener");
        }

        @Override
        public void close() throws IOException
        {
            demand.close();
            push.close();
        }
    }
}
