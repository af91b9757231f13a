package io.vcspbench.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@value #NAME}: the source served one fault request; the event's duration runs from taking the
 * request off its queue to the last page of the reply handed to the link. One instance per source
 * agent, reused by its thread (only one request is served at a time). Not thread-safe.
 */
@Name(RequestEvent.NAME)
@Label("Fault Request")
@Category(VcspEvents.CATEGORY)
@Description("The source served a fault request from the destination: the faulting page and its prefetch window")
@StackTrace(false)
public final class RequestEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "vcsp.Request";

    /** Whether {@link #start()} began this instance's clock; transient, so not part of the event. */
    private transient boolean begun;

    @Label("Page")
    @Description("The faulting page")
    private long page;

    @Label("Window")
    @Description("Pages asked for from the faulting page on (N, cut at the end of memory)")
    private int windowPages;

    @Label("Pages Sent")
    @Description("Pages of the window sent in the reply; the others had been sent already")
    private long pagesSent;

    @Label("Already Sent")
    @Description("Whether the faulting page itself had been sent (pushed or prefetched) before the request was served")
    private boolean alreadySent;

    @Label("Queued")
    @Description("From the request's arrival to the source starting to serve it")
    @Timespan(Timespan.NANOSECONDS)
    private long queued;

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
     * @param page        the faulting page.
     * @param windowPages pages asked for.
     * @param pagesSent   pages sent in the reply.
     * @param alreadySent whether the faulting page had been sent before.
     * @param queuedNs    arrival to start of service, ns.
     */
    public void emit(final long page, final int windowPages, final long pagesSent, final boolean alreadySent,
        final long queuedNs)
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
            this.windowPages = windowPages;
            this.pagesSent = pagesSent;
            this.alreadySent = alreadySent;
            this.queued = queuedNs;
            commit();
        }
    }
}
