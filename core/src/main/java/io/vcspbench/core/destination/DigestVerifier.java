package io.vcspbench.core.destination;

import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.FrameHandler;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.IntegrityCheck;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * The destination's integrity check when the source runs in another process: reads the source's
 * DIGESTS frames (sent after COMPLETE) and checks every page against them as {@link IntegrityCheck}
 * would against the source's memory: a page the workload wrote here is checked except its scratch
 * word; a missing page is a mismatch, unless only present pages were meant to move (push off).
 * Call after the receiver and vCPU threads have stopped; one thread.
 */
public final class DigestVerifier implements FrameHandler
{
    private final GuestMemory memory;
    private final PageBitmap present;
    private final PageBitmap writtenHere;
    private final boolean presentOnly;
    private long covered;
    private long checked;
    private long mismatches;
    private long first = -1;

    private DigestVerifier(final GuestMemory memory, final PageBitmap present, final PageBitmap writtenHere,
        final boolean presentOnly)
    {
        this.memory = memory;
        this.present = present;
        this.writtenHere = writtenHere;
        this.presentOnly = presentOnly;
    }

    /**
     * Reads digests until every page is covered.
     *
     * @param link        the destination's link end.
     * @param memory      the destination's memory.
     * @param present     the present bitmap B.
     * @param writtenHere pages the workload wrote here.
     * @param presentOnly check only present pages (post-copy with the push off).
     * @param idle        how to wait for frames.
     * @param clock       time source.
     * @param timeoutMs   how long the digests may take to arrive, in all, ms.
     * @return the check.
     * @throws LinkException if they do not arrive in time, or the peer sends anything else.
     */
    public static IntegrityCheck receive(final LinkEnd link, final GuestMemory memory, final PageBitmap present,
        final PageBitmap writtenHere, final boolean presentOnly, final IdleStrategy idle, final NanoClock clock,
        final long timeoutMs)
    {
        final DigestVerifier v = new DigestVerifier(memory, present, writtenHere, presentOnly);
        final Channel push = link.push();
        final long deadline = clock.nanoTime() + timeoutMs * 1_000_000L;
        final long pages = memory.pageCount();
        while (v.covered < pages)
        {
            if (clock.nanoTime() - deadline > 0)
            {
                throw new LinkException("the source's page digests did not arrive within " + timeoutMs + " ms (" +
                    v.covered + " of " + pages + " pages covered)");
            }
            idle.idle(push.poll(v, 16));
        }
        return new IntegrityCheck(v.checked, v.mismatches, v.first);
    }

    @Override
    public void onFrame(
        final int type, final int flags, final long page, final int count,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (type == Frame.TYPE_DONE)
        {
            return; // after stop-and-copy DONE follows the CPU state, and the receiver had stopped by then
        }
        if (type != Frame.TYPE_DIGESTS)
        {
            throw new LinkException("unexpected " + Frame.typeName(type) + " frame while reading digests");
        }
        if (page != covered)
        {
            throw new LinkException("digests for page " + page + " where page " + covered + " was due");
        }
        final int scratch = GuestMemory.SCRATCH_OFFSET;
        for (int i = 0; i < count; i++)
        {
            final long p = page + i;
            final boolean isPresent = present.get(p);
            if (presentOnly && !isPresent)
            {
                continue;
            }
            checked++;
            final int at = offset + i * Frame.DIGEST_LENGTH;
            final boolean ok = isPresent && memory.pageDigest(p, scratch) == buffer.getLong(at) &&
                (writtenHere.get(p) || memory.scratchWord(p) == buffer.getLong(at + Long.BYTES));
            if (!ok)
            {
                mismatches++;
                if (first < 0)
                {
                    first = p;
                }
            }
        }
        covered += count;
    }
}
