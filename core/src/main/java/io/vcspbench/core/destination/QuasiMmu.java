package io.vcspbench.core.destination;

import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.migration.MigrationControl;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * The destination's quasi-MMU, used by the vCPU thread only: an access checks the "present" bitmap
 * B; a miss is a fault. A fault sends one request for the page and the N - 1 following pages,
 * unless the page is already in flight (a request that covered it was sent), then waits for the
 * page with the configured idle strategy and a deadline. The latency from the fault being raised
 * to the page being present goes into an HdrHistogram recorder (ns); the stall into downtime.
 * Allocation-free.
 */
public final class QuasiMmu
{
    private final PageBitmap present;
    private final PageBitmap requested;
    private final Channel demand;
    private final MigrationControl control;
    private final IdleStrategy idle;
    private final NanoClock clock;
    private final SingleWriterRecorder latencyNs;
    private final DutyCycleThrottler throttler;
    private final int prefetchPages;
    private final long pages;
    private final long faultTimeoutNs;
    private final long highestTrackableNs;

    private long faults;
    private long requests;
    private long stallNs;

    /**
     * @param present        the "present" bitmap B.
     * @param demand         the destination's demand channel (this thread is its only sender).
     * @param control        shared run state.
     * @param idle           how the vCPU waits for a page.
     * @param clock          time source.
     * @param latencyNs      where fault latencies are recorded, ns.
     * @param throttler      told when a stall begins and ends, so stalls count as neither run nor sleep.
     * @param prefetchPages  N, pages asked for per request.
     * @param faultTimeoutMs deadline for one fault, ms.
     * @param highestTrackableNs the recorder's highest trackable value; longer stalls are recorded as it.
     */
    public QuasiMmu(
        final PageBitmap present,
        final Channel demand,
        final MigrationControl control,
        final IdleStrategy idle,
        final NanoClock clock,
        final SingleWriterRecorder latencyNs,
        final DutyCycleThrottler throttler,
        final int prefetchPages,
        final long faultTimeoutMs,
        final long highestTrackableNs)
    {
        this.present = present;
        this.pages = present.size();
        this.requested = new PageBitmap(pages);
        this.demand = demand;
        this.control = control;
        this.idle = idle;
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

    private long fault(final long page)
    {
        final long raisedNs = clock.nanoTime();
        final long deadlineNs = raisedNs + faultTimeoutNs;
        faults++;
        throttler.stallBegin(raisedNs);
        final long stalled = awaitPage(page, raisedNs, deadlineNs);
        throttler.stallEnd(raisedNs + stalled);
        return stalled;
    }

    private long awaitPage(final long page, final long raisedNs, final long deadlineNs)
    {
        if (!requested.get(page))
        {
            sendRequest(page, deadlineNs);
        }
        idle.reset();
        while (!present.get(page))
        {
            if (!control.isRunning())
            {
                return clock.nanoTime() - raisedNs;
            }
            if (clock.nanoTime() > deadlineNs)
            {
                control.fail("fault on page " + page + " not served within " + faultTimeoutNs / 1_000_000 +
                    " ms (fault timeout)");
                return clock.nanoTime() - raisedNs;
            }
            demand.flush();
            idle.idle();
        }
        final long stalled = clock.nanoTime() - raisedNs;
        latencyNs.recordValue(Math.min(stalled, highestTrackableNs));
        stallNs += stalled;
        return stalled;
    }

    private void sendRequest(final long page, final long deadlineNs)
    {
        idle.reset();
        while (!demand.trySend(Frame.TYPE_REQUEST, 0, page, prefetchPages, 0, 0))
        {
            if (clock.nanoTime() > deadlineNs || !control.isRunning())
            {
                control.fail("fault request for page " + page + " could not be sent");
                return;
            }
            idle.idle();
        }
        demand.flush();
        requests++;
        // Every page of the window will arrive: unsent ones now, already-sent ones are in flight.
        final long end = Math.min(pages, page + prefetchPages);
        for (long p = page; p < end; p++)
        {
            requested.setSingleWriter(p);
        }
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

    /** @return total stall, ns. */
    public long stallNs()
    {
        return stallNs;
    }
}
