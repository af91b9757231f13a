package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationProgress;
import io.vcspbench.core.migration.MigrationResult;
import io.vcspbench.core.migration.MigrationRunner;

/**
 * What the CLI runs a migration with: {@link #PRODUCTION} in the jar, a fake in tests.
 */
@FunctionalInterface
public interface Engine
{
    /** The real engine, refusing up front what this build cannot run. */
    Engine PRODUCTION = new Engine()
    {
        @Override
        public MigrationResult run(final MigrationConfig config)
        {
            return MigrationRunner.run(config);
        }

        @Override
        public MigrationResult run(final MigrationConfig config, final MigrationProgress progress)
        {
            return MigrationRunner.run(config, progress);
        }

        @Override
        public String unsupported(final MigrationConfig config)
        {
            return MigrationRunner.unsupported(config);
        }
    };

    /**
     * Runs one migration.
     *
     * @param config what to run.
     * @return its result; failures are reported in it.
     */
    MigrationResult run(MigrationConfig config);

    /**
     * Runs one migration, reporting progress about every 100 ms on this thread; engines that cannot
     * report just run.
     *
     * @param config   what to run.
     * @param progress receives progress snapshots.
     * @return its result; failures are reported in it.
     */
    default MigrationResult run(final MigrationConfig config, final MigrationProgress progress)
    {
        return run(config);
    }

    /**
     * @param config what to run.
     * @return null if this engine can run it, else a one-line reason naming the option (exit 2).
     */
    default String unsupported(final MigrationConfig config)
    {
        return null;
    }
}
