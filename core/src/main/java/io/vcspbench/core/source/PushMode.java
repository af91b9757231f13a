package io.vcspbench.core.source;

/**
 * Whether and how fast the post-copy source pushes the pages nobody asked for: {@code on} (as fast as
 * the link takes them, QEMU's post-copy), {@code off} (demand paging and prefetch only, the VCSP
 * paper's model, Algorithms 1-4), or a rate in Mbit/s below the link's, so faults and push share it.
 * Immutable.
 *
 * <p>A setting of the {@link SourceAgent}, so it lives beside it; {@code migration}'s configuration
 * carries it down from the command line.
 */
public final class PushMode
{
    /** Push as fast as the link takes it. */
    public static final PushMode ON = new PushMode(-1);
    /** No push: only what faults ask for moves. */
    public static final PushMode OFF = new PushMode(0);

    /** Highest push rate, Mbit/s, as for a link's bandwidth. */
    public static final long MAX_RATE_MBIT = 400_000;

    private final long rateMbit;

    private PushMode(final long rateMbit)
    {
        this.rateMbit = rateMbit;
    }

    /**
     * @param rateMbit push rate, 1..{@value #MAX_RATE_MBIT} Mbit/s.
     * @return a paced push.
     * @throws IllegalArgumentException naming the allowed range.
     */
    public static PushMode rate(final long rateMbit)
    {
        if (rateMbit < 1 || rateMbit > MAX_RATE_MBIT)
        {
            throw new IllegalArgumentException("push rate must be in [1, " + MAX_RATE_MBIT + "] Mbit/s, was " + rateMbit);
        }
        return new PushMode(rateMbit);
    }

    /**
     * @param text {@code on}, {@code off} or a rate in Mbit/s.
     * @return the mode.
     * @throws IllegalArgumentException naming the allowed values.
     */
    public static PushMode parse(final String text)
    {
        if ("on".equals(text))
        {
            return ON;
        }
        if ("off".equals(text))
        {
            return OFF;
        }
        long rate = -1;
        try
        {
            rate = Long.parseLong(text);
        }
        catch (final NumberFormatException e)
        {
            // reported below
        }
        if (rate < 1 || rate > MAX_RATE_MBIT)
        {
            // No subject: the command line puts the option's name in front.
            throw new IllegalArgumentException("must be on, off or a rate in [1, " + MAX_RATE_MBIT + "] Mbit/s, was '" +
                text + "'");
        }
        return new PushMode(rate);
    }

    /** @return whether the source pushes at all. */
    public boolean enabled()
    {
        return rateMbit != 0;
    }

    /** @return whether the push is held to its own rate. */
    public boolean paced()
    {
        return rateMbit > 0;
    }

    /** @return the push rate, Mbit/s, when {@link #paced()}. */
    public long rateMbit()
    {
        return rateMbit;
    }

    /** @return {@code on}, {@code off} or the rate, as on the command line and in result.json. */
    public String cliName()
    {
        return rateMbit < 0 ? "on" : rateMbit == 0 ? "off" : Long.toString(rateMbit);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof PushMode && ((PushMode)o).rateMbit == rateMbit;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(rateMbit);
    }

    @Override
    public String toString()
    {
        return cliName();
    }
}
