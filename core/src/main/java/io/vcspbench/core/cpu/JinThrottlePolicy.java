package io.vcspbench.core.cpu;

/**
 * Jin et al. 2011, Algorithm 1: after round i set {@code E(i+1) = C·B·E(i)/P(i)}, where B is the
 * round's send rate and P its dirty rate, clamped to [{@value #FLOOR_PERCENT}, 100]. With C below 1
 * the guest is slowed until it dirties memory at C times the rate the link drains it, so each round
 * leaves less to send than the one before; a round that dirtied nothing lets the guest run at 100.
 * B and P are measured over the same round, so their ratio is {@code pagesSent / pagesDirtied}.
 * Stateless apart from C; allocation-free.
 */
public final class JinThrottlePolicy implements ThrottlePolicy
{
    /** The lowest E Jin's controller sets, percent. */
    public static final int FLOOR_PERCENT = 20;

    private final double c;

    /**
     * @param c Jin's C, in (0, 10]: the dirty rate the policy aims for as a share of the send rate.
     */
    public JinThrottlePolicy(final double c)
    {
        if (!(c > 0 && c <= 10))
        {
            throw new IllegalArgumentException("jinC must be in (0, 10], was " + c);
        }
        this.c = c;
    }

    /** @return C. */
    public double c()
    {
        return c;
    }

    /** {@inheritDoc} */
    @Override
    public int afterRound(final long nowNs, final long roundNs, final long pagesSent, final long pagesDirtied,
        final int throttlePercent)
    {
        if (pagesDirtied == 0)
        {
            return 100;
        }
        final double next = c * pagesSent * throttlePercent / pagesDirtied;
        return (int)Math.max(FLOOR_PERCENT, Math.min(100, Math.round(next)));
    }
}
