package io.vcspbench.core.cpu;

/**
 * QEMU's auto-converge (migration/ram.c {@code migration_trigger_throttle}, system/cpu-throttle.c):
 * at each dirty-log sync that closes a period of at least one second, if the bytes dirtied in the
 * period exceed {@value #THRESHOLD_PERCENT}% of the bytes sent in it, a counter goes up; the second
 * time (counter reaches 2) the throttle rises and the counter resets. The throttle is QEMU's sleeping
 * share t: {@value #INITIAL_SLEEP_PERCENT}% at first, then +{@value #INCREMENT_PERCENT} per trigger, at
 * most {@value #MAX_SLEEP_PERCENT}%; the vCPU's run share is E = 100 − t.
 *
 * <p>One instance per migration, called by the migration thread only; allocation-free.
 */
public final class AutoConvergePolicy implements ThrottlePolicy
{
    /** QEMU's cpu-throttle-initial, percent of time asleep. */
    public static final int INITIAL_SLEEP_PERCENT = 20;
    /** QEMU's cpu-throttle-increment, percent. */
    public static final int INCREMENT_PERCENT = 10;
    /** QEMU's CPU_THROTTLE_PCT_MAX. */
    public static final int MAX_SLEEP_PERCENT = 99;
    /** QEMU's throttle-trigger-threshold: dirtied bytes above this share of sent bytes count as "high". */
    public static final int THRESHOLD_PERCENT = 50;
    /** Shortest period over which dirtied and sent bytes are compared, ns. */
    public static final long PERIOD_NS = 1_000_000_000L;

    private long periodStartNs = Long.MIN_VALUE;
    private long sentInPeriod;
    private long dirtiedInPeriod;
    private int highCount;
    private int sleepPercent;
    private int triggers;

    /** {@inheritDoc} */
    @Override
    public int afterRound(final long nowNs, final long roundNs, final long pagesSent, final long pagesDirtied,
        final int throttlePercent)
    {
        if (periodStartNs == Long.MIN_VALUE)
        {
            periodStartNs = nowNs - roundNs; // the first period starts with the migration
        }
        sentInPeriod += pagesSent;
        dirtiedInPeriod += pagesDirtied;
        if (nowNs - periodStartNs >= PERIOD_NS)
        {
            if (dirtiedInPeriod * 100 > sentInPeriod * THRESHOLD_PERCENT && ++highCount >= 2)
            {
                highCount = 0;
                sleepPercent = sleepPercent == 0 ? INITIAL_SLEEP_PERCENT :
                    Math.min(MAX_SLEEP_PERCENT, sleepPercent + INCREMENT_PERCENT);
                triggers++;
            }
            periodStartNs = nowNs;
            sentInPeriod = 0;
            dirtiedInPeriod = 0;
        }
        return 100 - sleepPercent;
    }

    /** @return QEMU's throttle percentage now: the share of time the vCPU sleeps, 0 before the first trigger. */
    public int sleepPercent()
    {
        return sleepPercent;
    }

    /** @return how many times the throttle was raised. */
    public int triggers()
    {
        return triggers;
    }
}
