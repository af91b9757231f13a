package io.vcspbench.core.destination;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.jfr.FaultEvent;
import io.vcspbench.core.jfr.VcspEvents;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.FaultingRegion;
import io.vcspbench.core.memory.PageBitmap;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;

/**
 * The destination's quasi-MMU, used by the vCPU thread only: an access checks the "present" bitmap
 * B; a miss is a fault. A fault sends one request for the page and the N - 1 following pages,
 * unless the page is already in flight (a request that covered it was sent), then waits for the
 * page with a deadline. While it waits the vCPU reads the demand channel itself, so the reply is made
 * present by the thread that needs it, never queued behind pushed pages the receiver is copying;
 * a page that comes by the push instead is made present by the receiver, which wakes the vCPU. The
 * latency from the fault being raised to the page being present goes into an HdrHistogram recorder
 * (ns); the stall into downtime, and each fault into a {@link FaultEvent} when a recording wants it.
 *
 * <p>With the uffd backend ({@link FaultingRegion}) the same object splits in two. The vCPU's
 * {@link #access} still checks B (a page present there is mapped) but on a miss it touches the page
 * through native code and sleeps in the kernel until the page is installed: the fault, its latency and
 * its stall are measured around that real trap. The fault handler thread reads the fault from the
 * kernel and calls {@link #serve}, which does what the vCPU does with the quasi-MMU (the request,
 * reading the demand channel, waiting with a deadline); the receiver installs pages with UFFDIO_COPY,
 * which wakes the vCPU. Allocation-free.
 */
public final class QuasiMmu
{
    private static final int POLL_LIMIT = 16;

    private final PageBitmap present;
    private final PageBitmap requested;
    private final Channel demand;
    private final PageReceiver receiver;
    private final FaultSignal signal;
    private final Waiter waiter;
    private final MigrationControl control;
    private final NanoClock clock;
    private final SingleWriterRecorder latencyNs;
    private final DutyCycleThrottler throttler;
    private final int prefetchPages;
    private final long pages;
    private final long faultTimeoutNs;
    private final long highestTrackableNs;
    /** Null unless JFR is in use at set-up ({@link VcspEvents#inUse()}). */
    private final FaultEvent faultEvent = VcspEvents.inUse() ? new FaultEvent() : null;
    /** Null with the quasi-MMU. */
    private final FaultingRegion region;

    private long faults;
    /** Written by whoever serves faults (the handler thread with uffd), read by the vCPU. */
    private volatile long requests;
    private volatile long requestedPages;
    private long stallNs;

    /**
     * @param present        the "present" bitmap B.
     * @param demand         the destination's demand channel (this thread is its only sender).
     * @param receiver       the page receiver, through which this thread reads the demand channel.
     * @param signal         where the vCPU says which page it waits for; its waiter watches the demand channel.
     * @param control        shared run state.
     * @param clock          time source.
     * @param latencyNs      where fault latencies are recorded, ns.
     * @param throttler      told when a stall begins and ends, so stalls count as neither run nor sleep.
     * @param prefetchPages  N, pages asked for per request.
     * @param faultTimeoutMs deadline for one fault, ms.
     * @param highestTrackableNs the recorder's highest trackable value; longer stalls are recorded as it.
     * @param region         the faulting region for the uffd backend (the vCPU traps in the kernel and
     *                       a fault handler thread calls {@link #serve}), or null for the quasi-MMU.
     */
    public QuasiMmu(
        final PageBitmap present,
        final Channel demand,
        final PageReceiver receiver,
        final FaultSignal signal,
        final MigrationControl control,
        final NanoClock clock,
        final SingleWriterRecorder latencyNs,
        final DutyCycleThrottler throttler,
        final int prefetchPages,
        final long faultTimeoutMs,
        final long highestTrackableNs,
        final FaultingRegion region)
    {
        this.region = region;
        this.present = present;
        this.pages = present.size();
        this.requested = new PageBitmap(pages);
        this.demand = demand;
        this.receiver = receiver;
        this.signal = signal;
        this.waiter = signal.vcpuWaiter();
        this.control = control;
        this.clock = clock;
        this.latencyNs = latencyNs;
        this.throttler = throttler;
        this.prefetchPages = prefetchPages;
        this.faultTimeoutNs = faultTimeoutMs * 1_000_000L;
        this.highestTrackableNs = highestTrackableNs;
    }

    /**
     * Makes sure a page is present, faulting and waiting if it is not.
     *
     * @param page page index.
     * @return ns the vCPU stalled, 0 when the page was present.
     */
    public long access(final long page)
    {
        return present.get(page) ? 0 : fault(page);
    }

