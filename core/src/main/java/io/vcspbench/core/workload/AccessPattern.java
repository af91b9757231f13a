package io.vcspbench.core.workload;

/**
 * Generates the sequence of guest pages the vCPU touches. One instance per vCPU thread; not
 * thread-safe; {@link #nextPage()} never allocates.
 */
public interface AccessPattern
{
    /** @return the next page index to touch, inside the working set. */
    long nextPage();

    /**
     * How many accesses make one pass over the working set: the workload of a run without a
     * background push, which ends when its pass is done. Sequential, random and hot/cold: one
     * access per working-set page (random and hot/cold draw with replacement, so they touch fewer
     * distinct pages); window: every sweep of one growth cycle, from the first step to the whole
     * working set, so that every page of it is touched.
     *
     * @return accesses in one pass, at least 1.
     */
    long passAccesses();

    /**
     * Creates the pattern for a working set starting at page 0.
     *
     * @param pattern       which pattern.
     * @param workloadPages working set size in pages, at least 1.
     * @param seed          seed of the random patterns.
     * @return a new generator.
     * @throws IllegalArgumentException for {@link Pattern#WRITER}, which drives the source during
     *                                  pre-copy rather than the destination vCPU.
     */
    static AccessPattern create(final Pattern pattern, final long workloadPages, final long seed)
    {
        switch (pattern)
        {
            case SEQUENTIAL: return new SequentialPattern(workloadPages);
            case RANDOM: return new RandomPattern(workloadPages, seed);
            case HOTCOLD: return new HotColdPattern(workloadPages, seed);
            case WINDOW: return new WindowPattern(workloadPages);
            default:
                throw new IllegalArgumentException("pattern '" + pattern.cliName() +
                    "' writes at the source during pre-copy; use sequential|random|hotcold|window with post-copy");
        }
    }
}
