package io.vcspbench.core.migration;

import io.vcspbench.core.destination.FaultingRegions;
import io.vcspbench.core.memory.FaultBackend;
import io.vcspbench.core.workload.Pattern;

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
     * @throws IllegalArgumentException if the configuration asks for what this build cannot run yet
     *                                  (the hybrids), with a one-line reason.
     */
    public static MigrationResult run(final MigrationConfig config)
    {
        return run(config, MigrationProgress.NONE);
    }

    /**
     * Runs one migration, reporting progress about every 100 ms on this thread.
     *
     * @param config   what to run.
     * @param progress receives progress snapshots.
     * @return the result; a failed run has {@link MigrationResult#failure()} set rather than throwing.
     * @throws IllegalArgumentException if the configuration asks for what this build cannot run yet.
     */
    public static MigrationResult run(final MigrationConfig config, final MigrationProgress progress)
    {
        final String reason = unsupported(config);
        if (reason != null)
        {
            throw new IllegalArgumentException(reason);
        }
        return Migration.run(config, progress);
    }

    /**
     * Says, before anything is allocated, whether this build can run a configuration.
     *
     * @param config what to run.
     * @return null when it can, else a one-line reason naming the option.
     */
    public static String unsupported(final MigrationConfig config)
    {
        final Algorithm algorithm = config.algorithm();
        if (config.pattern() == Pattern.WRITER && !algorithm.precopyPhase())
        {
            return "--pattern writer dirties source memory during pre-copy; with " + algorithm.cliName() +
                " use sequential|random|hotcold|window";
        }
        if (config.dirtyRateMbit() > 0 && config.pattern() != Pattern.WRITER)
        {
            return "--dirty-rate-mbit sets the writer's rate; add --pattern writer (pattern is " +
                config.pattern().cliName() + ")";
        }
        if (config.dirtySchedule() != null && config.pattern() != Pattern.WRITER)
        {
            return "--dirty-schedule sets the writer's rate over time; add --pattern writer (pattern is " +
                config.pattern().cliName() + ")";
        }
        if (config.faultBackend() != FaultBackend.MMU)
        {
            // Java 22+, a build with the backend, and a kernel that lets this process use userfaultfd.
            return FaultingRegions.unavailableReason(config.faultBackend());
        }
        return null;
    }
}
