package io.vcspbench.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Frequency;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;

/**
 * {@value #NAME}: one live pre-copy round at the source, with Jin 2011's P, B and E; the event's
 * duration is the round's sending ({@link #start()} at its start, {@link #stop()} when its last page
 * has gone), and it is committed once the round rule has decided. One instance per pre-copy sender,
 * reused by its thread. Not thread-safe.
 */
@Name(PrecopyRoundEvent.NAME)
@Label("Pre-copy Round")
@Category(VcspEvents.CATEGORY)
@Description("A live pre-copy round: the pages it sent, the guest's dirty rate P, the send rate B, the throttle E, " +
    "and what the round rule decided after it")
@StackTrace(false)
public final class PrecopyRoundEvent extends Event
{
    /** The event's name in a recording. */
    public static final String NAME = "vcsp.PrecopyRound";

    /** Whether {@link #start()} began this instance's clock; transient, so not part of the event. */
    private transient boolean begun;

    @Label("Round")
    @Description("Round number from 1")
    private int round;

    @Label("Pages")
    @Description("Pages sent in the round")
    private long pages;

    @Label("Dirtied Pages")
    @Description("Pages the guest dirtied during the round: what the next round sends")
    private long dirtiedPages;

    @Label("Dirty Rate")
    @Description("P: rate at which the guest dirtied pages during the round")
    @DataAmount(DataAmount.BITS)
    @Frequency
    private long dirtyRate;

    @Label("Send Rate")
    @Description("B: rate at which the round's pages were sent")
    @DataAmount(DataAmount.BITS)
    @Frequency
    private long sendRate;

    @Label("Throttle")
    @Description("E: the share of CPU time the source vCPU could run during the round")
    @Percentage
    private double throttle;

    @Label("Decision")
    @Description("What the round rule decided after the round: CONTINUE, STOP_AND_COPY or SWITCH_TO_POSTCOPY")
    private String decision;

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

    /** Stops the event's clock, if {@link #start()} started it: the round's sending is over. */
    public void stop()
    {
        if (begun)
        {
            end();
        }
    }

    /**
     * Commits the event {@link #start()} started, if a recording wants it; call {@link #stop()} first,
     * when the round's sending ends.
     *
     * @param round           round number from 1.
     * @param pages           pages sent in the round.
     * @param dirtiedPages    pages dirtied during it.
     * @param dirtyRateBits   P, bits per second.
     * @param sendRateBits    B, bits per second.
     * @param throttlePercent E during the round, percent.
     * @param decision        the rule's decision, a constant name.
     */
    public void emit(final int round, final long pages, final long dirtiedPages, final long dirtyRateBits,
        final long sendRateBits, final int throttlePercent, final String decision)
    {
        if (!begun)
        {
            return;
        }
        begun = false;
        if (shouldCommit())
        {
            this.round = round;
            this.pages = pages;
            this.dirtiedPages = dirtiedPages;
            this.dirtyRate = dirtyRateBits;
            this.sendRate = sendRateBits;
            this.throttle = throttlePercent / 100.0;
            this.decision = decision;
            commit();
        }
    }
}
