package io.vcspbench.core.migration;

import io.vcspbench.core.metrics.RoundStats;
import io.vcspbench.core.metrics.Series;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one migration run measured, with the names of DESIGN.md's metrics. Times are ms, rates
 * MB/s (10^6 bytes per second), latencies in the histogram are ns. A run that failed has
 * {@code failure} set and whatever metrics it got to.
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
    DemandPagingStats demandPaging)
{
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
        return m;
    }
}
