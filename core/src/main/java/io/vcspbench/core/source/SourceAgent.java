package io.vcspbench.core.source;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.jfr.RequestEvent;
import io.vcspbench.core.jfr.VcspEvents;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.FrameHandler;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The source side of post-copy: sends the vCPU state, then serves fault requests from the
 * destination and pushes every other page in the background until the destination reports every
 * page present.
 *
 * <p>A fault request always goes ahead of the push: requests are polled every loop, a queued
 * request is served before the next pushed frame, and its pages travel on the demand channel, so
 * they never wait behind pushed pages in a socket buffer. When there is nothing to send (the push is
 * done, the push socket is full, or the pacer has no budget yet) the thread waits on its
 * {@link Waiter}, which a request's arrival ends at once. With prefetch N a request returns the
 * faulting page and the following pages up to N that the "sent" bitmap A says are unsent; no page
 * is ever sent twice; the reply's frame that starts with the faulting page carries
 * {@link Frame#FLAG_REPLY_HEAD}. After a request the background push continues from the end of its window
 * (as QEMU does), since the guest is likely to touch what follows. With the push off only requests
 * move pages (the VCSP paper's model); with a push rate the push keeps to its own budget below the
 * link's, so faults and push share the link.
 *
 * <p>Each request served is a {@link RequestEvent} when a recording wants it. Runs on one thread
 * ({@link #run()}); allocation-free after construction.
 */
public final class SourceAgent implements Runnable
{
    private static final int REQUEST_QUEUE_CAPACITY = 1024;
    private static final int POLL_LIMIT = 16;

    private final GuestMemory memory;
    private final PageBitmap sent;
    private final Channel demand;
    private final Channel push;
    private final MigrationControl control;
    private final Waiter waiter;
    private final NanoClock clock;
    private final long pages;
    private final int prefetchPages;
    private final int pushBatchPages;
    private final int maxPagesPerFrame;
    private final long sendTimeoutNs;
    private final PushMode pushMode;
    private final long pushNsPerKiloByte;
    private long nextPushNs = Long.MIN_VALUE / 2;

    private final long[] queuedPage = new long[REQUEST_QUEUE_CAPACITY];
    private final int[] queuedCount = new int[REQUEST_QUEUE_CAPACITY];
    /** When each queued request arrived, ns; read only while a recording takes {@link RequestEvent}s, else 0. */
    private final long[] queuedAtNs = new long[REQUEST_QUEUE_CAPACITY];
    /** Null unless JFR is in use at set-up ({@link VcspEvents#inUse()}). */
    private final RequestEvent requestEvent = VcspEvents.inUse() ? new RequestEvent() : null;
    private long queueHead;
    private long queueTail;

    private long serveNext = -1;
    private long serveEnd = -1;
    private int replyHeadFlag;
    private long servingPage;
    private long servingPagesSent;
    private long servingQueuedNs;
    private boolean servingAlreadySent;
    private long pushCursor;
    private long sentCount;
    private boolean everyPageSentFirst;
    private boolean doneSent;
    private boolean cpuStateSent;
    private boolean completeReceived;

    private long switchoverStartNs;
    private long demandPagesSent;
    private long pushPagesSent;
    private long requestsReceived;
    private long requestsForSentPages;

    private final UnsafeBuffer cpuState = new UnsafeBuffer(ByteBuffer.allocateDirect(Frame.CPU_STATE_LENGTH));
    private final long memorySeed;

    private final FrameHandler requestHandler = this::onDemandFrame;
    private final FrameHandler pushHandler = this::onPushFrame;

    /**
     * @param memory           source guest memory, already holding the guest's contents.
     * @param link             the source end of the link.
     * @param control          shared run state.
     * @param waiter           how this thread waits when there is nothing to do; it watches both
     *                         channels of {@code link} (registered here).
     * @param clock            time source.
     * @param prefetchPages    N: most pages one request returns, 1 = no prefetch.
     * @param pushBatchPages   most pages in one pushed frame.
     * @param maxPagesPerFrame the link's frame limit in pages.
     * @param sendTimeoutMs    how long a frame may wait for room on the link before the run fails.
     * @param memorySeed       seed the source memory was filled with, carried in the CPU state so a
     *                         destination in another process can check every page.
     * @param pushMode         whether and how fast to push pages nobody asked for.
     */
    public SourceAgent(
        final GuestMemory memory,
        final LinkEnd link,
        final MigrationControl control,
        final Waiter waiter,
        final NanoClock clock,
        final int prefetchPages,
        final int pushBatchPages,
        final int maxPagesPerFrame,
        final long sendTimeoutMs,
        final long memorySeed,
        final PushMode pushMode)
    {
        this.memory = memory;
        this.pages = memory.pageCount();
        this.sent = new PageBitmap(pages);
        this.demand = link.demand();
        this.push = link.push();
        this.control = control;
        this.waiter = waiter;
        waiter.watch(demand);
        waiter.watch(push);
        this.clock = clock;
        this.prefetchPages = prefetchPages;
        this.pushBatchPages = Math.min(pushBatchPages, maxPagesPerFrame);
        this.maxPagesPerFrame = maxPagesPerFrame;
        this.sendTimeoutNs = sendTimeoutMs * 1_000_000L;
        this.memorySeed = memorySeed;
        this.pushMode = pushMode;
        // 1000 bytes * 8 bits / (Mbit * 10^6 bit/s) s = 8_000_000 / Mbit ns
        this.pushNsPerKiloByte = pushMode.paced() ? 8_000_000L / pushMode.rateMbit() : 0;
    }

    /** Runs until the destination reports completion or the run fails; failures go to the control. */
    @Override
    public void run()
    {
        try
        {
            if (!cpuStateSent)
            {
                switchover();
            }
            while (!completeReceived && control.isRunning())
            {
                if (doWork() > 0)
                {
                    waiter.reset();
                }
                else
                {
                    awaitWork();
                }
            }
        }
        catch (final LinkException e)
        {
            if (!control.sourceKilled())
            {
                control.fail("source: " + e.getMessage());
            }
        }
        catch (final RuntimeException e)
        {
            if (!control.sourceKilled())
            {
                control.fail("source: " + e);
            }
        }
    }

    /**
     * One duty cycle: take requests, serve them, else push; exposed for benchmarks that drive the
     * agent on their own thread.
     *
     * @return work done (frames and pages), 0 when idle.
     */
    public int doWork()
    {
        int work = demand.poll(requestHandler, POLL_LIMIT);
        work += push.poll(pushHandler, POLL_LIMIT);
        if (hasDemand())
        {
            work += serveDemand();
        }
        else if (sentCount < pages)
        {
            if (pushMode.enabled() && (!pushMode.paced() || clock.nanoTime() - nextPushNs >= 0))
            {
                work += pushNext();
            }
        }
        else if (!doneSent)
        {
            if (push.trySend(Frame.TYPE_DONE, 0, sentCount, 0, 0, 0))
            {
                doneSent = true;
                work++;
            }
        }
        work += demand.flush();
        work += push.flush();
        return work;
    }

    /**
     * Waits for something to do: exactly until a held request falls due or the pacer lets a queued
     * fault reply leave; otherwise until a request arrives, the push socket takes bytes again, or the
     * pacer's next slot for the push (a kernel wait may round that up to 1 ms; the pacer's saved-up
     * budget makes up for it).
     */
    private void awaitWork()
    {
        final long nowNs = clock.nanoTime();
        final long heldUntilNs = demand.heldUntilNs();
        if (heldUntilNs != Long.MAX_VALUE)
        {
            waiter.await(heldUntilNs - nowNs, true);
        }
        else if (hasDemand())
        {
            final long delayNs = demand.sendDelayNs(nowNs);
            waiter.await(delayNs > 0 ? delayNs : Waiter.MAX_WAIT_NS, delayNs > 0);
        }
        else if (sentCount < pages && !pushMode.enabled())
        {
            waiter.await(Waiter.MAX_WAIT_NS, false); // demand paging only: nothing to do until a request
        }
        else if (sentCount < pages || !doneSent)
        {
            long delayNs = push.sendDelayNs(nowNs);
            if (pushMode.paced())
            {
                delayNs = Math.max(delayNs, nextPushNs - nowNs);
            }
            waiter.await(delayNs > 0 ? delayNs : Waiter.MAX_WAIT_NS, false);
        }
        else
        {
            waiter.await(Waiter.MAX_WAIT_NS, false);
        }
    }

    /**
     * Post-copy's switchover with nothing sent before it: the source vCPU stops and its state goes to
     * the destination, which resumes at once. {@link #run()} does this first unless it has been done.
     *
     * @throws LinkException if the CPU state finds no room on the link within the send timeout.
     */
    public void switchover()
    {
        switchover(0);
    }

    /**
     * Stamps the moment the source vCPU stops, if not stamped yet: call first when something (a
     * backup) happens between the stop and the CPU state.
     */
    public void stopVcpu()
    {
        if (switchoverStartNs == 0)
        {
            switchoverStartNs = clock.nanoTime();
        }
    }

    /**
     * As {@link #switchover()}, with extra CPU_STATE flags.
     *
     * @param extraFlags flags besides {@link Frame#FLAG_POSTCOPY_FOLLOWS} (say {@link Frame#FLAG_BACKUP}).
     */
    public void switchover(final int extraFlags)
    {
        stopVcpu();
        final long deadline = switchoverStartNs + sendTimeoutNs;
        // The CPU state stands for registers and device state: one page. It carries when the source
        // stopped (CPU_STATE_SWITCHOVER_NS) and how its memory was filled (CPU_STATE_SEED).
        cpuState.putLong(Frame.CPU_STATE_SWITCHOVER_NS_OFFSET, switchoverStartNs);
        cpuState.putLong(Frame.CPU_STATE_SEED_OFFSET, memorySeed);
        cpuState.putLong(Frame.CPU_STATE_START_NS_OFFSET, switchoverStartNs);
        while (!demand.trySend(Frame.TYPE_CPU_STATE, Frame.FLAG_POSTCOPY_FOLLOWS | extraFlags, 0, 1,
            cpuState.addressOffset(),
            Frame.CPU_STATE_LENGTH))
        {
            if (clock.nanoTime() > deadline)
            {
                throw new LinkException("could not send CPU state within " + sendTimeoutNs / 1_000_000 + " ms");
            }
            final long delayNs = demand.sendDelayNs(clock.nanoTime());
            waiter.await(delayNs > 0 ? delayNs : Waiter.MAX_WAIT_NS, delayNs > 0);
        }
        waiter.reset();
        cpuStateSent = true;
    }

    /**
     * Takes over after pre-copy rounds (the hybrids): the CPU state has already gone, and only the
     * pages in {@code owed} are missing at the destination, so every other page counts as sent.
     * Call before {@link #run()}, on the thread that will run it.
     *
     * @param owed         pages the destination does not have (dirtied since last sent, or never sent).
     * @param switchoverNs when the source vCPU was paused, ns.
     */
    public void continueAfterSwitchover(final PageBitmap owed, final long switchoverNs)
    {
        for (long p = 0; p < pages; p++)
        {
            if (!owed.get(p))
            {
                sent.setSingleWriter(p);
            }
        }
        sentCount = sent.cardinality();
        switchoverStartNs = switchoverNs;
        cpuStateSent = true;
    }

    /**
     * From now on a COMPLETE that comes before every page has been sent fails the run: true when
     * every page goes over the link (the push is on and no shared storage brings pages). Call before
     * {@link #run()}, on the thread that will run it.
     */
    public void expectEveryPageSentBeforeComplete()
    {
        everyPageSentFirst = true;
    }

    private void onDemandFrame(
        final int type, final int flags, final long page, final int count,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (type == Frame.TYPE_REQUEST)
        {
            requestsReceived++;
            if (queueTail - queueHead == REQUEST_QUEUE_CAPACITY)
            {
                throw new LinkException("more than " + REQUEST_QUEUE_CAPACITY + " fault requests outstanding");
            }
            final int slot = (int)(queueTail & (REQUEST_QUEUE_CAPACITY - 1));
            queuedPage[slot] = page;
            queuedCount[slot] = Math.min(count, prefetchPages);
            queuedAtNs[slot] = requestEvent != null && requestEvent.isEnabled() ? clock.nanoTime() : 0; // no clock read unless recorded
            queueTail++;
        }
        else
        {
            throw new LinkException("unexpected " + Frame.typeName(type) + " frame on the source's demand channel");
        }
    }

    private void onPushFrame(
        final int type, final int flags, final long page, final int count,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (type == Frame.TYPE_COMPLETE)
        {
            // Success is every page delivered: with the push on, COMPLETE must count every page, and (unless
            // shared storage brought some) come only once every page has been sent.
            if (pushMode.enabled() && page != pages)
            {
                throw new LinkException("the destination reported completion with " + page + " of " + pages +
                    " pages present");
            }
            if (everyPageSentFirst && sentCount < pages)
            {
                throw new LinkException("the destination reported completion when " + sentCount + " of " + pages +
                    " pages had been sent");
            }
            completeReceived = true;
        }
        else
        {
            throw new LinkException("unexpected " + Frame.typeName(type) + " frame on the source's push channel");
        }
    }

    private boolean hasDemand()
    {
        return serveNext >= 0 || queueHead != queueTail;
    }

    private int serveDemand()
    {
        int pagesSent = 0;
        while (true)
        {
            if (serveNext < 0)
            {
                if (queueHead == queueTail)
                {
                    return pagesSent;
                }
                final int slot = (int)(queueHead & (REQUEST_QUEUE_CAPACITY - 1));
                queueHead++;
                if (requestEvent != null)
                {
                    requestEvent.start();
                }
                serveNext = queuedPage[slot];
                serveEnd = Math.min(pages, serveNext + queuedCount[slot]);
                servingPage = serveNext;
                servingPagesSent = 0;
                final long arrivedNs = queuedAtNs[slot];
                servingQueuedNs = arrivedNs != 0 ? clock.nanoTime() - arrivedNs : 0;
                if (sent.get(serveNext))
                {
                    // Already on its way (pushed or prefetched): the destination will have it soon.
                    requestsForSentPages++;
                    replyHeadFlag = 0;
                    servingAlreadySent = true;
                }
                else
                {
                    // The reply's first frame starts with the faulting page: the destination counts it
                    // as the request's demand page, the rest of the reply as prefetched.
                    replyHeadFlag = Frame.FLAG_REPLY_HEAD;
                    servingAlreadySent = false;
                }
            }

            long start = serveNext;
            while (start < serveEnd && sent.get(start))
            {
                start++;
            }
            if (start == serveEnd)
            {
                pushCursor = serveEnd == pages ? 0 : serveEnd;
                serveNext = -1;
                if (requestEvent != null)
                {
                    requestEvent.emit(servingPage, (int)(serveEnd - servingPage), servingPagesSent, servingAlreadySent,
                        servingQueuedNs);
                }
                continue;
            }
            long end = start + 1;
            while (end < serveEnd && end - start < maxPagesPerFrame && !sent.get(end))
            {
                end++;
            }
            final int count = (int)(end - start);
            if (!demand.trySend(Frame.TYPE_PAGES, Frame.FLAG_DEMAND | replyHeadFlag, start, count,
                memory.pageAddress(start), count << Frame.PAGE_SHIFT))
            {
                return pagesSent;
            }
            replyHeadFlag = 0;
            markSent(start, end);
            demandPagesSent += count;
            servingPagesSent += count;
            pagesSent += count;
            serveNext = end;
        }
    }

    private int pushNext()
    {
        long start = sent.nextClearBit(pushCursor);
        if (start < 0)
        {
            start = sent.nextClearBit(0);
        }
        long end = start + 1;
        while (end < pages && end - start < pushBatchPages && !sent.get(end))
        {
            end++;
        }
        final int count = (int)(end - start);
        if (!push.trySend(Frame.TYPE_PAGES, 0, start, count, memory.pageAddress(start), count << Frame.PAGE_SHIFT))
        {
            return 0;
        }
        markSent(start, end);
        pushPagesSent += count;
        if (pushNsPerKiloByte > 0)
        {
            // The push's own budget, as the link's pacer keeps it: saved-up time at most 1 ms.
            final long nowNs = clock.nanoTime();
            nextPushNs = Math.max(nextPushNs, nowNs - 1_000_000L) +
                ((long)(count << Frame.PAGE_SHIFT) + Frame.HEADER_LENGTH) * pushNsPerKiloByte / 1000;
        }
        pushCursor = end == pages ? 0 : end;
        return count;
    }

    private void markSent(final long from, final long to)
    {
        for (long p = from; p < to; p++)
        {
            sent.setSingleWriter(p);
        }
        sentCount += to - from;
    }

    /** @return when the CPU state was handed to the link (the source vCPU stopped), System.nanoTime(). */
    public long switchoverStartNs()
    {
        return switchoverStartNs;
    }

    /** @return pages sent in answer to fault requests (prefetched ones included). */
    public long demandPagesSent()
    {
        return demandPagesSent;
    }

    /** @return pages sent by the background push. */
    public long pushPagesSent()
    {
        return pushPagesSent;
    }

    /** @return fault requests received. */
    public long requestsReceived()
    {
        return requestsReceived;
    }

    /** @return requests whose faulting page had already been sent when they arrived. */
    public long requestsForSentPages()
    {
        return requestsForSentPages;
    }

    /** @return distinct pages sent. */
    public long sentCount()
    {
        return sentCount;
    }

    /** @return the "sent" bitmap A (read it only after the agent's thread has stopped). */
    public PageBitmap sentBitmap()
    {
        return sent;
    }
}
