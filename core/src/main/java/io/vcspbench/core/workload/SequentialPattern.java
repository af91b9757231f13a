package io.vcspbench.core.workload;

/** Page after page over the working set, wrapping at its end. */
public final class SequentialPattern implements AccessPattern
{
    private final long pages;
    private long next;

    /** @param pages working set in pages. */
    public SequentialPattern(final long pages)
    {
        this.pages = pages;
    }

    @Override
    public long nextPage()
    {
        final long page = next;
        next = page + 1 == pages ? 0 : page + 1;
        return page;
    }

    @Override
    public long passAccesses()
    {
        return pages;
    }
}
