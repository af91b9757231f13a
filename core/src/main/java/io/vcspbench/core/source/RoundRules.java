package io.vcspbench.core.source;

import io.vcspbench.core.source.RoundRule.Decision;

/**
 * The round rules of the algorithms (DESIGN.md, docs/phases.md): classic pre-copy's, hybrid-k's and
 * As-hybrid's (Li and Cao 2023 Alg. 2).
 */
public final class RoundRules
{
    /** How many of the last λ values the adaptive rule looks at. */
    public static final int LAMBDA_WINDOW = 3;

    private RoundRules()
    {
    }

    /**
     * Classic pre-copy (Clark 2005): stop-and-copy once what is left is at most the threshold, or
     * after the last allowed round.
     *
     * @param maxRounds     rounds at most, at least 1.
     * @param stopCopyPages stop-and-copy once at most this many pages are dirty.
     * @return the rule (stateless).
     */
    public static RoundRule classic(final int maxRounds, final long stopCopyPages)
    {
        return (round, sent, ns, dirtied) ->
            dirtied <= stopCopyPages || round >= maxRounds ? Decision.STOP_AND_COPY : Decision.CONTINUE;
    }

    /**
     * hybrid-k (Li and Cao 2023, "1-hybrid", "2-hybrid"): exactly k rounds, whatever they leave, then
     * post-copy.
     *
     * @param k rounds before the switch, at least 1.
     * @return the rule (stateless).
     */
    public static RoundRule hybrid(final int k)
    {
        if (k < 1)
        {
            throw new IllegalArgumentException("hybrid rounds must be at least 1, was " + k);
        }
        return (round, sent, ns, dirtied) -> round >= k ? Decision.SWITCH_TO_POSTCOPY : Decision.CONTINUE;
    }

    /**
     * As-hybrid (Li and Cao 2023 Alg. 2), a new instance per run: see {@link Adaptive}.
     *
     * @param maxRounds     rounds at most before stop-and-copy.
     * @param maxDowntimeNs stop-and-copy once what is left can be sent within this at the last round's rate.
     * @return the rule (keeps the last λ values).
     */
    public static Adaptive adaptive(final int maxRounds, final long maxDowntimeNs)
    {
        return new Adaptive(maxRounds, maxDowntimeNs);
    }

    /**
     * As-hybrid's rule. After round i, λ(i) = pages dirtied during round i (what round i+1 sends)
     * over pages sent in round i: the dirty rate over the send rate. In this order:
     * <ol>
     *   <li>what is left fits the downtime limit at the last round's send rate: stop-and-copy, as
     *       pre-copy does;</li>
     *   <li>of the last {@value #LAMBDA_WINDOW} λ values at least two are above 1 and their mean
     *       is at least 1: pre-copy is not converging, switch to post-copy (so the earliest switch is
     *       after round {@value #LAMBDA_WINDOW}: the paper looks at three λ and is silent on fewer);</li>
     *   <li>after the last allowed round: stop-and-copy;</li>
     *   <li>otherwise another round.</li>
     * </ol>
     */
    public static final class Adaptive implements RoundRule
    {
        private final int maxRounds;
        private final long maxDowntimeNs;
        private final double[] lambdas = new double[LAMBDA_WINDOW];
        private int count;

        Adaptive(final int maxRounds, final long maxDowntimeNs)
        {
            this.maxRounds = maxRounds;
            this.maxDowntimeNs = maxDowntimeNs;
        }

        @Override
        public Decision afterRound(final int round, final long sent, final long roundNs, final long dirtied)
        {
            final double lambda = sent > 0 ? (double)dirtied / sent : (dirtied > 0 ? Double.POSITIVE_INFINITY : 0);
            lambdas[count % LAMBDA_WINDOW] = lambda;
            count++;
            // Time to send what is left at this round's rate: dirtied pages x (round time / pages sent).
            final boolean fits = dirtied == 0 || (sent > 0 && (double)dirtied * roundNs / sent <= maxDowntimeNs);
            if (fits)
            {
                return Decision.STOP_AND_COPY;
            }
            if (diverging())
            {
                return Decision.SWITCH_TO_POSTCOPY;
            }
            return round >= maxRounds ? Decision.STOP_AND_COPY : Decision.CONTINUE;
        }

        /** @return whether the last {@value #LAMBDA_WINDOW} λ say pre-copy is not converging. */
        boolean diverging()
        {
            if (count < LAMBDA_WINDOW)
            {
                return false;
            }
            int above = 0;
            double sum = 0;
            for (final double l : lambdas)
            {
                if (l > 1)
                {
                    above++;
                }
                sum += l;
            }
            return above >= 2 && sum / LAMBDA_WINDOW >= 1;
        }
    }
}
