package io.vcspbench.core.source;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.FrameHandler;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.memory.GuestMemory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * After a migration whose destination runs in another process: sends a digest of every page of the
 * source's final memory (DIGESTS frames on the push channel), so the destination can check every page
 * against what the source really held, pre-copy's writes at the source included. Runs once the
 * destination has reported completion, so it adds nothing to the migration's figures. One thread.
 */
public final class DigestSender
{
    private final GuestMemory memory;
    private final Channel push;
    private final Channel demand;
    private final MigrationControl control;
    private final IdleStrategy idle;
    private final NanoClock clock;
    private final long timeoutNs;
    private final UnsafeBuffer payload =
        new UnsafeBuffer(ByteBuffer.allocateDirect(Frame.MAX_DIGESTS_PER_FRAME * Frame.DIGEST_LENGTH));
    private final FrameHandler ignore = this::onFrame;
    private final FrameHandler verdict = this::onVerdict;
    private long verifiedPages = -1;

    /**
     * @param memory    the source's memory, no longer changing.
     * @param link      the source's link end.
     * @param control   shared run state.
     * @param idle      how to wait for room on the link.
     * @param clock     time source.
     * @param timeoutMs how long the digests may wait for room on the link, and the destination's verdict
     *                  may take, ms.
     */
    public DigestSender(final GuestMemory memory, final LinkEnd link, final MigrationControl control,
        final IdleStrategy idle, final NanoClock clock, final long timeoutMs)
    {
        this.memory = memory;
        this.push = link.push();
        this.demand = link.demand();
        this.control = control;
        this.idle = idle;
        this.clock = clock;
        this.timeoutNs = timeoutMs * 1_000_000L;
    }

    /**
     * Sends the digests of every page and waits until the link has taken them.
     *
     * @throws LinkException if the link takes no bytes for the timeout.
     */
    public void send()
    {
        final long pages = memory.pageCount();
        final int scratch = GuestMemory.SCRATCH_OFFSET;
        long waitingSinceNs = clock.nanoTime();
        for (long first = 0; first < pages; )
        {
            final int count = (int)Math.min(Frame.MAX_DIGESTS_PER_FRAME, pages - first);
            for (int i = 0; i < count; i++)
            {
                payload.putLong(i * Frame.DIGEST_LENGTH, memory.pageDigest(first + i, scratch));
                payload.putLong(i * Frame.DIGEST_LENGTH + Long.BYTES, memory.scratchWord(first + i));
            }
            while (!push.trySend(Frame.TYPE_DIGESTS, 0, first, count, payload.addressOffset(),
                count * Frame.DIGEST_LENGTH))
            {
                waitingSinceNs = await(waitingSinceNs);
            }
            waitingSinceNs = clock.nanoTime();
            first += count;
        }
        while (!push.isFlushed())
        {
            push.flush();
            waitingSinceNs = await(waitingSinceNs);
        }
        idle.reset();
    }

    /**
     * Waits for the destination's verdict on the digests: VERIFIED succeeds; its ERROR (the codec
     * throws it with the destination's reason), silence past the timeout, or too few pages checked fail.
     *
     * @param everyPage whether every page must have been checked (the push was on), else at most every page.
     * @return the pages the destination checked.
     * @throws LinkException naming what was wrong.
     */
    public long awaitVerified(final boolean everyPage)
    {
        final long pages = memory.pageCount();
        final long sinceNs = clock.nanoTime();
        while (verifiedPages < 0)
        {
            if (clock.nanoTime() - sinceNs > timeoutNs)
            {
                throw new LinkException("the destination did not confirm the last page within " +
                    timeoutNs / 1_000_000 + " ms (fault timeout)");
            }
            if (!control.isRunning())
            {
                throw new LinkException("stopped: " + control.failure());
            }
            // The verdict comes on the push channel; the demand channel may already be closed behind it.
            idle.idle(push.poll(verdict, 16));
        }
        idle.reset();
        if (everyPage ? verifiedPages != pages : verifiedPages > pages)
        {
            throw new LinkException("the destination confirmed " + verifiedPages + " of " + pages + " pages");
        }
        return verifiedPages;
    }

    private void onVerdict(
        final int type, final int flags, final long page, final int count,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (type != Frame.TYPE_VERIFIED)
        {
            throw new LinkException("unexpected " + Frame.typeName(type) + " frame while awaiting the destination's " +
                "verdict");
        }
        verifiedPages = page;
    }

    private long await(final long waitingSinceNs)
    {
        if (clock.nanoTime() - waitingSinceNs > timeoutNs)
        {
            throw new LinkException("the destination took no digests for " + timeoutNs / 1_000_000 + " ms");
        }
        if (!control.isRunning())
        {
            throw new LinkException("stopped: " + control.failure());
        }
        // Reading keeps a peer's ERROR from going unnoticed.
        idle.idle(push.flush() + demand.poll(ignore, 16) + push.poll(ignore, 16));
        return waitingSinceNs;
    }

    private void onFrame(
        final int type, final int flags, final long page, final int count,
        final DirectBuffer buffer, final int offset, final int length)
    {
        throw new LinkException("unexpected " + Frame.typeName(type) + " frame while sending digests");
    }
}
