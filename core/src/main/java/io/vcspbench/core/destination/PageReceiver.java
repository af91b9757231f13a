package io.vcspbench.core.destination;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.jfr.PageBatchEvent;
import io.vcspbench.core.jfr.VcspEvents;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.FrameHandler;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.FaultingRegion;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.SingleWriterCounter;
import io.vcspbench.core.storage.PageFileException;
import io.vcspbench.core.storage.PageFileReader;
import io.vcspbench.core.storage.SharedStorage;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where pages come in at the destination: copies arriving pages into guest memory and then sets their
 * bit in the "present" bitmap B (a release write, so the vCPU that sees the bit sees the bytes). A page
 * that is already present is counted as a duplicate and not written, since the guest may have changed
 * it since. When the last page is present it tells the source (COMPLETE) and stops.
 *
 * <p>Two threads take frames, so that a fault never waits behind pushed pages: this receiver's own
 * thread ({@link #run()}) reads the push channel; the demand channel is read by whoever holds its
 * lock ({@link #pollDemand}): the stalled vCPU reads the reply to its own fault, and the receiver
 * takes prefetched pages when the vCPU is not stalled (and wakes it if it stalls meanwhile). Each
 * page is made present by exactly one of them.
 *
 * <p>One rule serves every algorithm. Until the CPU state has arrived the vCPU has not run here, so
 * a later copy of a page is newer: a present page is overwritten (pre-copy's rounds, counted as a
 * duplicate), and a DISCARD frame makes stale pages absent again (the hybrids' switchover). Once the
 * CPU state has arrived the guest may write any present page, so a copy of a present page is
 * dropped (post-copy). The receiver completes when the vCPU has resumed and every page is present
 * (after stop-and-copy that is at the CPU state's arrival), or, with the push off, when the vCPU has
 * ended its pass. Each PAGES frame is a {@link PageBatchEvent} when a recording wants it.
 *
 * <p>With the uffd backend (the memory is a {@link FaultingRegion}) a missing page is installed with
 * UFFDIO_COPY, which maps it atomically and wakes the vCPU if it faulted on it; when the push and a
 * fault reply race for a page the kernel keeps the first (EEXIST) and the second counts as a
 * duplicate. A present page (mapped) is overwritten with a plain copy before the CPU state, as with
 * the quasi-MMU. Nothing here reads or writes a missing page from Java. DISCARD and storage are not
 * supported with uffd (the post-copy algorithms send neither).
 * Allocation-free after construction.
 */
public final class PageReceiver implements Runnable
{
    private static final int POLL_LIMIT = 16;
    /** Demand frames the receiver takes per loop: a few, so it holds the lock only briefly. */
    private static final int DEMAND_DRAIN_LIMIT = 4;
    /** After DONE only prefetched pages nobody has read are left: look for them this often. */
    private static final long DRAIN_INTERVAL_NS = 200_000L;
    private static final VarHandle DEMAND_LOCK;

    static
    {
        try
        {
            DEMAND_LOCK = MethodHandles.lookup().findVarHandle(PageReceiver.class, "demandLock", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final GuestMemory memory;
    private final PageBitmap present;
    private final Channel demand;
    private final Channel push;
    private final MigrationControl control;
    private final Waiter waiter;
    private final FaultSignal signal;
    private final NanoClock clock;
    private final long pages;
    private final long sendTimeoutNs;
    private final boolean demandOnly;
    /** Null with the quasi-MMU. */
    private final FaultingRegion region;
    private final Arrivals pushArrivals;
    private final Arrivals demandArrivals;

    @SuppressWarnings("unused") // through DEMAND_LOCK
    private volatile int demandLock;
    private volatile long cpuStateArrivedNs;
    private volatile long sourceSwitchoverNs;
    private volatile long sourceStartNs;
    private volatile boolean doneReceived;
    private volatile boolean postcopyFollows;
    private volatile long pushPagesBeforeResume;
    private SharedStorage storage;
    private long linkTimeoutNs = Long.MAX_VALUE;
    private volatile boolean backupAvailable;
    private volatile boolean linkLost;
    private volatile long lastHeardNs;
    private long snapshotPagesLoaded;
    private long backupPagesLoaded;
    private volatile int roundsSeen;
    private long pagesAtRoundEnd;
    private volatile long stopCopyPagesSeen = -1;
    private volatile long sourceWorkBytes;
    private volatile long sourceWorkNs;
    private volatile double sourceSharePercent = Double.NaN;
    private volatile long linkBytesBeforeResume;


    /**
     * @param memory        destination guest memory.
     * @param present       the "present" bitmap B, written only through this receiver.
     * @param link          the destination end of the link.
     * @param control       shared run state.
     * @param waiter        how this receiver's thread waits; it must watch the push channel (and the
     *                      demand channel too when no vCPU reads it: no signal).
     * @param signal        the vCPU's fault signal, or null when no vCPU runs here.
     * @param clock         time source.
     * @param sendTimeoutMs how long COMPLETE may wait for room on the link.
     * @param demandOnly    true when the source does not push: the vCPU ends the run once its pass is
     *                      done and every page it asked for is present (not every page moves).
     */
    public PageReceiver(
        final GuestMemory memory,
        final PageBitmap present,
        final LinkEnd link,
        final MigrationControl control,
        final Waiter waiter,
        final FaultSignal signal,
        final NanoClock clock,
        final long sendTimeoutMs,
        final boolean demandOnly)
    {
        this.demandOnly = demandOnly;
        this.memory = memory;
        this.present = present;
        this.pages = memory.pageCount();
        this.demand = link.demand();
        this.push = link.push();
        this.control = control;
        this.waiter = waiter;
        this.signal = signal;
        this.clock = clock;
        this.sendTimeoutNs = sendTimeoutMs * 1_000_000L;
        this.region = memory.faultingRegion();
        this.pushArrivals = new Arrivals();
        this.demandArrivals = new Arrivals();
    }

    /** Receives until every page is present (then sends COMPLETE) or the run fails. */
    @Override
    public void run()
    {
        try
        {
            while (control.isRunning() && !done())
            {
                if (linkLost)
                {
                    recoverFromBackup();
                    return;
                }
                int work;
                try
                {
                    work = push.poll(pushArrivals, POLL_LIMIT);
                }
                catch (final LinkException e)
                {
                    if (onLinkLost(e.getMessage()))
                    {
                        continue;
                    }
                    return;
                }
                if (signal == null || signal.awaitedPage() == FaultSignal.NONE)
                {
                    final int taken = pollDemand(DEMAND_DRAIN_LIMIT);
                    if (taken > 0)
                    {
                        work += taken;
                    }
                    if (taken >= 0 && signal != null)
                    {
                        // The vCPU may have stalled meanwhile, found the channel taken, and may be
                        // waiting for frames this poll moved out of the socket.
                        signal.wakeIfWaiting();
                    }
                }
                if (work > 0)
                {
                    waiter.reset();
                }
                else
                {
                    checkLinkSilence();
                    awaitArrivals();
                }
            }
            if (demandOnly && control.allPresent())
            {
                sendComplete();
            }
            else if (presentCount() == pages && control.resumedNs() != 0)
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

    private boolean done()
    {
        if (demandOnly && postcopyFollows)
        {
            return control.allPresent();
        }
        if (!postcopyFollows && doneReceived && presentCount() < pages)
        {
            throw new LinkException("the source finished with " + (pages - presentCount()) +
                " pages never sent and no post-copy to follow");
        }
        return control.resumedNs() != 0 && presentCount() == pages;
    }

    /**
     * Shared storage for parallel-hybrid's snapshot and the backup of the pages owed (PbData); call
     * before the threads start. Without it a SNAPSHOT frame is a protocol error and a link failure in
     * post-copy ends the run.
     *
     * @param storage       the storage, or null.
     * @param linkTimeoutMs during post-copy, give the link up after hearing nothing for this long while
     *                      pages are owed (the push is on, or the vCPU waits for a page), ms.
     */
    public void useStorage(final SharedStorage storage, final long linkTimeoutMs)
    {
        if (storage != null && region != null)
        {
            // Loading from storage writes missing pages from Java, which a faulting region must never see.
            throw new IllegalArgumentException("shared storage does not go with the uffd fault backend");
        }
        this.storage = storage;
        this.linkTimeoutNs = linkTimeoutMs * 1_000_000L;
    }

    /**
     * The link failed (an I/O error, the peer gone, or silence): before the switch the guest still
     * runs at the source and the run fails; during post-copy the destination finishes from the backup
     * if the source saved one, else the run fails saying that the guest's memory is split across the
     * two hosts. Any thread; idempotent.
     *
     * @param reason what happened, one line.
     * @return true when the destination carries on from the backup.
     */
    public boolean onLinkLost(final String reason)
    {
        if (linkLost)
        {
            return true;
        }
        if (control.resumedNs() == 0 || !postcopyFollows)
        {
            control.fail("destination: " + reason + (control.resumedNs() == 0 ?
                " (before the switch: the guest still runs at the source)" : ""));
            return false;
        }
        if (control.allPresent() || (!demandOnly && presentCount() == pages))
        {
            return false; // nothing was owed any more
        }
        if (!backupAvailable || storage == null)
        {
            control.fail("destination: link lost during post-copy (" + reason + "): the guest's memory is split " +
                "across the hosts, " + (pages - presentCount()) + " of " + pages + " pages are only at the source " +
                "and no backup holds them (--backup)");
            return false;
        }
        control.markLinkLost(reason);
        linkLost = true;
        waiter.wake();
        return true;
    }

    /** @return whether the link was given up during post-copy and the pages owed come from the backup. */
    public boolean linkLost()
    {
        return linkLost;
    }

    private void checkLinkSilence()
    {
        final long resumedNs = control.resumedNs();
        if (linkTimeoutNs == Long.MAX_VALUE || !postcopyFollows || resumedNs == 0)
        {
            return;
        }
        final boolean owedNow = !demandOnly || (signal != null && signal.awaitedPage() != FaultSignal.NONE);
        final long quietNs = clock.nanoTime() - Math.max(lastHeardNs, resumedNs);
        if (owedNow && quietNs > linkTimeoutNs)
        {
            onLinkLost("nothing heard from the source for " + quietNs / 1_000_000 + " ms (--link-timeout-ms " +
                linkTimeoutNs / 1_000_000 + ")");
        }
    }

    /** On the receiver's thread after the link was given up: the pages owed from the backup file. */
    private void recoverFromBackup()
    {
        final long loaded;
        try (PageFileReader reader = storage.openBackup())
        {
            loaded = reader.load(memory, page -> !present.get(page), this::loadedPresent);
        }
        catch (final PageFileException e)
        {
            control.fail("destination: link lost during post-copy (" + control.linkLost() + ") and the backup " +
                "cannot be read: " + e.getMessage());
            return;
        }
        backupPagesLoaded = loaded;
        if (!demandOnly && presentCount() < pages)
        {
            control.fail("destination: link lost during post-copy and the backup lacked " + (pages - presentCount()) +
                " of the pages owed");
            return;
        }
        if (!demandOnly)
        {
            control.markAllPresent(clock.nanoTime());
        }
        // Push off: the vCPU ends the run when its pass is done; the link is gone, so no COMPLETE.
        while (control.isRunning() && !control.allPresent())
        {
            waiter.await(Waiter.MAX_WAIT_NS, false);
        }
    }

    /** A page loaded from storage into memory (receiver's thread): present, and the vCPU told. */
    private void loadedPresent(final long page)
    {
        if (present.set(page))
        {
            pushArrivals.presentAdded.add(1);
            if (signal != null)
            {
                signal.pagesPresent(page, 1);
            }
        }
    }

    /** Parallel-hybrid, on the receiver's thread before the switch: merges the snapshot, keeping newer copies. */
    private void loadSnapshot()
    {
        if (region != null)
        {
            throw new LinkException("the source announced a snapshot in shared storage, which the uffd fault backend " +
                "does not take");
        }
        if (storage == null)
        {
            throw new LinkException("the source announced a snapshot in shared storage, but none is configured here " +
                "(--storage)");
        }
        try (PageFileReader reader = storage.openStaticData())
        {
            snapshotPagesLoaded = reader.load(memory, page -> !present.get(page), this::loadedPresent);
        }
        catch (final PageFileException e)
        {
            throw new LinkException("the snapshot in shared storage cannot be read: " + e.getMessage());
        }
    }

    /** @return snapshot pages merged (parallel-hybrid), 0 if none. Read after the threads stopped. */
    public long snapshotPagesLoaded()
    {
        return snapshotPagesLoaded;
    }

    /** @return pages loaded from the backup after the link was given up, 0 if none. Read after the threads stopped. */
    public long backupPagesLoaded()
    {
        return backupPagesLoaded;
    }

    /** @return whether the CPU state said a backup of the pages owed is in shared storage. */
    public boolean backupAvailable()
    {
        return backupAvailable;
    }

    /** Ends this thread's current wait, so it sees the run's state at once; any thread. */
    public void wakeUp()
    {
        waiter.wake();
    }

    private void awaitArrivals()
    {
        final long nowNs = clock.nanoTime();
        final long heldUntilNs = push.heldUntilNs();
        if (heldUntilNs != Long.MAX_VALUE)
        {
            waiter.await(heldUntilNs - nowNs, true);
        }
        else if (doneReceived)
        {
            waiter.await(DRAIN_INTERVAL_NS, true);
        }
        else
        {
            waiter.await(Waiter.MAX_WAIT_NS, false);
        }
    }

    /**
     * Takes up to {@code limit} frames from the demand channel if no other thread is reading it now.
     * Called by the vCPU while it is stalled and by the receiver's thread.
     *
     * @param limit most frames.
     * @return frames taken, or -1 when another thread holds the demand channel.
     * @throws LinkException on an invalid frame or a peer that has gone.
     */
    public int pollDemand(final int limit)
    {
        if (linkLost || !DEMAND_LOCK.compareAndSet(this, 0, 1))
        {
            return -1;
        }
        try
        {
            return demand.poll(demandArrivals, limit);
        }
        catch (final LinkException e)
        {
            onLinkLost(e.getMessage());
            return -1;
        }
        finally
        {
            DEMAND_LOCK.setRelease(this, 0);
        }
    }

    /**
     * @return when the first demand frame the last {@link #pollDemand} held back falls due (see
     * {@link Channel#heldUntilNs()}).
     */
    public long demandHeldUntilNs()
    {
        return demand.heldUntilNs();
    }

    private void sendComplete()
    {
        final long deadline = clock.nanoTime() + sendTimeoutNs;
        while (!push.trySend(Frame.TYPE_COMPLETE, 0, presentCount(), 0, 0, 0) || !push.isFlushed())
        {
            push.flush();
            final long nowNs = clock.nanoTime();
            if (nowNs > deadline)
            {
                throw new LinkException("could not send COMPLETE within " + sendTimeoutNs / 1_000_000 + " ms");
            }
            final long delayNs = push.sendDelayNs(nowNs);
            waiter.await(delayNs > 0 ? delayNs : Waiter.MAX_WAIT_NS, delayNs > 0);
        }
    }

    /** @return link bytes delivered on both channels so far, readable from any thread. */
    public long linkBytesReceived()
    {
        return pushArrivals.linkBytes.get() + demandArrivals.linkBytes.get();
    }

    /** @return pages present, readable from any thread. */
    public long presentCount()
    {
        return pushArrivals.presentAdded.get() + demandArrivals.presentAdded.get();
    }

    /** @return page payloads received, duplicates included. Read after the threads stopped. */
    public long pagesReceived()
    {
        return pushArrivals.pagesReceived + demandArrivals.pagesReceived;
    }

    /** @return pages received on the demand channel (fault replies and their prefetch). Read after the threads stopped. */
    public long demandPagesReceived()
    {
        return demandArrivals.pagesReceived;
    }

    /**
     * @return fault replies whose first frame started with the faulting page ({@link Frame#FLAG_REPLY_HEAD}):
     * the faulting pages that came in the reply to their own request. Read after the threads stopped.
     */
    public long replyHeadsReceived()
    {
        return demandArrivals.replyHeads;
    }

    /**
     * @return pages pushed after the CPU state arrived (post-copy's push; pre-copy's rounds come before).
     * Read after the threads stopped.
     */
    public long pushPagesAfterResume()
    {
        return pushArrivals.pagesReceived - pushPagesBeforeResume;
    }

    /** @return link bytes received after the CPU state arrived (post-copy's share). Read after the threads stopped. */
    public long linkBytesAfterResume()
    {
        return linkBytesReceived() - linkBytesBeforeResume;
    }

    /** @return pages received on the push channel. Read after the threads stopped. */
    public long pushPagesReceived()
    {
        return pushArrivals.pagesReceived;
    }

    /**
     * @return when the last PAGES frame (either channel) was taken off the link, ns on this receiver's
     * clock, 0 if none came. Read after the threads stopped.
     */
    public long lastPageArrivedNs()
    {
        return Math.max(pushArrivals.lastPagesNs, demandArrivals.lastPagesNs);
    }

    /** @return pages received while already present. Read after the threads stopped. */
    public long duplicatePages()
    {
        return pushArrivals.duplicatePages + demandArrivals.duplicatePages;
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

    /** @return the source's nanoTime when the migration began, from the CPU state; read after the thread stopped. */
    public long sourceStartNs()
    {
        return sourceStartNs;
    }

    /** @return pre-copy rounds the source reported (ROUND_END frames), 0 if none. */
    public int roundsSeen()
    {
        return roundsSeen;
    }

    /** @return pages received after the last round and before the CPU state (stop-and-copy), -1 if none ran. */
    public long stopCopyPagesSeen()
    {
        return stopCopyPagesSeen;
    }

    /** @return guest bytes the source vCPU processed during the rounds, from the CPU state. */
    public long sourceWorkBytes()
    {
        return sourceWorkBytes;
    }

    /** @return how long the source vCPU ran during the rounds, ns, from the CPU state; 0 if it did not. */
    public long sourceWorkNs()
    {
        return sourceWorkNs;
    }

    /** @return the CPU share the source vCPU's throttler delivered, %, from the CPU state; NaN if none. */
    public double sourceSharePercent()
    {
        return sourceSharePercent;
    }

    /** @return whether the CPU state said post-copy follows (it did not after stop-and-copy). */
    public boolean postcopyFollows()
    {
        return postcopyFollows;
    }

    /** @return pages the source discarded at the switchover (stale copies). Read after the threads stopped. */
    public long discardedPages()
    {
        return pushArrivals.discarded + demandArrivals.discarded;
    }

    /** @return whether the source said it has sent every page. */
    public boolean doneReceived()
    {
        return doneReceived;
    }

    /**
     * Frames of one channel and their counts. The push channel's are written by the receiver's
     * thread only, the demand channel's by whoever holds its lock, so each count has one writer at a
     * time; the counters other threads read are {@link SingleWriterCounter}s.
     */
    private final class Arrivals implements FrameHandler
    {
        final SingleWriterCounter linkBytes = new SingleWriterCounter();
        final SingleWriterCounter presentAdded = new SingleWriterCounter();
        final UnsafeBuffer pageView = new UnsafeBuffer(0, 0);
        /** UFFDIO_COPY with this channel's own argument block; null with the quasi-MMU. */
        final FaultingRegion.Installer installer = region == null ? null : region.newInstaller();
        /** Where a page from an on-heap buffer is staged for UFFDIO_COPY; null with the quasi-MMU. */
        final UnsafeBuffer staging = region == null ? null :
            new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(GuestMemory.PAGE_SIZE));
        /** Reused by whichever thread holds the channel, one at a time; null unless JFR is in use at set-up. */
        final PageBatchEvent batchEvent = VcspEvents.inUse() ? new PageBatchEvent() : null;
        long pagesReceived;
        long duplicatePages;
        long replyHeads;
        long lastPagesNs;
        long discarded;

        @Override
        public void onFrame(
            final int type, final int flags, final long page, final int count,
            final DirectBuffer buffer, final int offset, final int length)
        {
            linkBytes.add(Frame.HEADER_LENGTH + length);
            final long nowNs = clock.nanoTime();
            lastHeardNs = nowNs;
            switch (type)
            {
                case Frame.TYPE_PAGES:
                    lastPagesNs = nowNs;
                    if ((flags & Frame.FLAG_REPLY_HEAD) != 0)
                    {
                        replyHeads++;
                    }
                    onPages(page, count, buffer, offset);
                    break;
                case Frame.TYPE_CPU_STATE:
                    sourceSwitchoverNs = buffer.getLong(offset + Frame.CPU_STATE_SWITCHOVER_NS_OFFSET);
                    sourceStartNs = buffer.getLong(offset + Frame.CPU_STATE_START_NS_OFFSET);
                    postcopyFollows = (flags & Frame.FLAG_POSTCOPY_FOLLOWS) != 0;
                    backupAvailable = (flags & Frame.FLAG_BACKUP) != 0;
                    if (this == pushArrivals)
                    {
                        // Behind the rounds' pages on the same channel: what came before it is pre-copy's.
                        // (Post-copy's CPU state comes alone on the demand channel, and the push may
                        // overtake it: those pages are post-copy's.)
                        pushPagesBeforeResume = pushArrivals.pagesReceived;
                        linkBytesBeforeResume = linkBytesReceived();
                    }
                    if (!postcopyFollows && roundsSeen > 0)
                    {
                        stopCopyPagesSeen = pushArrivals.pagesReceived - pagesAtRoundEnd;
                    }
                    sourceWorkBytes = buffer.getLong(offset + Frame.CPU_STATE_SOURCE_WORK_BYTES_OFFSET);
                    sourceWorkNs = buffer.getLong(offset + Frame.CPU_STATE_SOURCE_WORK_NS_OFFSET);
                    sourceSharePercent = buffer.getDouble(offset + Frame.CPU_STATE_SOURCE_SHARE_OFFSET);
                    cpuStateArrivedNs = clock.nanoTime();
                    control.markResumed(cpuStateArrivedNs);
                    if (signal != null)
                    {
                        signal.vcpuWaiter().wake();
                    }
                    break;
                case Frame.TYPE_DONE:
                    doneReceived = true;
                    break;
                case Frame.TYPE_DISCARD:
                    onDiscard(page, count);
                    break;
                case Frame.TYPE_SNAPSHOT:
                    loadSnapshot();
                    break;
                case Frame.TYPE_ROUND_END:
                    roundsSeen = (int)page;
                    pagesAtRoundEnd = pushArrivals.pagesReceived;
                    break;
                default:
                    throw new LinkException("unexpected " + Frame.typeName(type) + " frame at the destination");
            }
        }

        /** UFFDIO_COPY of one page from a frame; returns 1 if this call installed it, 0 if it was there. */
        private int install(final long page, final DirectBuffer buffer, final int at)
        {
            if (buffer.byteArray() == null)
            {
                return installer.install(page, buffer.addressOffset() + at, 1);
            }
            buffer.getBytes(at, staging, 0, GuestMemory.PAGE_SIZE);
            return installer.install(page, staging.addressOffset(), 1);
        }

        private void onDiscard(final long firstPage, final int count)
        {
            if (region != null)
            {
                throw new LinkException("DISCARD of pages " + firstPage + ".." + (firstPage + count - 1) +
                    ": the uffd fault backend takes the post-copy algorithms only");
            }
            if (control.resumedNs() != 0)
            {
                throw new LinkException("DISCARD of pages " + firstPage + ".." + (firstPage + count - 1) +
                    " after the CPU state (the guest already runs here)");
            }
            int removed = 0;
            for (long page = firstPage; page < firstPage + count; page++)
            {
                if (present.clear(page))
                {
                    removed++;
                }
            }
            presentAdded.add(-removed);
            discarded += count;
        }

        private void onPages(final long firstPage, final int count, final DirectBuffer buffer, final int offset)
        {
            final PageBatchEvent event = batchEvent;
            if (event != null)
            {
                event.start();
            }
            pagesReceived += count;
            final long duplicatesBefore = duplicatePages;
            int added = 0;
            for (int i = 0; i < count; i++)
            {
                final long page = firstPage + i;
                final boolean wasPresent = present.get(page);
                if (wasPresent)
                {
                    duplicatePages++;
                    if (control.resumedNs() != 0)
                    {
                        continue; // the guest runs here and may have written it since it arrived
                    }
                }
                final int at = offset + (i << Frame.PAGE_SHIFT);
                if (installer != null && !wasPresent)
                {
                    if (install(page, buffer, at) == 0)
                    {
                        duplicatePages++; // the other channel installed it first
                    }
                }
                else
                {
                    pageView.wrap(memory.pageAddress(page), GuestMemory.PAGE_SIZE);
                    buffer.getBytes(at, pageView, 0, GuestMemory.PAGE_SIZE);
                }
                if (!wasPresent && present.set(page))
                {
                    added++;
                }
            }
            if (added > 0)
            {
                presentAdded.add(added);
                if (signal != null)
                {
                    signal.pagesPresent(firstPage, count);
                    if (this == demandArrivals && presentCount() == pages)
                    {
                        waiter.wake(); // the receiver's thread sends COMPLETE
                    }
                }
            }
            // After the vCPU is woken: a recording must not delay the fault it waits on.
            if (event != null)
            {
                event.emit(firstPage, count, (long)count << Frame.PAGE_SHIFT, added,
                    (int)(duplicatePages - duplicatesBefore), this == demandArrivals);
            }
        }
    }
}
