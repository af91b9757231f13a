package io.vcspbench.core.cpu;

import org.agrona.concurrent.NanoClock;

/**
 * How the throttled vCPU sleeps off the rest of its period. An interface so tests can use a
 * simulated clock instead of real time.
 */
@FunctionalInterface
public interface Sleeper
{
    /**
     * Returns no earlier than {@code deadlineNs} on {@code clock} (an absolute deadline, so an
     * early wake-up is retried and a late one is absorbed by the next period).
     *
     * @param clock      the throttler's clock.
     * @param deadlineNs absolute deadline on {@code clock}, ns.
     */
    void sleepUntil(NanoClock clock, long deadlineNs);
}
