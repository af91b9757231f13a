package io.vcspbench.core.metrics;

/**
 * One pre-copy round as the source saw it.
 *
 * @param round           round number from 1.
 * @param pagesSent       pages sent in the round.
 * @param durationMs      round duration, ms.
 * @param dirtyRateMbit   P: rate at which the guest dirtied pages during the round, Mbit/s.
 * @param sendRateMbit    B: rate at which pages were sent during the round, Mbit/s.
 * @param throttlePercent E in force during the round, percent.
 */
public record RoundStats(int round, long pagesSent, double durationMs, double dirtyRateMbit, double sendRateMbit,
    int throttlePercent)
{
}