    /**
     * The uffd backend's fault handler thread: serves a fault the kernel reported, unless the page is
     * present already (the push installed it first): the request, then the demand channel read until
     * the page is present or the fault's deadline passes (the run then fails).
     *
     * @param page the faulting page.
     */
    public void serve(final long page)
    {
        if (!present.get(page))
        {
            awaitPage(page, clock.nanoTime() + faultTimeoutNs);
        }
    }

    private long fault(final long page)
    {
        final long raisedNs = clock.nanoTime();
        final FaultEvent event = faultEvent;
        if (event != null)
        {
            event.start();
        }
        final long deadlineNs = raisedNs + faultTimeoutNs;
        final long requestsBefore = requests;
        faults++;
        throttler.stallBegin(raisedNs);
        final long stalled;
        if (region == null)
        {
            awaitPage(page, deadlineNs);
            stalled = clock.nanoTime() - raisedNs;
        }
        else
        {
            // A real fault: this thread sleeps in the kernel ("in native") until the page is installed.
            region.touch(page);
            stalled = clock.nanoTime() - raisedNs;
        }
        latencyNs.recordValue(Math.min(stalled, highestTrackableNs));
        stallNs += stalled;
        throttler.stallEnd(raisedNs + stalled);
        if (event != null)
        {
            event.emit(page, prefetchPages, requests != requestsBefore, stalled);
        }
        if (stalled > faultTimeoutNs && control.isRunning())
        {
            // Served, but late: the process may have been stopped (SIGSTOP, a VM pause) while it waited.
            control.fail("fault on page " + page + " took " + stalled / 1_000_000 + " ms, beyond the fault timeout of " +
                faultTimeoutNs / 1_000_000 + " ms");
        }
        return stalled;
    }

    /** Requests the page unless it is in flight, then reads the demand channel until it is present. */
    private void awaitPage(final long page, final long deadlineNs)
    {
        signal.awaiting(page);
        try
        {
            if (!requested.get(page) && !receiver.linkLost())
            {
                try
                {
                    sendRequest(page, deadlineNs);
                }
                catch (final LinkException e)
                {
                    // Post-copy with a backup carries on: the page comes from storage; else the run has failed.
                    receiver.onLinkLost(e.getMessage());
                }
            }
            waiter.reset();
            while (!present.get(page))
            {
                final int taken = receiver.pollDemand(POLL_LIMIT);
                if (present.get(page))
                {
                    break;
                }
                if (taken > 0)
                {
                    waiter.reset();
                    continue;
                }
                if (!control.isRunning())
                {
                    return;
                }
                final long nowNs = clock.nanoTime();
                if (nowNs > deadlineNs)
                {
                    control.fail("fault on page " + page + " not served within " + faultTimeoutNs / 1_000_000 +
                        " ms (fault timeout)");
                    return;
                }
                if (!receiver.linkLost())
                {
                    try
                    {
                        demand.flush();
                    }
                    catch (final LinkException e)
                    {
                        receiver.onLinkLost(e.getMessage());
                    }
                }
                // taken == -1: the receiver holds the demand channel and wakes this thread when it lets go.
                final long heldUntilNs = taken == 0 ? receiver.demandHeldUntilNs() : Long.MAX_VALUE;
                if (heldUntilNs != Long.MAX_VALUE)
                {
                    waiter.await(heldUntilNs - nowNs, true);
                }
                else
                {
                    waiter.await(Math.min(deadlineNs - nowNs, Waiter.MAX_WAIT_NS), false);
                }
            }
        }
        finally
        {
            signal.clear();
        }
    }

    private void sendRequest(final long page, final long deadlineNs)
    {
        waiter.reset();
        while (!demand.trySend(Frame.TYPE_REQUEST, 0, page, prefetchPages, 0, 0))
        {
            final long nowNs = clock.nanoTime();
            if (nowNs > deadlineNs || !control.isRunning())
            {
                control.fail("fault request for page " + page + " could not be sent");
                return;
            }
            final long delayNs = demand.sendDelayNs(nowNs);
            waiter.await(delayNs > 0 ? delayNs : Waiter.MAX_WAIT_NS, delayNs > 0);
        }
        demand.flush();
        requests++;
        // Every page of the window will arrive: unsent ones now, already-sent ones are in flight.
        final long end = Math.min(pages, page + prefetchPages);
        long added = 0;
        for (long p = page; p < end; p++)
        {
            if (requested.setSingleWriter(p))
            {
                added++;
            }
        }
        requestedPages += added;
    }

    /** @return accesses that found their page missing. */
    public long faults()
    {
        return faults;
    }

    /** @return requests sent. */
    public long requests()
    {
        return requests;
    }

    /**
     * @return distinct pages the requests asked for (faulting pages and their prefetch windows); with
     * the push off these are exactly the pages that move. Read on the vCPU thread or after it stopped.
     */
    public long requestedPages()
    {
        return requestedPages;
    }

    /** @return total stall, ns. */
    public long stallNs()
    {
        return stallNs;
    }
}
