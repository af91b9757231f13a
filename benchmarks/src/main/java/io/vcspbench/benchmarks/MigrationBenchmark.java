package io.vcspbench.benchmarks;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;
import io.vcspbench.core.migration.MigrationRunner;
import io.vcspbench.core.migration.Setting;
import io.vcspbench.core.migration.Settings;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whole migrations: each invocation is one {@link MigrationRunner#run} (source agent, receiver, vCPU
 * running the workload, integrity check), timed once ({@code SingleShotTime}). The score is the
 * wall time of the whole run; the DESIGN metrics come out as secondary results through
 * {@link Metrics}. A run that fails or finds a mismatched page fails the benchmark.
 *
 * <p>The pre-copy family ({@code precopy}, {@code precopy-throttled}, {@code auto-converge}) runs
 * with {@code pattern = writer} at {@code dirtyRateMbit}; its rounds and stop-and-copy size come out
 * as secondary results too (0 for post-copy).
 *
 * <p>An algorithm that does not throttle runs at E = 100 and one that does not prefetch at N = 1
 * whatever the parameters say (see {@link MigrationConfig}); the bench launcher's presets only ask
 * for the combinations that differ.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class MigrationBenchmark
{
    /** Algorithm by its CLI name. */
    @Param({ "postcopy", "postcopy-prefetch", "vcsp", "vcsp-prefetch" })
    public String algorithm;

    /** E, the vCPU's share of CPU time during migration, percent. */
    @Param({ "50", "100" })
    public int throttlePercent;

    /** N, pages one fault request returns. */
    @Param({ "1", "10" })
    public int prefetchPages;

    /** Working set the workload touches, MiB. */
    @Param({ "32" })
    public long workloadMiB;

    /** Guest memory, MiB; every page migrates. */
    @Param({ "64" })
    public long memoryMiB;

    /** Access pattern by its CLI name. */
    @Param({ "window" })
    public String pattern;

    /** Link transport. */
    @Param({ "ipc" })
    public String link;

    /** Link bandwidth, Mbit/s (0 = unpaced). */
    @Param({ "1000" })
    public long bandwidthMbit;

    /** Pre-copy with pattern {@code writer}: the rate the guest dirties memory, Mbit/s (0 for the other patterns). */
    @Param({ "0" })
    public long dirtyRateMbit;

    /** Pre-copy: most rounds before stop-and-copy. */
    @Param({ "30" })
    public int maxRounds;

    /** Pre-copy: stop and copy once at most this much is left, KiB. */
    @Param({ "256" })
    public long stopCopyKiB;

    /** precopy-throttled: Jin 2011's C. */
    @Param({ "0.8" })
    public double jinC;

    /** Pattern writer: page order, {@code sequential} or {@code random}. */
    @Param({ "sequential" })
    public String writerOrder;

    private MigrationConfig config;

    /** Builds and validates the configuration once per trial. */
    @Setup(Level.Trial)
    public void setUp()
    {
        config = configOf(this);
        final String unsupported = MigrationRunner.unsupported(config);
        if (unsupported != null)
        {
            throw new IllegalArgumentException(unsupported);
        }
    }

    /**
     * The configuration of a benchmark's parameters: each {@code @Param} field is the setting of the
     * same key in {@link Settings}, read and range-checked as {@code vcsp run} reads its option.
     *
     * @param benchmark the benchmark, parameters filled in.
     * @return the validated configuration.
     * @throws IllegalArgumentException naming the parameter that is not a setting or is out of range.
     */
    static MigrationConfig configOf(final MigrationBenchmark benchmark)
    {
        final MigrationConfig.Builder b = MigrationConfig.builder();
        for (final Field field : MigrationBenchmark.class.getFields())
        {
            if (!field.isAnnotationPresent(Param.class))
            {
                continue;
            }
            final Setting setting = Settings.byKey(field.getName());
            if (setting == null)
            {
                throw new IllegalArgumentException("@Param " + field.getName() + " is not a setting of Settings.ALL");
            }
            try
            {
                setting.apply(b, String.valueOf(field.get(benchmark)));
            }
            catch (final IllegalAccessException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
        return b.build();
    }

    /**
     * One migration.
     *
     * @param metrics where its metrics go.
     * @return the result.
     */
    @Benchmark
    public MigrationResult migrate(final Metrics metrics)
    {
        final MigrationResult result = MigrationRunner.run(config);
        if (!result.succeeded())
        {
            throw new IllegalStateException("migration failed: " + (result.failure() != null ? result.failure() :
                result.mismatches() + " of " + result.pagesChecked() + " pages differ"));
        }
        metrics.record(result);
        return result;
    }

    /**
     * The metrics of the migration of one iteration, as JMH secondary results. They are events:
     * JMH reports their sum over the measured iterations (one migration each) and the per-iteration
     * values as raw data; the report shows the mean per migration.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Metrics
    {
        /** Time the vCPU could not run because of migration, ms. */
        public double downtimeMs;
        /** Switchover to last page present, ms. */
        public double totalMigrationTimeMs;
        /** Page payloads received, duplicates included. */
        public double pagesTransferred;
        /** Accesses that found their page missing. */
        public double faults;
        /** Guest bytes processed per second, MB/s. */
        public double workloadThroughputMBps;
        /** Fault latency p50, µs. */
        public double faultLatencyP50Us;
        /** Fault latency p99, µs. */
        public double faultLatencyP99Us;
        /** Pre-copy rounds before stop-and-copy (0 for post-copy). */
        public double precopyRounds;
        /** Pages sent with the vCPU paused (0 for post-copy). */
        public double stopCopyPages;
        /** The vCPU's achieved run share, percent. */
        public double achievedCpuSharePercent;

        /**
         * Copies one run's metrics into the counters.
         *
         * @param r the run.
         */
        public void record(final MigrationResult r)
        {
            downtimeMs = r.downtimeMs();
            totalMigrationTimeMs = r.totalMigrationTimeMs();
            pagesTransferred = r.pagesTransferred();
            faults = r.faults();
            workloadThroughputMBps = r.workloadThroughputMBps();
            final Map<String, Object> latency = r.faultLatencyUs();
            faultLatencyP50Us = ((Number)latency.get("p50")).doubleValue();
            faultLatencyP99Us = ((Number)latency.get("p99")).doubleValue();
            precopyRounds = Math.max(0, r.precopyRounds());
            stopCopyPages = Math.max(0, r.stopCopyPages());
            achievedCpuSharePercent = r.achievedCpuSharePercent();
        }
    }
}
