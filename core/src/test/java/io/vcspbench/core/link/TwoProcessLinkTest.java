package io.vcspbench.core.link;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP link between two real processes: this JVM listens (the source), a child JVM connects
 * (the destination), receives pages on both channels and answers with a checksum of what it got.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoProcessLinkTest
{
    private static final long PAGES = 256;
    private static final int FRAMES = 200;

    @Test
    void shouldMovePagesIntactToAnotherProcess() throws Exception
    {
        final LinkConfig config = LinkConfig.builder().kind(LinkKind.TCP).memoryPages(PAGES).bandwidthMbit(2000).build();
        final ByteBuffer pages = ByteBuffer.allocateDirect(8 * Frame.PAGE_SIZE);
        final UnsafeBuffer view = new UnsafeBuffer(pages);
        long expected = 0;
        for (int i = 0; i < pages.capacity(); i += 8)
        {
            view.putLong(i, 31L * i + 7);
        }
        for (int i = 0; i < pages.capacity(); i += 8)
        {
            expected += view.getLong(i);
        }
        expected *= FRAMES;

        try (TcpListener listener = Links.listen(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final Process child = startPeer(listener.localAddress().getPort());
            try (LinkEnd source = listener.accept(20_000))
            {
                for (int i = 0; i < FRAMES; i++)
                {
                    final Channel channel = i % 2 == 0 ? source.demand() : source.push();
                    final long deadline = System.nanoTime() + 10_000_000_000L;
                    while (!channel.trySend(Frame.TYPE_PAGES, 0, i % (PAGES - 8), 8, view.addressOffset(), pages.capacity()))
                    {
                        channel.flush();
                        assertTrue(System.nanoTime() < deadline, "could not send");
                    }
                }
                final long[] answer = new long[1];
                final long deadline = System.nanoTime() + 20_000_000_000L;
                while (answer[0] == 0)
                {
                    source.demand().flush();
                    source.push().flush();
                    source.push().poll((type, flags, page, count, buffer, offset, length) -> answer[0] = page, 1);
                    assertTrue(System.nanoTime() < deadline, "no answer from the child: " + output(child));
                }
                assertEquals(expected, answer[0], "checksum of the pages the other process received");
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child did not exit");
            assertEquals(0, child.exitValue(), output(child));
        }
    }

    private static Process startPeer(final int port) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--add-opens", "java.base/java.util.zip=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Peer.class.getName(),
            String.valueOf(port)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String output(final Process child) throws Exception
    {
        if (child.isAlive())
        {
            return "(still running)";
        }
        return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The destination process: connects, sums every payload word, sends the sum back and exits. */
    public static final class Peer
    {
        private static long sum;
        private static int frames;

        public static void main(final String[] args)
        {
            final LinkConfig config = LinkConfig.builder().kind(LinkKind.TCP).memoryPages(PAGES).bandwidthMbit(2000)
                .build();
            try (LinkEnd end = Links.connect(config, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(args[0]))))
            {
                final FrameHandler handler = Peer::onFrame;
                final long deadline = System.nanoTime() + 30_000_000_000L;
                while (frames < FRAMES && System.nanoTime() < deadline)
                {
                    end.demand().poll(handler, 16);
                    end.push().poll(handler, 16);
                }
                while (!end.push().trySend(Frame.TYPE_COMPLETE, 0, sum, 0, 0, 0))
                {
                    end.push().flush();
                }
                while (!end.push().isFlushed())
                {
                    end.push().flush();
                }
                Thread.sleep(200);
            }
            catch (final Exception e)
            {
                e.printStackTrace();
                System.exit(3);
            }
            System.exit(frames == FRAMES ? 0 : 4);
        }

        private static void onFrame(final int type, final int flags, final long page, final int count,
            final DirectBuffer buffer, final int offset, final int length)
        {
            frames++;
            for (int i = 0; i < length; i += 8)
            {
                sum += buffer.getLong(offset + i);
            }
        }
    }
}
