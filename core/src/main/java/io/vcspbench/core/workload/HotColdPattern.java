package io.vcspbench.core.workload;

/**
 * 90% of accesses go to a hot set (the first 10% of the working set), the rest anywhere in it:
 * a guest whose hot data is small next to its memory.
 */
public final class HotColdPattern implements AccessPattern
{
    /** Share of accesses that go to the hot set, in 1/1024ths (≈ 90%). */
    static final long HOT_SHARE_1024 = 922;

    private final long pages;
    private final long hotPages;
    private long state;

    /**
     * @param pages working set in pages.
     * @param seed  seed of the generator.
     */
    public HotColdPattern(final long pages, final long seed)
    {
        this.pages = pages;
        this.hotPages = Math.max(1, pages / 10);
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    @Override
    public long nextPage()
    {
        state = RandomPattern.xorshift(state);
        final long r = state;
        final boolean hot = (r & 1023) < HOT_SHARE_1024;
        return RandomPattern.below(r >>> 10 | r << 54, hot ? hotPages : pages);
    }

    @Override
    public long passAccesses()
    {
        return pages;
    }
}
