package io.vcspbench.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@value #NAME}: the destination took one PAGES frame off the link and copied its pages in; the
 * event's duration is the copy. One instance per channel of the receiver, reused by whichever thread
 * reads the channel (one at a time). Not thread-safe.
 */
@Name(PageBatchEvent.NAME)
@Label("Page Batch")
@Category(VcspEvents.CATEGORY)
@Description("The destination received a frame of pages and made them present")
@StackTrace(false)
public final class PageBatchEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "vcsp.PageBatch";

    /** Whether {@link #start()} began this instance's clock; transient, so not part of the event. */
    private transient boolean begun;

    @Label("First Page")
    private long firstPage;

    @Label("Pages")
    @Description("Pages in the frame")
    private int pages;

    @Label("Payload")
    @DataAmount(DataAmount.BYTES)
    private long payload;

    @Label("New Pages")
    @Description("Pages that became present")
    private int newPages;

    @Label("Duplicates")
    @Description("Pages that were present already (overwritten before the CPU state, dropped after)")
    private int duplicates;

    @Label("Demand")
    @Description("Whether the frame came on the demand channel (a fault reply), else on the push channel")
    private boolean demand;

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
     * @param firstPage  the frame's first page.
     * @param pages      pages in the frame.
     * @param payload    payload bytes.
     * @param newPages   pages that became present.
     * @param duplicates pages already present.
     * @param demand     whether the frame came on the demand channel.
     */
    public void emit(final long firstPage, final int pages, final long payload, final int newPages,
        final int duplicates, final boolean demand)
    {
        if (!begun)
        {
            return;
        }
        begun = false;
        end();
        if (shouldCommit())
        {
            this.firstPage = firstPage;
            this.pages = pages;
            this.payload = payload;
            this.newPages = newPages;
            this.duplicates = duplicates;
            this.demand = demand;
            commit();
        }
    }
}
