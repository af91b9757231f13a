package io.vcspbench.core.workload;

/**
 * The VCSP paper's stress test: sweep a window [0, w) of the working set page by page, then grow
 * w by one step (1/16 of the working set) and sweep again; after the full working set, start over
 * from one step. Early sweeps revisit a small region, later ones reach new pages.
 */
public final class WindowPattern implements AccessPattern
{
    /** Steps from the smallest window to the whole working set. */
    static final int STEPS = 16;

    private final long pages;
    private final long step;
    private long window;
    private long next;

    /** @param pages working set in pages. */
    public WindowPattern(final long pages)
    {
        this.pages = pages;
        this.step = Math.max(1, pages / STEPS);
        this.window = step;
    }

    @Override
    public long nextPage()
    {
        final long page = next++;
        if (next >= window)
        {
            next = 0;
            window = window >= pages ? step : Math.min(pages, window + step);
        }
        return page;
    }

    @Override
    public long passAccesses()
    {
        // Windows step, 2 step, ... up to the whole working set, each swept once.
        long total = 0;
        for (long w = step; ; w = Math.min(pages, w + step))
        {
            total += w;
            if (w >= pages)
            {
                return total;
            }
        }
    }
}
