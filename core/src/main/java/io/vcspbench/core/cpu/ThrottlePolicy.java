package io.vcspbench.core.cpu;

/**
 * Decides the vCPU's throttle share E after each pre-copy round, from what the round measured:
 * Jin 2011's controller ({@link JinThrottlePolicy}), QEMU's auto-converge
 * ({@link AutoConvergePolicy}) or nothing ({@link #NONE}). Called by the migration thread only;
 * implementations keep their state in primitives and never allocate.
 */
public interface ThrottlePolicy
{
    /** Plain pre-copy: E stays where it is. */
    ThrottlePolicy NONE = (nowNs, roundNs, pagesSent, pagesDirtied, throttlePercent) -> throttlePercent;

    /**
     * @param nowNs           when the round ended (its dirty log harvested), ns.
     * @param roundNs         the round's duration, ns.
     * @param pagesSent       pages sent in the round (the send rate B is pagesSent / roundNs).
     * @param pagesDirtied    pages the guest dirtied during the round (the dirty rate P is pagesDirtied / roundNs).
     * @param throttlePercent E in force during the round, 1..100.
     * @return E for the next round, 1..100.
     */
    int afterRound(long nowNs, long roundNs, long pagesSent, long pagesDirtied, int throttlePercent);
}
