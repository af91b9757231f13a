package io.vcspbench.core.migration;

/**
 * Runs one migration end to end inside this process: allocates source and destination guest
 * memory, opens the link, starts the source agent, the destination receiver and vCPU threads,
 * waits with a deadline, joins every thread, checks integrity and releases all off-heap memory.
 */
public final class MigrationRunner
{
    private MigrationRunner()
    {
    }

    /**
     * Runs one migration.
     *
     * @param config what to run.
     * @return the result; a failed run has {@link MigrationResult#failure()} set rather than throwing.
     */
    public static MigrationResult run(final MigrationConfig config)
    {
        throw new UnsupportedOperationException("not yet");
    }
}
