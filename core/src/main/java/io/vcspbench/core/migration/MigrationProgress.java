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
}
