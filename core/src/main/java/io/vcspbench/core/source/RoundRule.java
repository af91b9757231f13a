package io.vcspbench.core.source;

/**
 * What pre-copy does after each live round: go on, stop the vCPU and copy the rest
 * (stop-and-copy), or switch to post-copy for what is still dirty (the hybrids). Called on the
 * source's migration thread once per round; implementations may keep state (one instance per run)
 * and must not allocate.
 */
@FunctionalInterface
public interface RoundRule
{
    /** The decision after a round. */
    enum Decision
    {
        /** Send another round. */
        CONTINUE,
        /** Pause the vCPU and send what is left before the CPU state. */
        STOP_AND_COPY,
        /** Pause the vCPU, send the CPU state, and let post-copy move what is left. */
        SWITCH_TO_POSTCOPY
    }

    /**
     * @param round        the round that just ended, from 1.
     * @param pagesSent    pages it sent.
     * @param roundNs      how long it took, ns.
     * @param pagesDirtied pages dirtied while it ran: what the next round would send.
     * @return what to do next.
     */
    Decision afterRound(int round, long pagesSent, long roundNs, long pagesDirtied);
}
