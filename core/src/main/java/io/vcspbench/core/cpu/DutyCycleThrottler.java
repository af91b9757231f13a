package io.vcspbench.core.cpu;

import io.vcspbench.core.jfr.ThrottleSleepEvent;
import io.vcspbench.core.jfr.VcspEvents;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Duty-cycle throttle for the vCPU thread: in every period of {@link #periodNs()} the vCPU may run
 * E% of the time ({@link #throttlePercent()}) and sleeps the rest, as QEMU's cpu-throttle does with
 * its 10 ms timeslice (QEMU's "throttle percentage" is the sleeping share, 100 − E).
 *
 * <p>The vCPU calls {@link #checkpoint()} between units of work. Period ends are absolute deadlines
 * ({@code periodEnd += period}), so a late wake-up shortens the next sleep instead of adding up, and
 * the time run past the budget (work between checkpoints is not divisible) is carried into the next
 * period's budget. Together these make the achieved share, {@code run / (run + slept)}, converge on
 * E. Fault stalls ({@link #stallBegin(long)}/{@link #stallEnd(long)}) count as neither run nor sleep:
 * the period is paused while the vCPU waits for a page.
 *
 * <p>Threading: {@link #start()}, {@link #checkpoint()} and the stall methods are called by the vCPU
 * thread only. {@link #setThrottlePercent(int)} may be called from any thread and takes effect at the
 * next period. The counters are readable from any thread. Each sleep is a {@link ThrottleSleepEvent}
 * when a recording wants it. Allocation-free.
 */
public final class DutyCycleThrottler
{
    /** Default period, as QEMU's CPU_THROTTLE_TIMESLICE_NS. */
    public static final long DEFAULT_PERIOD_NS = 10_000_000L;

    private static final VarHandle RUN_NS;
    private static final VarHandle SLEPT_NS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            RUN_NS = lookup.findVarHandle(DutyCycleThrottler.class, "runNs", long.class);
            SLEPT_NS = lookup.findVarHandle(DutyCycleThrottler.class, "sleptNs", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long periodNs;
    private final NanoClock clock;
    private final Sleeper sleeper;
    /** Null unless JFR is in use at set-up ({@link VcspEvents#inUse()}). */
    private final ThrottleSleepEvent sleepEvent = VcspEvents.inUse() ? new ThrottleSleepEvent() : null;
    private volatile int throttlePercent;

    private long budgetNs;
    private long periodEndNs;
    private long segmentStartNs;
    private long runInPeriodNs;
    private long stallStartNs;
    private boolean started;

    @SuppressWarnings("unused") // accessed through RUN_NS
    private long runNs;
    @SuppressWarnings("unused") // accessed through SLEPT_NS
    private long sleptNs;

    /**
     * A throttler with the default 10 ms period on the system clock, parking to sleep.
     *
     * @param throttlePercent E, the share of CPU time the vCPU may run, 1..100.
     */
    public DutyCycleThrottler(final int throttlePercent)
    {
        this(DEFAULT_PERIOD_NS, throttlePercent, SystemNanoClock.INSTANCE, ParkingSleeper.INSTANCE);
    }

    /**
     * @param periodNs        duty-cycle period, ns, at least 100 µs.
     * @param throttlePercent E, 1..100.
     * @param clock           time source.
     * @param sleeper         how to sleep to a deadline.
     */
    public DutyCycleThrottler(final long periodNs, final int throttlePercent, final NanoClock clock, final Sleeper sleeper)
    {
        if (periodNs < 100_000)
        {
            throw new IllegalArgumentException("periodNs must be at least 100000, was " + periodNs);
        }
        checkPercent(throttlePercent);
        this.periodNs = periodNs;
        this.throttlePercent = throttlePercent;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** @return the duty-cycle period, ns. */
    public long periodNs()
    {
        return periodNs;
    }

    /** @return E, the share of CPU time the vCPU may run, percent. */
    public int throttlePercent()
    {
        return throttlePercent;
    }

    /**
     * Changes E; takes effect at the next period. Any thread.
     *
     * @param throttlePercent new E, 1..100.
     */
    public void setThrottlePercent(final int throttlePercent)
    {
        checkPercent(throttlePercent);
        this.throttlePercent = throttlePercent;
    }

    /** Starts the first period now. vCPU thread. */
    public void start()
    {
        final long now = clock.nanoTime();
        segmentStartNs = now;
        periodEndNs = now + periodNs;
        runInPeriodNs = 0;
        budgetNs = budgetFor(throttlePercent);
        started = true;
    }

    /**
     * Accounts the time run since the last call and, once this period's budget is used, sleeps to
     * the end of the period. vCPU thread; call between units of work.
     */
    public void checkpoint()
    {
        final long now = clock.nanoTime();
        final long ran = now - segmentStartNs;
        segmentStartNs = now;
        runInPeriodNs += ran;
        addRun(ran);

        if (runInPeriodNs >= budgetNs)
        {
            if (budgetNs >= periodNs && now < periodEndNs)
            {
                return; // E = 100 and nothing carried: the whole period is run time
            }
            endPeriod(now);
        }
        else if (now >= periodEndNs)
        {
            // The period ended before its budget was used (the vCPU was descheduled): no debt, no sleep.
            nextPeriod(now, now);
        }
    }

    private void endPeriod(final long now)
    {
        long wokeNs = now;
        if (periodEndNs > now)
        {
            final ThrottleSleepEvent event = sleepEvent;
            if (event != null)
            {
                event.start();
            }
            sleeper.sleepUntil(clock, periodEndNs);
            wokeNs = clock.nanoTime();
            if (event != null)
            {
                event.emit(throttlePercent, periodEndNs - now, periodNs);
            }
            SLEPT_NS.setRelease(this, (long)SLEPT_NS.getOpaque(this) + (wokeNs - now));
        }
        nextPeriod(now, wokeNs);
    }

    private void nextPeriod(final long now, final long wokeNs)
    {
        // Time run past the budget is owed by the next period; an unused budget is not saved up.
        final long overrun = Math.min(periodNs, Math.max(0, runInPeriodNs - budgetNs));
        long nextEnd = periodEndNs + periodNs;
        if (nextEnd <= wokeNs)
        {
            nextEnd = wokeNs + periodNs; // more than a period behind: start afresh rather than burst
        }
        periodEndNs = nextEnd;
        final int percent = throttlePercent;
        budgetNs = percent == 100 ? periodNs : budgetFor(percent) - overrun;
        runInPeriodNs = 0;
        segmentStartNs = wokeNs;
    }

    /**
     * The vCPU stops for a fault: accounts the run up to {@code nowNs} and pauses the period.
     *
     * @param nowNs when the stall began, on this throttler's clock.
     */
    public void stallBegin(final long nowNs)
    {
        final long ran = nowNs - segmentStartNs;
        if (ran > 0)
        {
            runInPeriodNs += ran;
            addRun(ran);
        }
        segmentStartNs = nowNs;
        stallStartNs = nowNs;
    }

    /**
     * The stall is over: the period is extended by the stall, which counts as neither run nor sleep.
     *
     * @param nowNs when the stall ended, on this throttler's clock.
     */
    public void stallEnd(final long nowNs)
    {
        if (started)
        {
            periodEndNs += nowNs - stallStartNs;
        }
        segmentStartNs = nowNs;
    }

    /** Same as {@link #stallBegin(long)} at the clock's current time. */
    public void stallBegin()
    {
        stallBegin(clock.nanoTime());
    }

    /** Same as {@link #stallEnd(long)} at the clock's current time. */
    public void stallEnd()
    {
        stallEnd(clock.nanoTime());
    }

    /** @return total time the vCPU ran, ns. Any thread. */
    public long runNs()
    {
        return (long)RUN_NS.getAcquire(this);
    }

    /** @return total time the vCPU slept for the throttle, ns. Any thread. */
    public long sleptNs()
    {
        return (long)SLEPT_NS.getAcquire(this);
    }

    /** @return achieved share {@code 100 · run / (run + slept)}, 100 before anything ran. Any thread. */
    public double achievedSharePercent()
    {
        final long run = runNs();
        final long slept = sleptNs();
        return run + slept == 0 ? 100.0 : 100.0 * run / (run + slept);
    }

    // One call site per VarHandle access: a VarHandle call site is linked (and allocates) the first
    // time it runs, so a rarely taken branch must not hold its own.
    private void addRun(final long ns)
    {
        RUN_NS.setRelease(this, (long)RUN_NS.getOpaque(this) + ns);
    }

    private long budgetFor(final int percent)
    {
        return periodNs * percent / 100;
    }

    private static void checkPercent(final int percent)
    {
        if (percent < 1 || percent > 100)
        {
            throw new IllegalArgumentException("throttlePercent must be in [1, 100], was " + percent);
        }
    }
}
