package io.vcspbench.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@value #NAME}: pre-copy's last step at the source, from pausing the vCPU through the last dirty
 * pages, the CPU state and DONE to the destination's COMPLETE; the event's duration is that pause.
 * Once per run, on the source's migration thread.
 */
@Name(StopAndCopyEvent.NAME)
@Label("Stop-and-copy")
@Category(VcspEvents.CATEGORY)
@Description("The source paused its vCPU, sent what it had dirtied since last sent and the CPU state, and the " +
    "destination confirmed every page present")
@StackTrace(false)
public final class StopAndCopyEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "vcsp.StopAndCopy";

    /** Whether {@link #start()} began this instance's clock; transient, so not part of the event. */
    private transient boolean begun;

    @Label("After Rounds")
    @Description("Live pre-copy rounds before it")
    private int afterRounds;

    @Label("Pages")
    @Description("Pages sent with the vCPU paused (stopCopyPages)")
    private long pages;

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
     * @param afterRounds live rounds before it.
     * @param pages       pages sent with the vCPU paused.
     */
    public void emit(final int afterRounds, final long pages)
    {
        if (!begun)
        {
            return;
        }
        begun = false;
        end();
        if (shouldCommit())
        {
            this.afterRounds = afterRounds;
            this.pages = pages;
            commit();
        }
    }
}
