package io.vcspbench.core.metrics;

import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;

/**
 * After a run: every page must be present at the destination and equal the source's copy. A page
 * the workload wrote at the destination after it arrived is compared except for its scratch slot,
 * the only bytes the workload writes, so every other byte of every page is still checked.
 *
 * @param pagesChecked pages compared.
 * @param mismatches   pages missing or different.
 * @param firstMismatch the first bad page, or -1.
 */
public record IntegrityCheck(long pagesChecked, long mismatches, long firstMismatch)
{
    /** @return null when every page matched, else the one-line reason that fails the run. */
    public String failure()
    {
        return mismatches == 0 ? null : "integrity check failed: " + mismatches + " of " + pagesChecked +
            " pages differ, first page " + firstMismatch;
    }

    /**
     * Compares destination with source page by page.
     *
     * @param source      source memory as it stood when the migration finished.
     * @param destination destination memory.
     * @param present     the destination's present bitmap B.
     * @param writtenHere pages the destination's workload wrote, or null.
     * @return the outcome.
     */
    public static IntegrityCheck compare(
        final GuestMemory source, final GuestMemory destination, final PageBitmap present, final PageBitmap writtenHere)
    {
        return compare(source, destination, present, writtenHere, false);
    }

    /**
     * Compares destination with source page by page, or only the pages present when not every page
     * was meant to move (post-copy with the push off).
     *
     * @param source      source memory as it stood when the migration finished.
     * @param destination destination memory.
     * @param present     the destination's present bitmap B.
     * @param writtenHere pages the destination's workload wrote, or null.
     * @param presentOnly check only present pages (a missing page is then no mismatch).
     * @return the outcome.
     */
    public static IntegrityCheck compare(
        final GuestMemory source, final GuestMemory destination, final PageBitmap present, final PageBitmap writtenHere,
        final boolean presentOnly)
    {
        long checked = 0;
        long mismatches = 0;
        long first = -1;
        final long pages = source.pageCount();
        for (long page = 0; page < pages; page++)
        {
            if (presentOnly && !present.get(page))
            {
                continue;
            }
            checked++;
            final int length = writtenHere != null && writtenHere.get(page) ? GuestMemory.SCRATCH_OFFSET : GuestMemory.PAGE_SIZE;
            if (!present.get(page) || !destination.pageEquals(page, source, length))
            {
                mismatches++;
                if (first < 0)
                {
                    first = page;
                }
            }
        }
        return new IntegrityCheck(checked, mismatches, first);
    }
}
