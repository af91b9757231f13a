package io.vcspbench.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@value #NAME}: the source's switch to post-copy, from the source vCPU stopping to the CPU state
 * handed to the link (with the DISCARDs and the backup between); the event's duration is that pause
 * at the source. Once per run, on the source's migration thread.
 */
@Name(SwitchoverEvent.NAME)
@Label("Switchover")
@Category(VcspEvents.CATEGORY)
@Description("The source stopped its vCPU and sent the CPU state; post-copy follows")
@StackTrace(false)
public final class SwitchoverEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "vcsp.Switchover";

    /** Whether {@link #start()} began this instance's clock; transient, so not part of the event. */
    private transient boolean begun;

    @Label("After Rounds")
    @Description("Pre-copy rounds before the switch, 0 for post-copy alone")
    private int afterRounds;

    @Label("Owed Pages")
    @Description("Pages the destination does not have at the switch: post-copy moves them")
    private long owedPages;

    @Label("Backup")
    @Description("Whether the pages owed were saved to shared storage first (PbData)")
    private boolean backup;

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
     * @param afterRounds pre-copy rounds before the switch.
     * @param owedPages   pages post-copy moves.
     * @param backup      whether a backup was written.
     */
    public void emit(final int afterRounds, final long owedPages, final boolean backup)
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
            this.owedPages = owedPages;
            this.backup = backup;
            commit();
        }
    }
}
