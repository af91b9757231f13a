package io.vcspbench.harness;

import io.vcspbench.core.metrics.RoundStats;
import io.vcspbench.core.metrics.Series;
import io.vcspbench.core.migration.DemandPagingStats;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Test doubles: synthetic results in place of the engine, and a way to drive the CLI in-process
 * and see its exit code and both streams.
 */
final class Synthetic
{
    /** The fixed wall clock of the tests: 2025-01-02 03:04:05 UTC. */
    static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final long START_EPOCH_MS = NOW.toEpochMilli();

    /** Fault latencies recorded into every synthetic histogram, ns. */
    static final long[] LATENCIES_NS = { 12_000, 15_000, 18_000, 22_000, 40_000, 95_000, 250_000 };

    private Synthetic()
    {
    }

    static Histogram latencies()
    {
        final Histogram h = new Histogram(3);
        for (final long v : LATENCIES_NS)
        {
            h.recordValue(v);
        }
        return h;
    }

    static Series series()
    {
        return new Series(
            new double[]{ 100, 200, 300 },
            new double[]{ 812.5, 640.25, 700 },
            new double[]{ 90.5, 120, Double.NaN },
            new double[]{ 50.1, 49.8, 50 });
    }

    static MigrationResult result(final MigrationConfig config, final String failure, final long mismatches)
    {
        return result(config, failure, mismatches, latencies(), List.of(), List.of());
    }

    static MigrationResult result(
        final MigrationConfig config,
        final String failure,
        final long mismatches,
        final Histogram latencies,
        final List<Histogram> intervals,
        final List<RoundStats> rounds)
    {
        return MigrationResult.builder(config)
            .failure(failure)
            .downtimeMs(12.5)
            .totalMigrationTimeMs(340.25)
            .switchoverMs(1.5)
            .pagesTransferred(16_384)
            .bytesOnWire(16_384L * 4_112)
            .pageRequests(120)
            .faults(130)
            .duplicatePages(2)
            .workloadThroughputMBps(250.5)
            .linkThroughputMBps(110.25)
            .achievedCpuSharePercent(49.7)
            .faultLatencyNs(latencies)
            .faultLatencyIntervals(intervals)
            .pagesChecked(16_384)
            .mismatches(mismatches)
            .series(series())
            .rounds(rounds)
            .startEpochMs(START_EPOCH_MS)
            // Consistent with the figures above: 100 + 20 + 16 264 pages, 120 requests, 12.5 - 1.5 ms of stalls.
            .demandPaging(config.algorithm().precopyPhase() ? null :
                new DemandPagingStats(100, 20, 16_264, 20, 16_384L * 4_112, 11.0, 330.0, 105.5))
            .build();
    }

    /** An engine that records every configuration it is given and answers with a synthetic result. */
    static final class Engine implements io.vcspbench.harness.Engine
    {
        final List<MigrationConfig> configs = new ArrayList<>();
        private final Function<MigrationConfig, MigrationResult> answer;
        private final Function<MigrationConfig, String> unsupported;

        Engine(final Function<MigrationConfig, MigrationResult> answer)
        {
            this(answer, c -> null);
        }

        /**
         * @param answer      the result of each run.
         * @param unsupported what {@link #unsupported(MigrationConfig)} answers, as a build that cannot run some.
         */
        Engine(final Function<MigrationConfig, MigrationResult> answer, final Function<MigrationConfig, String> unsupported)
        {
            this.answer = answer;
            this.unsupported = unsupported;
        }

        @Override
        public String unsupported(final MigrationConfig config)
        {
            return unsupported.apply(config);
        }

        static Engine succeeding()
        {
            return new Engine(c -> result(c, null, 0));
        }

        @Override
        public MigrationResult run(final MigrationConfig config)
        {
            configs.add(config);
            return answer.apply(config);
        }
    }

    /** What one CLI invocation did. */
    record Outcome(int exitCode, String out, String err)
    {
        List<String> errLines()
        {
            return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
        }
    }

    static Outcome cli(final io.vcspbench.harness.Engine engine, final Path resultsRoot, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exitCode = new VcspCli(engine, new PrintWriter(out, true), new PrintWriter(err, true), resultsRoot, CLOCK)
            .run(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }
}
