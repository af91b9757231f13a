package io.vcspbench.core.workload;

/** Uniformly random pages of the working set from a seeded xorshift64* generator. */
public final class RandomPattern implements AccessPattern
{
    private final long pages;
    private long state;

    /**
     * @param pages working set in pages.
     * @param seed  seed; the same seed gives the same sequence.
     */
    public RandomPattern(final long pages, final long seed)
    {
        this.pages = pages;
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /**
     * Advances a xorshift64* state.
     *
     * @param x current state, non-zero.
     * @return next state.
     */
    static long xorshift(final long x)
    {
        long s = x;
        s ^= s >>> 12;
        s ^= s << 25;
        s ^= s >>> 27;
        return s;
    }

    /**
     * Maps a random long onto [0, bound) without a division.
     *
     * @param random random bits.
     * @param bound  exclusive upper bound, positive.
     * @return a value in [0, bound).
     */
    static long below(final long random, final long bound)
    {
        return Math.multiplyHigh(random * 0x2545F4914F6CDD1DL >>> 1, bound << 1);
    }

    @Override
    public long nextPage()
    {
        state = xorshift(state);
        return below(state, pages);
    }

    @Override
    public long passAccesses()
    {
        return pages;
    }
}
