package io.vcspbench.core.memory;

/**
 * The source's dirty log, one bit per guest page, as KVM keeps it for a migrating guest: the vCPU
 * marks a page after every write to it ({@link #mark(long)}) and the migration thread harvests the
 * log at the end of each pre-copy round ({@link #drainInto(PageBitmap)}), atomically taking and
 * clearing a word at a time while the vCPU keeps writing.
 *
 * <p>Why marking after the write is enough: the mark is a release read-modify-write and the harvest
 * an atomic exchange, so a harvest that takes the mark also sees the bytes written before it, and a
 * mark the harvest missed stays set for the next one. Marking always does the atomic OR; a "read
 * first, skip if set" shortcut would let a write slip past a harvest unseen (a store may become
 * visible after a later load). Any number of marking threads, one harvesting thread; allocation-free.
 */
public final class DirtyLog
{
    private final PageBitmap bits;

    /**
     * @param pages guest memory size in pages.
     */
    public DirtyLog(final long pages)
    {
        this.bits = new PageBitmap(pages);
    }

    /** @return number of pages the log covers. */
    public long size()
    {
        return bits.size();
    }

    /**
     * Marks a page dirty; call after writing it. Any thread.
     *
     * @param page page index in [0, size).
     */
    public void mark(final long page)
    {
        bits.set(page);
    }

    /**
     * Takes every page marked since the last harvest, clears them in the log and sets them in
     * {@code target}. Call from the one harvesting thread, which must be {@code target}'s only writer.
     *
     * @param target the bitmap of pages still to send; same size as this log.
     * @return number of pages harvested.
     */
    public long drainInto(final PageBitmap target)
    {
        long pages = 0;
        final PageBitmap bits = this.bits;
        for (int w = 0, n = bits.wordCount(); w < n; w++)
        {
            if (bits.word(w) != 0)
            {
                final long taken = bits.getAndClearWord(w);
                pages += Long.bitCount(taken);
                target.orWordSingleWriter(w, taken);
            }
        }
        return pages;
    }

    /**
     * Clears the log, dropping what was marked (the start of tracking). Harvesting thread.
     *
     * @return number of pages that were marked.
     */
    public long reset()
    {
        long pages = 0;
        for (int w = 0, n = bits.wordCount(); w < n; w++)
        {
            pages += Long.bitCount(bits.getAndClearWord(w));
        }
        return pages;
    }

    /** @return pages marked now (a scan; for tests and progress, not hot paths). */
    public long cardinality()
    {
        return bits.cardinality();
    }
}
