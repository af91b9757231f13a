package io.vcspbench.core.migration;

import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The last word of a two-process run, so both sides agree on its outcome: the destination confirms
 * the last page with VERIFIED, or either side tells the other why it failed with ERROR. Once per
 * run, off the hot path; one thread.
 */
final class PeerVerdict
{
    private PeerVerdict()
    {
    }

    /**
     * Sends VERIFIED and waits until the link has taken it.
     *
     * @param link         this side's link end.
     * @param pagesChecked pages the integrity check covered.
     * @param timeoutMs    how long it may wait for room, ms.
     * @throws LinkException if the link does not take it in time.
     */
    static void sendVerified(final LinkEnd link, final long pagesChecked, final long timeoutMs)
    {
        send(link.push(), Frame.TYPE_VERIFIED, pagesChecked, null, timeoutMs);
    }

    /**
     * Tells the peer why this side failed, on both channels, so that whichever the peer reads first it
     * learns the reason before it sees the connection close; best effort: the peer may be gone already.
     *
     * @param link   this side's link end.
     * @param reason one line.
     */
    static void sendErrorQuietly(final LinkEnd link, final String reason)
    {
        for (final Channel channel : new Channel[] { link.demand(), link.push() })
        {
            try
            {
                send(channel, Frame.TYPE_ERROR, 0, reason, 1_000);
            }
            catch (final RuntimeException ignore)
            {
                // the failure is reported on this side regardless
            }
        }
    }

    private static void send(final Channel channel, final int type, final long page, final String reason,
        final long timeoutMs)
    {
        int length = 0;
        UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(1));
        if (reason != null)
        {
            final byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            length = Math.min(text.length, Frame.MAX_ERROR_LENGTH);
            payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, length)));
            payload.putBytes(0, text, 0, length);
        }
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean queued = false;
        while (!queued || !channel.isFlushed())
        {
            if (!queued)
            {
                queued = channel.trySend(type, 0, page, 0, payload.addressOffset(), length);
            }
            channel.flush();
            if (System.nanoTime() > deadlineNs)
            {
                throw new LinkException("could not send " + Frame.typeName(type) + " within " + timeoutMs + " ms");
            }
            if (!queued || !channel.isFlushed())
            {
                Thread.onSpinWait();
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly()
    {
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new LinkException("interrupted");
        }
    }
}
