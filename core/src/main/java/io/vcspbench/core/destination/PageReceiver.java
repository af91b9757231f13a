package io.vcspbench.core.destination;

import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.FrameHandler;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.SingleWriterCounter;
import io.vcspbench.core.migration.MigrationControl;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The destination's receiving thread: copies arriving pages into guest memory and then sets their
 * bit in the "present" bitmap B (a release write, so the vCPU that sees the bit sees the bytes).
 * A page that is already present is counted as a duplicate and not written, since the guest may
 * have changed it since. When the last page is present it tells the source (COMPLETE) and stops.
 * The demand channel is polled before the push channel every loop.
 *
 * <p>In pre-copy mode pages come round after round and a later copy is newer: a page that is
 * already present is overwritten (and counted as a duplicate), the CPU state arrives after the last
 * page and resumes the vCPU, and the receiver completes on the source's DONE. Allocation-free after
 * construction.
 */
public final class PageReceiver implements Runnable
{
    private static final int POLL_LIMIT = 16;

    private final GuestMemory memory;
    private final PageBitmap present;
    private final Channel demand;
    private final Channel push;
    private final MigrationControl control;
    private final IdleStrategy idle;
    private final NanoClock clock;
    private final long pages;
    private final long sendTimeoutNs;
    private final boolean precopy;
    private final UnsafeBuffer pageView = new UnsafeBuffer(0, 0);
    private final FrameHandler handler = this::onFrame;
    private final SingleWriterCounter linkBytes = new SingleWriterCounter();

    private long presentCount;
    private long pagesReceived;
    private long duplicatePages;
    private long cpuStateArrivedNs;
    private long sourceSwitchoverNs;
    private long sourceMemorySeed;
    private boolean doneReceived;

    /**
     * @param memory        destination guest memory.
     * @param present       the "present" bitmap B, written only by this receiver.
     * @param link          the destination end of the link.
     * @param control       shared run state.
     * @param idle          how this thread idles.
     * @param clock         time source.
     * @param sendTimeoutMs how long COMPLETE may wait for room on the link.
     * @param precopy       true for pre-copy: later copies overwrite, completion on DONE.
     */
    public PageReceiver(
        final GuestMemory memory,
        final PageBitmap present,
        final LinkEnd link,
        final MigrationControl control,
        final IdleStrategy idle,
        final NanoClock clock,
        final long sendTimeoutMs,
        final boolean precopy)
    {
        this.precopy = precopy;
        this.memory = memory;
        this.present = present;
        this.pages = memory.pageCount();
        this.demand = link.demand();
        this.push = link.push();
        this.control = control;
        this.idle = idle;
        this.clock = clock;
        this.sendTimeoutNs = sendTimeoutMs * 1_000_000L;
    }

    /** Receives until every page is present (then sends COMPLETE) or the run fails. */
    @Override
    public void run()
    {
        try
        {
            while (control.isRunning() && (precopy ? !doneReceived : presentCount < pages))
            {
                int work = demand.poll(handler, POLL_LIMIT);
                work += push.poll(handler, POLL_LIMIT);
                idle.idle(work);
            }
            if (precopy && doneReceived && presentCount < pages)
            {
                throw new LinkException("the source finished pre-copy with " + (pages - presentCount) +
                    " pages never sent");
            }
            if (presentCount == pages && (!precopy || doneReceived))
            {
                control.markAllPresent(clock.nanoTime());
                sendComplete();
            }
        }
        catch (final LinkException e)
        {
            control.fail("destination: " + e.getMessage());
        }
        catch (final RuntimeException e)
        {
            control.fail("destination: " + e);
        }
    }

    private void sendComplete()
    {
        final long deadline = clock.nanoTime() + sendTimeoutNs;
        while (!push.trySend(Frame.TYPE_COMPLETE, 0, presentCount, 0, 0, 0) || !push.isFlushed())
        {
            push.flush();
            if (clock.nanoTime() > deadline)
            {
                throw new LinkException("could not send COMPLETE within " + sendTimeoutNs / 1_000_000 + " ms");
            }
            idle.idle();
        }
    }

    private void onFrame(
        final int type, final int flags, final long page, final int count,
        final DirectBuffer buffer, final int offset, final int length)
    {
        linkBytes.add(Frame.HEADER_LENGTH + length);
        switch (type)
        {
            case Frame.TYPE_PAGES:
                onPages(page, count, buffer, offset);
                break;
            case Frame.TYPE_CPU_STATE:
                sourceSwitchoverNs = buffer.getLong(offset + Frame.CPU_STATE_SWITCHOVER_NS_OFFSET);
                sourceMemorySeed = buffer.getLong(offset + Frame.CPU_STATE_SEED_OFFSET);
                cpuStateArrivedNs = clock.nanoTime();
                control.markResumed(cpuStateArrivedNs);
                break;
            case Frame.TYPE_DONE:
                doneReceived = true;
                break;
            default:
                throw new LinkException("unexpected " + Frame.typeName(type) + " frame at the destination");
        }
    }

    private void onPages(final long firstPage, final int count, final DirectBuffer buffer, final int offset)
    {
        pagesReceived += count;
        for (int i = 0; i < count; i++)
        {
            final long page = firstPage + i;
            final boolean wasPresent = present.get(page);
            if (wasPresent)
            {
                duplicatePages++;
                if (!precopy)
                {
                    continue; // post-copy: the guest may have written it since it arrived
                }
            }
            pageView.wrap(memory.pageAddress(page), GuestMemory.PAGE_SIZE);
            buffer.getBytes(offset + (i << Frame.PAGE_SHIFT), pageView, 0, GuestMemory.PAGE_SIZE);
            if (!wasPresent)
            {
                present.setSingleWriter(page);
                presentCount++;
            }
        }
    }

    /** @return link bytes delivered to this receiver so far, readable from any thread. */
    public SingleWriterCounter linkBytes()
    {
        return linkBytes;
    }

    /** @return pages present. Read after the thread stopped. */
    public long presentCount()
    {
        return presentCount;
    }

    /** @return page payloads received, duplicates included. Read after the thread stopped. */
    public long pagesReceived()
    {
        return pagesReceived;
    }

    /** @return pages received while already present. Read after the thread stopped. */
    public long duplicatePages()
    {
        return duplicatePages;
    }

    /** @return when the CPU state arrived, System.nanoTime(), 0 if it did not. */
    public long cpuStateArrivedNs()
    {
        return cpuStateArrivedNs;
    }

    /** @return the source's nanoTime when its vCPU stopped, from the CPU state; read after the thread stopped. */
    public long sourceSwitchoverNs()
    {
        return sourceSwitchoverNs;
    }

    /** @return the seed the source's memory was filled with, from the CPU state; read after the thread stopped. */
    public long sourceMemorySeed()
    {
        return sourceMemorySeed;
    }

    /** @return whether the source said it has sent every page. */
    public boolean doneReceived()
    {
        return doneReceived;
    }
}
