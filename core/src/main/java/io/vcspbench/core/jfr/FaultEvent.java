package io.vcspbench.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@value #NAME}: the destination vCPU found a page missing and stalled until it was present; the
 * event's duration is the stall. One instance per quasi-MMU, reused for every fault by the vCPU
 * thread ({@link #start()} when the fault is raised, {@link #emit} when the page is present), so a
 * fault allocates nothing whether a recording runs or not. Not thread-safe.
 */
@Name(FaultEvent.NAME)
@Label("Fault")
@Category(VcspEvents.CATEGORY)
@Description("The destination vCPU found a page missing and stalled until it was present")
@StackTrace(false)
public final class FaultEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "vcsp.Fault";

    /** Whether {@link #start()} began this instance's clock; transient, so not part of the event. */
    private transient boolean begun;

    @Label("Page")
    @Description("The page the vCPU accessed")
    private long page;

    @Label("Prefetch")
    @Description("N: most pages a fault request asks for, the faulting page included")
    private int prefetchPages;

    @Label("Request Sent")
    @Description("Whether this fault sent a request; false when a request covering the page was already in flight")
    private boolean requestSent;

    @Label("Stall")
    @Description("From the fault being raised to the page being present, on the engine's clock: the latency in " +
        "faultLatencyUs and the stall in downtimeMs")
    @Timespan(Timespan.NANOSECONDS)
    private long stall;

    /**
     * Starts the event's clock if a recording wants this event; when none does, this is a check of a
     * flag and no clock read (unlike {@link #begin()}, which reads the clock whenever JFR is loaded).
     */
    public void start()
    {
        if (isEnabled())
        {
            begin();
            begun = true;
        }
    }

    /**
     * Ends the event {@link #start()} started and commits it if a recording wants it; nothing when
     * {@link #start()} found no recording that wants it.
     *
     * @param page          the faulting page.
     * @param prefetchPages N, pages per request.
     * @param requestSent   whether this fault sent a request.
     * @param stallNs       raise to present, ns.
     */
    public void emit(final long page, final int prefetchPages, final boolean requestSent, final long stallNs)
    {
        if (!begun)
        {
            return;
        }
        begun = false;
        end();
        if (shouldCommit())
        {
            this.page = page;
            this.prefetchPages = prefetchPages;
            this.requestSent = requestSent;
            this.stall = stallNs;
            commit();
        }
    }
}
