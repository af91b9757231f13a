package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationProgress;
import io.vcspbench.core.migration.MigrationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.vcspbench.harness.Synthetic.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveProgressTest
{
    @TempDir
    Path root;

    /** An engine that reports two snapshots while it "runs". */
    private final Engine reporting = new Engine()
    {
        @Override
        public MigrationResult run(final MigrationConfig config)
        {
            return Synthetic.result(config, null, 0);
        }

        @Override
        public MigrationResult run(final MigrationConfig config, final MigrationProgress progress)
        {
            progress.onProgress(100, 200, 3, 50.0);
            progress.onProgress(200, 200, 4, 49.5);
            return run(config);
        }
    };

    @Test
    void shouldRedrawOneProgressLineWhenAskedAndClearItBeforeTheSummary()
    {
        final Synthetic.Outcome outcome = cli(reporting, root, "run", "--progress", "always", "--out",
            root.resolve("a").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("\r  migrating: 100 of 200 pages present (50%), 3 faults, CPU share 50.0%"),
            outcome.out());
        assertTrue(outcome.out().contains("\r  migrating: 200 of 200 pages present (100%), 4 faults, CPU share 49.5%"),
            outcome.out());
        final int cleared = outcome.out().lastIndexOf('\r');
        assertTrue(outcome.out().indexOf("integrity", cleared) > cleared, "summary after the cleared line");
    }

    @Test
    void shouldShowThePrecopyRoundAndThrottle()
    {
        final Engine precopy = new Engine()
        {
            @Override
            public MigrationResult run(final MigrationConfig config)
            {
                return Synthetic.result(config, null, 0);
            }

            @Override
            public MigrationResult run(final MigrationConfig config, final MigrationProgress progress)
            {
                progress.onPrecopyProgress(7, 16384, 16384, 64, 81.25);
                return run(config);
            }
        };

        final Synthetic.Outcome outcome = cli(precopy, root, "run", "--algorithm", "precopy-throttled", "--progress",
            "always", "--out", root.resolve("p").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("\r  pre-copy round 7: 16384 of 16384 pages present (100%), E 64%, CPU share 81.3%"),
            outcome.out());
    }

    @Test
    void shouldPrintNoProgressWhenOutputIsNotATerminal()
    {
        final Synthetic.Outcome outcome = cli(reporting, root, "run", "--out", root.resolve("b").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertFalse(outcome.out().contains("\r"), outcome.out());
        assertFalse(outcome.out().contains("migrating:"), outcome.out());
    }

    @Test
    void shouldRefuseAnUnknownProgressModeInOneLine()
    {
        final Synthetic.Outcome outcome = cli(reporting, root, "run", "--progress", "sometimes");

        assertEquals(2, outcome.exitCode());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().contains("--progress must be auto, always or never, was 'sometimes'"), outcome.err());
    }
}
