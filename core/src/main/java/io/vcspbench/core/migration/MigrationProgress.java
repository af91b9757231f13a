package io.vcspbench.core.migration;

/**
 * Receives a migration's progress about every 100 ms while it runs, on the thread that called
 * {@link MigrationRunner#run(MigrationConfig, MigrationProgress)}; the figures are snapshots read
 * from the running threads, good for display, not for results.
 */
@FunctionalInterface
public interface MigrationProgress
{
    /** Reports nothing. */
    MigrationProgress NONE = (present, pages, faults, share) -> { };

    /**
     * @param pagesPresent  pages present at the destination.
     * @param pages         guest memory pages in all.
     * @param faults        faults so far.
     * @param sharePercent  the throttle share achieved so far, percent.
     */
    void onProgress(long pagesPresent, long pages, long faults, double sharePercent);

    /**
     * Pre-copy's progress: which round runs and the throttle the policy set. By default reported as
     * {@link #onProgress} with no faults.
     *
     * @param round           the round running now, from 1.
     * @param pagesPresent    pages present at the destination.
     * @param pages           guest memory pages in all.
     * @param throttlePercent E set for the source vCPU now, percent.
     * @param sharePercent    the throttle share achieved so far, percent.
     */
    default void onPrecopyProgress(int round, long pagesPresent, long pages, int throttlePercent, double sharePercent)
    {
        onProgress(pagesPresent, pages, 0, sharePercent);
    }
}
