package io.vcspbench.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@value #NAME}: one of the algorithm's source phases (pre-copy rounds, stop-and-copy, switchover,
 * post-copy, page digests) from start to end: the migration's outline in a timeline. A few a run, on
 * the source's migration thread.
 */
@Name(PhaseEvent.NAME)
@Label("Source Phase")
@Category(VcspEvents.CATEGORY)
@Description("A phase of the migration at the source, as the algorithm composes them")
@StackTrace(false)
public final class PhaseEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "vcsp.Phase";

    /** Whether {@link #start()} began this instance's clock; transient, so not part of the event. */
    private transient boolean begun;

    @Label("Phase")
    private String phase;

    @Label("Ends Migration")
    @Description("Whether the migration was over after this phase (the phases after it did not run)")
    private boolean endsMigration;

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
     * @param phase         the phase's name.
     * @param endsMigration whether the migration was over after it.
     */
    public void emit(final String phase, final boolean endsMigration)
    {
        if (!begun)
        {
            return;
        }
        begun = false;
        end();
        if (shouldCommit())
        {
            this.phase = phase;
            this.endsMigration = endsMigration;
            commit();
        }
    }
}
