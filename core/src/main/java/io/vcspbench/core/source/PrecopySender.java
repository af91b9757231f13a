package io.vcspbench.core.source;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.ThrottlePolicy;
import io.vcspbench.core.jfr.PrecopyRoundEvent;
import io.vcspbench.core.jfr.StopAndCopyEvent;
import io.vcspbench.core.jfr.VcspEvents;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.FrameHandler;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.memory.DirtyLog;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.RoundStats;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The source's migration thread for iterative pre-copy (Clark 2005; Jin 2011 Eq. 1–5) while the
 * source vCPU keeps running: round 1 sends every page; at the end of each round the dirty log is
 * harvested and the next round sends what the guest dirtied meanwhile. When what is left is at most
 * the stop-and-copy threshold, or after the last allowed round, the vCPU is paused, the last dirty
 * pages and then the CPU state are sent, and the destination resumes. After each round a
 * {@link ThrottlePolicy} may change the vCPU's throttle E; E is restored when the migration ends.
 *
 * <p>Every page goes on the push channel in page order, and the CPU state follows the last one on
 * the same channel, so the destination has every page once the CPU state arrives. Per-round figures
 * are kept in preallocated arrays, and each round is a {@link PrecopyRoundEvent} when a recording
 * wants it; runs on one thread; allocation-free until {@link #rounds()}.
 */
public final class PrecopySender implements Runnable
{
    private static final int POLL_LIMIT = 16;

    private final GuestMemory memory;
    private final Channel demand;
    private final Channel push;
    private final MigrationControl control;
    private final IdleStrategy idle;
    private final NanoClock clock;
    private final DirtyLog dirtyLog;
    private final VcpuPause pause;
    private final DutyCycleThrottler throttler;
    private final ThrottlePolicy policy;
    private final int batchPages;
    private final int maxRounds;
    private final long stopCopyPages;
    private final long timeoutNs;
    private final long memorySeed;
    private final long pages;
    private final PageBitmap toSend;
    private final FrameHandler handler = this::onFrame;
    private final UnsafeBuffer cpuState = new UnsafeBuffer(ByteBuffer.allocateDirect(Frame.CPU_STATE_LENGTH));

    private final long[] roundPages;
    private final long[] roundNs;
    private final long[] roundDirtied;
    private final int[] roundPercent;
    /** Null unless JFR is in use at set-up ({@link VcspEvents#inUse()}). */
    private final PrecopyRoundEvent roundEvent = VcspEvents.inUse() ? new PrecopyRoundEvent() : null;
    /** Made with the sender, not in stop-and-copy: an event class's first instance costs its loading. */
    private final StopAndCopyEvent stopAndCopyEvent = VcspEvents.inUse() ? new StopAndCopyEvent() : null;
    private int rounds;

    private long startNs;
    private long pauseRequestNs;
    private long lastStopCopyPages = -1;
    private long owedAtSwitch = -1;
    private SourceVcpu vcpu;
    private long pagesSent;
    private long resentPages;
    private boolean completeReceived;
    private boolean lastPageSent;

    /**
     * @param memory         source guest memory.
     * @param link           the source end of the link.
     * @param control        shared run state.
     * @param idle           how this thread idles while the link is full or the peer is quiet.
     * @param clock          time source.
     * @param dirtyLog       the log the source vCPU marks its writes in.
     * @param pause          the source vCPU's stop signal.
     * @param throttler      the source vCPU's throttle, which the policy adjusts.
     * @param policy         what to do with E after each round.
     * @param batchPages     most pages per frame.
     * @param maxRounds      rounds before stop-and-copy at the latest, at least 1 (a round rule may
     *                       stop earlier).
     * @param stopCopyKiB    stop-and-copy once at most this much is left to send, KiB.
     * @param timeoutMs      how long a frame may wait for room, and the destination for its COMPLETE, ms.
     * @param memorySeed     seed the source memory was filled with, carried in the CPU state.
     */
    public PrecopySender(
        final GuestMemory memory,
        final LinkEnd link,
        final MigrationControl control,
        final IdleStrategy idle,
        final NanoClock clock,
        final DirtyLog dirtyLog,
        final VcpuPause pause,
        final DutyCycleThrottler throttler,
        final ThrottlePolicy policy,
        final int batchPages,
        final int maxRounds,
        final long stopCopyKiB,
        final long timeoutMs,
        final long memorySeed)
    {
        if (maxRounds < 1)
        {
            throw new IllegalArgumentException("maxRounds must be at least 1, was " + maxRounds);
        }
        this.memory = memory;
        this.pages = memory.pageCount();
        this.demand = link.demand();
        this.push = link.push();
        this.control = control;
        this.idle = idle;
        this.clock = clock;
        this.dirtyLog = dirtyLog;
        this.pause = pause;
        this.throttler = throttler;
        this.policy = policy;
        this.batchPages = batchPages;
        this.maxRounds = maxRounds;
        this.stopCopyPages = stopCopyKiB * 1024 / GuestMemory.PAGE_SIZE;
        this.timeoutNs = timeoutMs * 1_000_000L;
        this.memorySeed = memorySeed;
        this.toSend = new PageBitmap(pages);
        this.roundPages = new long[maxRounds];
        this.roundNs = new long[maxRounds];
        this.roundDirtied = new long[maxRounds];
        this.roundPercent = new int[maxRounds];
    }

    /**
     * Runs the whole of classic pre-copy (rounds by {@link RoundRules#classic}, then stop-and-copy)
     * and restores E; failures go to the control.
     */
    @Override
    public void run()
    {
        final int initialPercent = throttler.throttlePercent();
        try
        {
            if (runRounds(classicRule()) != null)
            {
                stopAndCopy();
            }
        }
        catch (final LinkException e)
        {
            control.fail("source: " + e.getMessage());
        }
        catch (final RuntimeException e)
        {
            control.fail("source: " + e);
        }
        finally
        {
            finish(initialPercent);
        }
    }

    /**
     * @param vcpu the source vCPU whose work the CPU state reports to the destination (it is the
     *             guest's work during the rounds); optional.
     */
    public void reportWorkOf(final SourceVcpu vcpu)
    {
        this.vcpu = vcpu;
    }

    /**
     * @return classic pre-copy's rule with this sender's round limit and stop-and-copy threshold
     * ({@link RoundRules#classic}).
     */
    public RoundRule classicRule()
    {
        return RoundRules.classic(maxRounds, stopCopyPages);
    }

    /**
     * Restores E and makes sure the source vCPU stops writing, whatever happened: call once the
     * phases that use this sender are over.
     *
     * @param initialPercent E before the first round.
     */
    public void finish(final int initialPercent)
    {
        throttler.setThrottlePercent(initialPercent);
        if (pause.pausedNs() == 0)
        {
            pause.request(); // a failed run must not leave the vCPU writing
        }
    }

    /**
     * The live rounds: round 1 sends every page, each next one what the guest dirtied during the
     * last, until the rule says otherwise (or the rounds this sender was sized for are used up: then
     * stop-and-copy). The throttle policy adjusts E between rounds.
     *
     * @param rule what to do after each round.
     * @return the rule's last decision, never CONTINUE; null when the run stopped meanwhile.
     */
    public RoundRule.Decision runRounds(final RoundRule rule)
    {
        return runRounds(rule, null);
    }

    /**
     * As {@link #runRounds(RoundRule)}; with a snapshot (parallel-hybrid) round 1 does not send every
     * page over the link: a snapshot of all memory is being written to shared storage meanwhile, and
     * round 1 sends what the guest dirties until it is complete, then a SNAPSHOT frame so the
     * destination merges it; the rule decides from round 2 on (As-hybrid starts after the merge).
     *
     * @param rule          what to do after each round.
     * @param snapshotDone  says when the snapshot is complete in shared storage, or null for none.
     * @return the rule's last decision, never CONTINUE; null when the run stopped meanwhile.
     */
    public RoundRule.Decision runRounds(final RoundRule rule, final java.util.function.BooleanSupplier snapshotDone)
    {
        startNs = clock.nanoTime();
        if (snapshotDone == null)
        {
            dirtyLog.reset();
            toSend.setAll();
        }
        while (control.isRunning())
        {
            final int round = rounds;
            final int percent = throttler.throttlePercent();
            final long roundStartNs = clock.nanoTime();
            if (roundEvent != null)
            {
                roundEvent.start();
            }
            final long sent = round == 0 && snapshotDone != null ? sendWhileSnapshotting(snapshotDone) :
                sendMarked(round == 0 ? 0 : Frame.FLAG_RESEND);
            if (!control.isRunning())
            {
                return null;
            }
            final long endNs = clock.nanoTime();
            if (roundEvent != null)
            {
                roundEvent.stop();
            }
            final long dirtied = dirtyLog.drainInto(toSend);
            roundPages[round] = sent;
            roundNs[round] = endNs - roundStartNs;
            roundDirtied[round] = dirtied;
            roundPercent[round] = percent;
            rounds = round + 1;
            // Tells a destination in another process how the rounds went (pre-copy's figures are the source's).
            offer(Frame.TYPE_ROUND_END, 0, rounds, (int)sent, 0, 0);
            RoundRule.Decision decision = round == 0 && snapshotDone != null ? RoundRule.Decision.CONTINUE :
                rule.afterRound(rounds, sent, endNs - roundStartNs, dirtied);
            if (decision == RoundRule.Decision.CONTINUE && rounds == maxRounds)
            {
                decision = RoundRule.Decision.STOP_AND_COPY;
            }
            if (roundEvent != null)
            {
                roundEvent.emit(rounds, sent, dirtied, bitsPerSecond(dirtied, endNs - roundStartNs),
                    bitsPerSecond(sent, endNs - roundStartNs), percent, decision.name());
            }
            if (decision != RoundRule.Decision.CONTINUE)
            {
                return decision;
            }
            throttler.setThrottlePercent(policy.afterRound(endNs, endNs - roundStartNs, sent, dirtied, percent));
        }
        return null;
    }

    /**
     * Stop-and-copy: pauses the vCPU, sends the pages it dirtied since they were last sent, then the
     * CPU state and DONE, and waits for the destination's COMPLETE: a {@link StopAndCopyEvent}.
     */
    public void stopAndCopy()
    {
        final StopAndCopyEvent event = stopAndCopyEvent;
        if (event != null)
        {
            event.start();
        }
        pauseVcpu();
        dirtyLog.drainInto(toSend);
        lastStopCopyPages = sendMarked(Frame.FLAG_RESEND);
        // From here the destination may resume and report completion while the CPU state and DONE leave.
        lastPageSent = true;
        sendCpuState(0);
        offer(Frame.TYPE_DONE, 0, pagesSent, 0, 0, 0);
        final long completeDeadline = clock.nanoTime() + timeoutNs;
        while (!completeReceived && control.isRunning())
        {
            if (clock.nanoTime() > completeDeadline)
            {
                throw new LinkException("the destination did not confirm completion within " +
                    timeoutNs / 1_000_000 + " ms");
            }
            idle.idle(push.flush() + pollPeer());
        }
        if (event != null)
        {
            event.emit(rounds, lastStopCopyPages);
        }
    }

    /**
     * The hybrids' switchover, first half: pauses the vCPU and tells the destination which of its
     * copies are stale (DISCARD ranges of every page dirtied since it was last sent), on the push
     * channel behind the rounds' pages. The caller may then save the pages owed (PbData) before
     * {@link #sendSwitchCpuState}.
     *
     * @return the pages the destination does not have (read-only for the caller).
     */
    public PageBitmap pauseAndDiscard()
    {
        pauseVcpu();
        dirtyLog.drainInto(toSend);
        long page = toSend.nextSetBit(0);
        long owed = 0;
        while (page >= 0)
        {
            final long clear = toSend.nextClearBit(page);
            final long end = Math.min(clear < 0 ? pages : clear, page + Integer.MAX_VALUE);
            offer(Frame.TYPE_DISCARD, 0, page, (int)(end - page), 0, 0);
            owed += end - page;
            page = end < pages ? toSend.nextSetBit(end) : -1;
        }
        owedAtSwitch = owed;
        return toSend;
    }

    /**
     * The hybrids' switchover, second half: the CPU state, behind the DISCARDs on the push channel,
     * so the destination resumes only after it has applied all of them; waits until the link has
     * taken it.
     *
     * @param extraFlags CPU_STATE flags besides {@link Frame#FLAG_POSTCOPY_FOLLOWS} (say {@link Frame#FLAG_BACKUP}).
     */
    public void sendSwitchCpuState(final int extraFlags)
    {
        sendCpuState(Frame.FLAG_POSTCOPY_FOLLOWS | extraFlags);
        while (!push.isFlushed() && control.isRunning())
        {
            checkTimeout(pauseRequestNs);
            idle.idle(push.flush() + pollPeer());
        }
        idle.reset();
    }

    /** Parallel-hybrid's round 1: the dirty pages over the link while the snapshot goes to storage. */
    private long sendWhileSnapshotting(final java.util.function.BooleanSupplier snapshotDone)
    {
        long sent = 0;
        while (control.isRunning())
        {
            final boolean last = snapshotDone.getAsBoolean();
            dirtyLog.drainInto(toSend);
            final long now = sendMarked(0);
            sent += now;
            if (last)
            {
                break;
            }
            if (now == 0)
            {
                idle.idle(pollPeer());
            }
        }
        idle.reset();
        offer(Frame.TYPE_SNAPSHOT, 0, pages, 0, 0, 0);
        return sent;
    }

    private void pauseVcpu()
    {
        pauseRequestNs = clock.nanoTime();
        pause.request();
        while (pause.pausedNs() == 0)
        {
            checkTimeout(pauseRequestNs);
            pollPeer();
            idle.idle();
        }
        idle.reset();
    }

    private void checkTimeout(final long sinceNs)
    {
        if (clock.nanoTime() - sinceNs > timeoutNs)
        {
            throw new IllegalStateException("the switchover did not finish within " + timeoutNs / 1_000_000 +
                " ms (the source vCPU did not pause, or the link did not drain)");
        }
    }

    private void sendCpuState(final int flags)
    {
        cpuState.putLong(Frame.CPU_STATE_SWITCHOVER_NS_OFFSET, pauseRequestNs);
        cpuState.putLong(Frame.CPU_STATE_SEED_OFFSET, memorySeed);
        cpuState.putLong(Frame.CPU_STATE_START_NS_OFFSET, startNs);
        final SourceVcpu v = vcpu;
        final boolean ran = v != null && v.startedNs() != 0;
        cpuState.putLong(Frame.CPU_STATE_SOURCE_WORK_BYTES_OFFSET, ran ? v.bytesProcessed().get() : 0);
        cpuState.putLong(Frame.CPU_STATE_SOURCE_WORK_NS_OFFSET, ran ? Math.max(0, pause.pausedNs() - v.startedNs()) : 0);
        cpuState.putDouble(Frame.CPU_STATE_SOURCE_SHARE_OFFSET, throttler.achievedSharePercent());
        offer(Frame.TYPE_CPU_STATE, flags, 0, 1, cpuState.addressOffset(), Frame.CPU_STATE_LENGTH);
    }

    /** Sends every page marked in {@link #toSend}, clearing each as it goes; returns how many. */
    private long sendMarked(final int flags)
    {
        long sent = 0;
        long page = toSend.nextSetBit(0);
        long waitingSinceNs = 0;
        while (page >= 0)
        {
            long end = page + 1;
            while (end < pages && end - page < batchPages && toSend.get(end))
            {
                end++;
            }
            final int count = (int)(end - page);
            if (push.trySend(Frame.TYPE_PAGES, flags, page, count, memory.pageAddress(page), count << Frame.PAGE_SHIFT))
            {
                for (long p = page; p < end; p++)
                {
                    toSend.clearSingleWriter(p);
                }
                sent += count;
                waitingSinceNs = 0;
                page = toSend.nextSetBit(end);
                if ((sent & 0xFF) < count)
                {
                    checkRunning(); // about every 256 pages: notice a failure elsewhere and peer errors
                    pollPeer();
                }
                continue;
            }
            final long now = clock.nanoTime();
            if (waitingSinceNs == 0)
            {
                waitingSinceNs = now;
            }
            else if (now - waitingSinceNs > timeoutNs)
            {
                throw new LinkException("no room on the link for " + timeoutNs / 1_000_000 + " ms");
            }
            checkRunning();
            idle.idle(push.flush() + pollPeer());
        }
        idle.reset();
        pagesSent += sent;
        if (flags != 0)
        {
            resentPages += sent;
        }
        return sent;
    }

    private void offer(final int type, final int flags, final long page, final int count, final long address,
        final int length)
    {
        final long deadline = clock.nanoTime() + timeoutNs;
        while (!push.trySend(type, flags, page, count, address, length))
        {
            if (clock.nanoTime() > deadline)
            {
                throw new LinkException("could not send " + Frame.typeName(type) + " within " +
                    timeoutNs / 1_000_000 + " ms");
            }
            checkRunning();
            idle.idle(push.flush() + pollPeer());
        }
        idle.reset();
    }

    private void checkRunning()
    {
        if (!control.isRunning())
        {
            throw new LinkException("stopped: " + control.failure());
        }
    }

    private int pollPeer()
    {
        return demand.poll(handler, POLL_LIMIT) + push.poll(handler, POLL_LIMIT) + demand.flush();
    }

    private void onFrame(
        final int type, final int flags, final long page, final int count,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (type == Frame.TYPE_COMPLETE)
        {
            // Success is every page delivered: a COMPLETE before the last page left, or short of pages, is a lie.
            if (!lastPageSent)
            {
                throw new LinkException("the destination reported completion during round " + (rounds + 1) +
                    ", before the last page was sent");
            }
            if (page != pages)
            {
                throw new LinkException("the destination reported completion with " + page + " of " + pages +
                    " pages present");
            }
            completeReceived = true;
        }
        else
        {
            throw new LinkException("unexpected " + Frame.typeName(type) + " frame at the pre-copy source");
        }
    }

    private static long bitsPerSecond(final long pageCount, final long ns)
    {
        return ns > 0 ? (long)(pageCount * (GuestMemory.PAGE_SIZE * 8 * 1e9) / ns) : 0;
    }

    /** @return when round 1 began, ns. */
    public long startNs()
    {
        return startNs;
    }

    /** @return when stop-and-copy began (the pause was requested), ns, or 0 if it did not. */
    public long pauseRequestNs()
    {
        return pauseRequestNs;
    }

    /** @return pages sent with the vCPU paused, or -1 if stop-and-copy did not happen. */
    public long stopCopyPages()
    {
        return lastStopCopyPages;
    }

    /** @return pages the destination was owed at the switch to post-copy, or -1 if there was none. */
    public long owedAtSwitch()
    {
        return owedAtSwitch;
    }

    /** @return live rounds completed (stop-and-copy not counted). */
    public int roundCount()
    {
        return rounds;
    }

    /** @return page payloads sent, resends included. */
    public long pagesSent()
    {
        return pagesSent;
    }

    /** @return pages sent again after round 1. */
    public long resentPages()
    {
        return resentPages;
    }

    /**
     * @return what each live round measured, for the result; read after the thread stopped.
     */
    public List<RoundStats> rounds()
    {
        final List<RoundStats> list = new ArrayList<>(rounds);
        for (int i = 0; i < rounds; i++)
        {
            final double seconds = roundNs[i] / 1e9;
            final double mbitPerPage = GuestMemory.PAGE_SIZE * 8 / 1e6;
            list.add(new RoundStats(i + 1, roundPages[i], roundNs[i] / 1e6,
                seconds > 0 ? roundDirtied[i] * mbitPerPage / seconds : 0,
                seconds > 0 ? roundPages[i] * mbitPerPage / seconds : 0,
                roundPercent[i]));
        }
        return list;
    }
}
