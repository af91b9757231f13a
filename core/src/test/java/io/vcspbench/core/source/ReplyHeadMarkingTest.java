package io.vcspbench.core.source;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.GuestMemory;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The source marks the frame of a fault reply that starts with the faulting page
 * ({@link Frame#FLAG_REPLY_HEAD}), so the destination can tell demand pages from prefetched ones.
 * Driven duty cycle by duty cycle on the test thread, with the push off so only replies move.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReplyHeadMarkingTest
{
    private static final int PAGES = 256;
    private static final int PREFETCH = 8;
    private static final int FRAME_PAGES = 4;

    /** One PAGES frame as the destination saw it: first page, count, flags. */
    private record Seen(long page, int count, int flags)
    {
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldMarkOnlyTheFrameThatStartsWithTheFaultingPage(final LinkKind kind)
    {
        try (GuestMemory memory = GuestMemory.allocate(PAGES);
            LinkPair link = Links.openInProcess(LinkConfig.builder().kind(kind).memoryPages(PAGES).build());
            Waiter waiter = link.source().newBlockingWaiter())
        {
            memory.fillPattern(5);
            final MigrationControl control = new MigrationControl();
            // Frames of at most 4 pages, so a reply of 8 takes two frames.
            final SourceAgent agent = new SourceAgent(memory, link.source(), control, waiter,
                SystemNanoClock.INSTANCE, PREFETCH, FRAME_PAGES, FRAME_PAGES, 5_000, 5, PushMode.OFF);
            final Channel destination = link.destination().demand();

            // Page 10 is unsent: its reply is 10..13 (the head) and 14..17.
            assertEquals(List.of(
                new Seen(10, 4, Frame.FLAG_DEMAND | Frame.FLAG_REPLY_HEAD),
                new Seen(14, 4, Frame.FLAG_DEMAND)), request(agent, destination, 10, 2));

            // Page 8 is unsent but the rest of its window was sent: a head of two pages and nothing else.
            assertEquals(List.of(new Seen(8, 2, Frame.FLAG_DEMAND | Frame.FLAG_REPLY_HEAD)),
                request(agent, destination, 8, 1));

            // Page 16 was prefetched: the reply brings only 18..23, and none of its frames is a head.
            assertEquals(List.of(
                new Seen(18, 4, Frame.FLAG_DEMAND),
                new Seen(22, 2, Frame.FLAG_DEMAND)), request(agent, destination, 16, 2));

            assertEquals(3, agent.requestsReceived());
            assertEquals(1, agent.requestsForSentPages(), "only the request for page 16 found its page sent");
            assertEquals(16, agent.demandPagesSent());
            assertEquals(0, agent.pushPagesSent());
            assertNull(control.failure());
        }
    }

    private static List<Seen> request(final SourceAgent agent, final Channel destination, final long page,
        final int frames)
    {
        assertTrue(destination.trySend(Frame.TYPE_REQUEST, 0, page, PREFETCH, 0, 0));
        destination.flush();
        final List<Seen> seen = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < frames && System.nanoTime() < deadline)
        {
            agent.doWork();
            destination.poll((type, flags, first, count, buffer, offset, length) ->
            {
                assertEquals(Frame.TYPE_PAGES, type);
                seen.add(new Seen(first, count, flags));
            }, 16);
        }
        return seen;
    }
}
