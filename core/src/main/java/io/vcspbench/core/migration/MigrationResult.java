package io.vcspbench.core.migration;

import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.metrics.IntegrityCheck;
import io.vcspbench.core.metrics.RoundStats;
import io.vcspbench.core.metrics.Series;
import io.vcspbench.core.metrics.SeriesSampler;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one migration run measured, with the names of DESIGN.md's metrics. Times are ms, rates
 * MB/s (10^6 bytes per second), latencies in the histogram are ns. A run that failed has
 * {@code failure} set and whatever metrics it got to. Immutable once built, but the histograms and
 * lists it holds are the ones it was given.
 *
 * <p>Build one with {@link #builder(MigrationConfig)}, naming each field; a field a run's phases do
 * not fill keeps its absent value:
 * <ul>
 *   <li>every run fills the times, {@code pagesTransferred}, {@code bytesOnWire},
 *   {@code duplicatePages}, the throughputs, {@code achievedCpuSharePercent}, the fault-latency
 *   histograms, the integrity counts, {@code series} and {@code startEpochMs};</li>
 *   <li>pre-copy rounds fill {@code precopyRounds} and {@code rounds}, stop-and-copy fills
 *   {@code stopCopyPages};</li>
 *   <li>post-copy (switchover, then serving faults and pushing) fills {@code pageRequests},
 *   {@code faults} and {@code demandPaging};</li>
 *   <li>a hybrid's switch to post-copy fills {@code switchRound}, and every hybrid run {@code hybrid}.</li>
 * </ul>
 * Absent means: -1 for {@code precopyRounds}, {@code stopCopyPages} and {@code switchRound}, and null
 * for {@code demandPaging}, all four then left out of {@link #scalarMetrics()} and so of result.json
 * and runs.csv; an empty list for {@code rounds} and {@code faultLatencyIntervals}; null for
 * {@code faultLatencyNs} and {@code series} (writers skip them); zero for every other count, time and
 * rate, which are written as 0; null {@code failure} for a run that did not fail.
 *
 * @param config                  the configuration that ran.
 * @param failure                 why the run failed (one line), or null when it succeeded.
 * @param downtimeMs              time the vCPU could not run because of migration.
 * @param totalMigrationTimeMs    switchover (post-copy) or start (pre-copy, hybrids) to last page present.
 * @param switchoverMs            the pause to move CPU state, part of downtime.
 * @param pagesTransferred        page payloads the destination received, duplicates included.
 * @param bytesOnWire             bytes sent in both directions, headers included.
 * @param pageRequests            fault requests the destination sent.
 * @param faults                  accesses that found their page missing.
 * @param duplicatePages          pages received more than once.
 * @param workloadThroughputMBps  guest bytes processed per second of the run.
 * @param linkThroughputMBps      link bytes received per second of the migration.
 * @param achievedCpuSharePercent run share the throttler delivered during migration.
 * @param faultLatencyNs          request-to-present latency of every fault, ns, 3 significant digits.
 * @param faultLatencyIntervals   the same split in 1 s intervals with start/end time stamps, for the .hlog.
 * @param precopyRounds           pre-copy rounds, or -1 where it does not apply.
 * @param stopCopyPages           pages sent with the vCPU stopped, or -1.
 * @param switchRound             round after which a hybrid switched to post-copy, or -1.
 * @param pagesChecked            pages compared in the integrity check.
 * @param mismatches              pages missing or different at the destination.
 * @param series                  rates per 100 ms window.
 * @param rounds                  per pre-copy round, empty for post-copy.
 * @param startEpochMs            wall-clock start of the run, ms since the epoch.
 * @param demandPaging            how the pages came and the paper's definitions of time, pages and
 *                                throughput (post-copy), or null for pre-copy runs.
 * @param hybrid                  the hybrids' switch time, post-copy duration and storage bytes, or null
 *                                for the other algorithms.
 */
public record MigrationResult(
    MigrationConfig config,
    String failure,
    double downtimeMs,
    double totalMigrationTimeMs,
    double switchoverMs,
    long pagesTransferred,
    long bytesOnWire,
    long pageRequests,
    long faults,
    long duplicatePages,
    double workloadThroughputMBps,
    double linkThroughputMBps,
    double achievedCpuSharePercent,
    Histogram faultLatencyNs,
    List<Histogram> faultLatencyIntervals,
    int precopyRounds,
    long stopCopyPages,
    int switchRound,
    long pagesChecked,
    long mismatches,
    Series series,
    List<RoundStats> rounds,
    long startEpochMs,
    DemandPagingStats demandPaging,
    HybridStats hybrid)
{
    /** The value of {@link #precopyRounds}, {@link #stopCopyPages} and {@link #switchRound} where they do not apply. */
    public static final int ABSENT = -1;

    /**
     * @param config the configuration that ran.
     * @return a builder whose every field holds its absent value (see the class comment).
     */
    public static Builder builder(final MigrationConfig config)
    {
        return new Builder(config);
    }

    /** @return true when the run completed and the integrity check found no mismatch. */
    public boolean succeeded()
    {
        return failure == null && mismatches == 0;
    }

    /**
     * @return the fault-latency summary in µs: p50 p90 p99 p999 max mean count.
     */
    public Map<String, Object> faultLatencyUs()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        final Histogram h = faultLatencyNs;
        final boolean empty = h.getTotalCount() == 0;
        m.put("p50", empty ? 0.0 : h.getValueAtPercentile(50) / 1000.0);
        m.put("p90", empty ? 0.0 : h.getValueAtPercentile(90) / 1000.0);
        m.put("p99", empty ? 0.0 : h.getValueAtPercentile(99) / 1000.0);
        m.put("p999", empty ? 0.0 : h.getValueAtPercentile(99.9) / 1000.0);
        m.put("max", empty ? 0.0 : h.getMaxValue() / 1000.0);
        m.put("mean", empty ? 0.0 : h.getMean() / 1000.0);
        m.put("count", h.getTotalCount());
        return m;
    }

    /**
     * @return the scalar metrics by their DESIGN.md names (the columns of runs.csv); pre-copy
     * metrics only where they apply, then the post-copy ones of {@link DemandPagingStats#toMap()} when
     * {@link #demandPaging()} is set.
     */
    public Map<String, Object> scalarMetrics()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("downtimeMs", downtimeMs);
        m.put("totalMigrationTimeMs", totalMigrationTimeMs);
        m.put("switchoverMs", switchoverMs);
        m.put("pagesTransferred", pagesTransferred);
        m.put("bytesOnWire", bytesOnWire);
        m.put("pageRequests", pageRequests);
        m.put("faults", faults);
        m.put("duplicatePages", duplicatePages);
        m.put("workloadThroughputMBps", workloadThroughputMBps);
        m.put("linkThroughputMBps", linkThroughputMBps);
        m.put("achievedCpuSharePercent", achievedCpuSharePercent);
        if (precopyRounds >= 0)
        {
            m.put("precopyRounds", precopyRounds);
        }
        if (stopCopyPages >= 0)
        {
            m.put("stopCopyPages", stopCopyPages);
        }
        if (switchRound >= 0)
        {
            m.put("switchRound", switchRound);
        }
        if (demandPaging != null)
        {
            m.putAll(demandPaging.toMap());
        }
        if (hybrid != null)
        {
            m.putAll(hybrid.toMap());
        }
        return m;
    }

    /**
     * Fills a {@link MigrationResult} by name, so a run sets what its phases measured and leaves the
     * rest absent. Not thread-safe: one thread builds, after the run's threads have stopped.
     */
    public static final class Builder
    {
        private final MigrationConfig config;
        private String failure;
        private double downtimeMs;
        private double totalMigrationTimeMs;
        private double switchoverMs;
        private long pagesTransferred;
        private long bytesOnWire;
        private long pageRequests;
        private long faults;
        private long duplicatePages;
        private double workloadThroughputMBps;
        private double linkThroughputMBps;
        private double achievedCpuSharePercent;
        private Histogram faultLatencyNs;
        private List<Histogram> faultLatencyIntervals = List.of();
        private int precopyRounds = ABSENT;
        private long stopCopyPages = ABSENT;
        private int switchRound = ABSENT;
        private long pagesChecked;
        private long mismatches;
        private Series series;
        private List<RoundStats> rounds = List.of();
        private long startEpochMs;
        private DemandPagingStats demandPaging;
        private HybridStats hybrid;

        private Builder(final MigrationConfig config)
        {
            this.config = config;
        }

        /** @param v why the run failed (one line); null (absent) when it succeeded. @return this. */
        public Builder failure(final String v)
        {
            failure = v;
            return this;
        }

        /** @param v time the vCPU could not run because of migration, ms. @return this. */
        public Builder downtimeMs(final double v)
        {
            downtimeMs = v;
            return this;
        }

        /** @param v switchover (post-copy) or start (pre-copy, hybrids) to last page present, ms. @return this. */
        public Builder totalMigrationTimeMs(final double v)
        {
            totalMigrationTimeMs = v;
            return this;
        }

        /** @param v the pause to move CPU state, part of downtime, ms. @return this. */
        public Builder switchoverMs(final double v)
        {
            switchoverMs = v;
            return this;
        }

        /** @param v page payloads the destination received, duplicates included. @return this. */
        public Builder pagesTransferred(final long v)
        {
            pagesTransferred = v;
            return this;
        }

        /** @param v bytes sent in both directions, headers included. @return this. */
        public Builder bytesOnWire(final long v)
        {
            bytesOnWire = v;
            return this;
        }

        /** @param v fault requests the destination sent (post-copy). @return this. */
        public Builder pageRequests(final long v)
        {
            pageRequests = v;
            return this;
        }

        /** @param v accesses that found their page missing (post-copy). @return this. */
        public Builder faults(final long v)
        {
            faults = v;
            return this;
        }

        /** @param v pages received more than once. @return this. */
        public Builder duplicatePages(final long v)
        {
            duplicatePages = v;
            return this;
        }

        /** @param v guest bytes processed per second of the run, MB/s. @return this. */
        public Builder workloadThroughputMBps(final double v)
        {
            workloadThroughputMBps = v;
            return this;
        }

        /** @param v link bytes received per second of the migration, MB/s. @return this. */
        public Builder linkThroughputMBps(final double v)
        {
            linkThroughputMBps = v;
            return this;
        }

        /** @param v run share the throttler delivered during migration, %. @return this. */
        public Builder achievedCpuSharePercent(final double v)
        {
            achievedCpuSharePercent = v;
            return this;
        }

        /** @param v request-to-present latency of every fault, ns; null (absent) for none. @return this. */
        public Builder faultLatencyNs(final Histogram v)
        {
            faultLatencyNs = v;
            return this;
        }

        /** @param v the fault latencies in 1 s intervals, for the .hlog. @return this. */
        public Builder faultLatencyIntervals(final List<Histogram> v)
        {
            faultLatencyIntervals = v;
            return this;
        }

        /** @param v pre-copy rounds run (pre-copy phase). @return this. */
        public Builder precopyRounds(final int v)
        {
            precopyRounds = v;
            return this;
        }

        /** @param v pages sent with the vCPU stopped (stop-and-copy phase). @return this. */
        public Builder stopCopyPages(final long v)
        {
            stopCopyPages = v;
            return this;
        }

        /** @param v round after which a hybrid switched to post-copy. @return this. */
        public Builder switchRound(final int v)
        {
            switchRound = v;
            return this;
        }

        /** @param v pages compared in the integrity check. @return this. */
        public Builder pagesChecked(final long v)
        {
            pagesChecked = v;
            return this;
        }

        /** @param v pages missing or different at the destination. @return this. */
        public Builder mismatches(final long v)
        {
            mismatches = v;
            return this;
        }

        /** @param v rates per 100 ms window; null (absent) for none. @return this. */
        public Builder series(final Series v)
        {
            series = v;
            return this;
        }

        /** @param v one per pre-copy round (pre-copy phase). @return this. */
        public Builder rounds(final List<RoundStats> v)
        {
            rounds = v;
            return this;
        }

        /** @param v wall-clock start of the run, ms since the epoch. @return this. */
        public Builder startEpochMs(final long v)
        {
            startEpochMs = v;
            return this;
        }

        /** @param v how the pages came, by the paper's definitions (post-copy phase). @return this. */
        public Builder demandPaging(final DemandPagingStats v)
        {
            demandPaging = v;
            return this;
        }

        /** @param v a hybrid's switch, post-copy and storage figures, or null. @return this. */
        public Builder hybrid(final HybridStats v)
        {
            hybrid = v;
            return this;
        }

        /**
         * @param v the integrity check: sets {@code pagesChecked} and {@code mismatches}.
         * @return this.
         */
        public Builder integrity(final IntegrityCheck v)
        {
            pagesChecked = v.pagesChecked();
            mismatches = v.mismatches();
            return this;
        }

        /**
         * Fills what every run measures the same way, whatever its phases: the total time, the pages
         * and link bytes the destination's receiver counted over it, the guest's work rate, the share
         * the throttler delivered and the fault-latency histograms.
         *
         * @param totalMs         total migration time, ms.
         * @param receiver        the destination's receiver, its threads stopped.
         * @param bytesProcessed  guest bytes the workload processed.
         * @param workloadSeconds how long the workload ran, s.
         * @param sharePercent    the CPU share the guest's throttler delivered, %.
         * @param sampler         the run's sampler, stopped.
         * @return this.
         */
        Builder measured(final double totalMs, final PageReceiver receiver, final long bytesProcessed,
            final double workloadSeconds, final double sharePercent, final SeriesSampler sampler)
        {
            totalMigrationTimeMs = totalMs;
            pagesTransferred = receiver.pagesReceived();
            duplicatePages = receiver.duplicatePages();
            workloadThroughputMBps = workloadSeconds > 0 ? bytesProcessed / workloadSeconds / 1e6 : 0;
            linkThroughputMBps = totalMs > 0 ? receiver.linkBytesReceived() / (totalMs / 1e3) / 1e6 : 0;
            achievedCpuSharePercent = sharePercent;
            faultLatencyNs = sampler.total();
            faultLatencyIntervals = sampler.intervals();
            return this;
        }

        /** @return the result, holding what was set and the absent value of everything else. */
        public MigrationResult build()
        {
            return new MigrationResult(
                config,
                failure,
                downtimeMs,
                totalMigrationTimeMs,
                switchoverMs,
                pagesTransferred,
                bytesOnWire,
                pageRequests,
                faults,
                duplicatePages,
                workloadThroughputMBps,
                linkThroughputMBps,
                achievedCpuSharePercent,
                faultLatencyNs,
                faultLatencyIntervals,
                precopyRounds,
                stopCopyPages,
                switchRound,
                pagesChecked,
                mismatches,
                series,
                rounds,
                startEpochMs,
                demandPaging,
                hybrid);
        }
    }
}
