package io.vcspbench.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@value #NAME}: a throttled vCPU slept off the rest of its duty-cycle period; the event's duration
 * is the sleep as slept. Up to one a period (100 a second at the default 10 ms), so
 * {@link VcspEvents#enableAll} gives it a threshold of {@value VcspEvents#THROTTLE_SLEEP_THRESHOLD_MS} ms.
 * One instance per throttler, reused by its vCPU thread. Not thread-safe.
 */
@Name(ThrottleSleepEvent.NAME)
@Label("Throttle Sleep")
@Category(VcspEvents.CATEGORY)
@Description("A throttled vCPU used its share E of the period and slept to the period's end")
@StackTrace(false)
public final class ThrottleSleepEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "vcsp.ThrottleSleep";

    /** Whether {@link #start()} began this instance's clock; transient, so not part of the event. */
    private transient boolean begun;

    @Label("Throttle")
    @Description("E: the share of CPU time the vCPU may run")
    @Percentage
    private double throttle;

    @Label("Planned")
    @Description("The sleep asked for: to the end of the period")
    @Timespan(Timespan.NANOSECONDS)
    private long planned;

    @Label("Period")
    @Description("The duty-cycle period")
    @Timespan(Timespan.NANOSECONDS)
    private long period;

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
     * Ends the event {@link #start()} started and commits it if a recording wants it (and the sleep
     * passes its threshold); nothing when {@link #start()} found no recording that wants it.
     *
     * @param throttlePercent E, percent.
     * @param plannedNs       the sleep asked for, ns.
     * @param periodNs        the period, ns.
     */
    public void emit(final int throttlePercent, final long plannedNs, final long periodNs)
    {
        if (!begun)
        {
            return;
        }
        begun = false;
        end();
        if (shouldCommit())
        {
            this.throttle = throttlePercent / 100.0;
            this.planned = plannedNs;
            this.period = periodNs;
            commit();
        }
    }
}
