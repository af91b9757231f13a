package io.vcspbench.core.link;

import io.vcspbench.core.memory.GuestMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IpcWrapTest
{
    /**
     * A reader woken once per frame must get that frame from one poll, also when the frame was
     * written at the ring's start behind padding at its end; otherwise it sleeps through its wake-up.
     */
    @Test
    void shouldDeliverAFrameThatFollowsTheRingsEndPaddingInOnePoll()
    {
        final int pages = 64;
        try (GuestMemory memory = GuestMemory.allocate(pages);
            LinkPair link = Links.openInProcess(LinkConfig.builder().kind(LinkKind.IPC).memoryPages(pages)
                .ringCapacityBytes(4 * 1024 * 1024).build()))
        {
            final Channel sender = link.source().demand();
            final Channel receiver = link.destination().demand();
            final int[] frames = new int[1];
            final FrameHandler count = (type, flags, page, n, buffer, offset, length) -> frames[0]++;
            // 64-page frames do not divide the 4 MiB ring evenly with their headers: the ring wraps with padding.
            for (int i = 0; i < 40; i++)
            {
                assertTrue(sender.trySend(Frame.TYPE_PAGES, Frame.FLAG_DEMAND, 0, pages, memory.pageAddress(0),
                    pages * Frame.PAGE_SIZE));
                assertEquals(1, receiver.poll(count, 16), "frame " + i + " in one poll");
            }
            assertEquals(40, frames[0]);
        }
    }
}
