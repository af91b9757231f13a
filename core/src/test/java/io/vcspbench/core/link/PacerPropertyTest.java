package io.vcspbench.core.link;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pacer's bounds over random links and random senders that obey it: whatever mix of
 * background and priority frames, sizes and wake-up times, the wire time booked within any stretch
 * of time never exceeds that stretch plus the saved-up burst and the frames that may overlap its
 * ends; a frame never ends before it left; the delays say exactly when sending is allowed. On a
 * virtual clock, so nothing here depends on the machine. Seeded by the repetition.
 */
class PacerPropertyTest
{
    private static final int FRAMES = 1_000;

    @RepeatedTest(50)
    void shouldNeverBookMoreWireTimeThanTheStretchAllowsWhateverTheSendersDo(final RepetitionInfo repetition)
    {
        final long seed = repetition.getCurrentRepetition();
        final SplittableRandom random = new SplittableRandom(seed);
        final long bandwidthMbit = 1 + random.nextLong(400_000);
        final int maxFrame = Frame.HEADER_LENGTH + Frame.PAGE_SIZE * (1 + random.nextInt(64));
        final Pacer pacer = new Pacer(bandwidthMbit, maxFrame);
        final long maxFrameNs = pacer.serializationNs(maxFrame);
        final long slack = Pacer.BURST_NS + 2 * maxFrameNs + pacer.serializationNs(Pacer.PACKET_BYTES);

        final long[] leftAt = new long[FRAMES];
        final long[] cost = new long[FRAMES];
        long now = random.nextLong(1L << 40);
        int sent = 0;
        while (sent < FRAMES)
        {
            now += random.nextInt(4) == 0 ? random.nextLong(3 * maxFrameNs + 1) : random.nextLong(maxFrameNs / 4 + 1);
            final boolean priority = random.nextInt(4) == 0;
            final String what = "seed " + seed + ", " + bandwidthMbit + " Mbit/s, frame " + sent;

            final boolean may = priority ? pacer.canSendPriority(now) : pacer.canSend(now);
            final long delay = priority ? pacer.priorityDelayNs(now) : pacer.delayNs(now);
            assertTrue(delay >= 0, what + ": delay " + delay);
            assertEquals(may, delay == 0, what + ": may send now exactly when the delay is 0");
            if (!may)
            {
                continue; // an obeying sender waits
            }
            final int bytes = Frame.HEADER_LENGTH + random.nextInt(maxFrame - Frame.HEADER_LENGTH + 1);
            final long end = priority ? pacer.consumePriority(bytes, now) : pacer.consume(bytes, now);
            assertTrue(end >= now, what + ": ends at " + end + " before it left at " + now);
            leftAt[sent] = now;
            cost[sent] = pacer.serializationNs(bytes);
            sent++;
        }

        // Every stretch from one departure to a later one: the wire time of the frames that left in it.
        for (int from = 0; from < FRAMES; from += 7)
        {
            long booked = 0;
            for (int to = from; to < FRAMES; to++)
            {
                booked += cost[to];
                final long stretch = leftAt[to] - leftAt[from];
                assertTrue(booked <= stretch + slack, "seed " + seed + ", " + bandwidthMbit + " Mbit/s: " + booked +
                    " ns of frames left within " + stretch + " ns (frames " + from + ".." + to + "), more than the " +
                    "stretch plus " + slack + " ns of burst and overlap");
            }
        }
    }
}
