package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a post-copy run's pages came (demand, prefetched, pushed) and the paper's definitions of time,
 * pages and throughput, checked against the run's other metrics: counts, not speeds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemandPagingStatsTest
{
    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldCountOneDemandPageAndItsPrefetchPerRequestOfASequentialPassWithThePushOff(final LinkKind link)
    {
        // 512 pages in windows of 8: each of the 64 requests brings its faulting page and 7 more.
        final MigrationResult result = MigrationRunner.run(MigrationConfig.builder()
            .algorithm(Algorithm.POSTCOPY_PREFETCH).prefetchPages(8).link(link).push(PushMode.OFF)
            .pattern(Pattern.SEQUENTIAL).memoryMiB(8).workloadMiB(2).build());
        final DemandPagingStats stats = result.demandPaging();

        assertNull(result.failure(), result.failure());
        assertEquals(64, result.pageRequests());
        assertEquals(64, stats.demandPages());
        assertEquals(448, stats.prefetchedPages());
        assertEquals(0, stats.pushedPages());
        assertEquals(512, stats.pagesByRequests());
        assertEquals(0, stats.requestsInFlight(), "with the push off a request is sent only for a page no reply brings");
        assertConsistent(result);
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldKeepThePaperMetricsConsistentForAWindowPassWithThePushOff(final LinkKind link)
    {
        final int prefetch = 16;
        final MigrationResult result = MigrationRunner.run(MigrationConfig.builder()
            .algorithm(Algorithm.VCSP_PREFETCH).prefetchPages(prefetch).link(link).push(PushMode.OFF)
            .pattern(Pattern.WINDOW).memoryMiB(16).workloadMiB(4).bandwidthMbit(400).runTimeoutMs(60_000).build());
        final DemandPagingStats stats = result.demandPaging();

        assertNull(result.failure(), result.failure());
        assertEquals(0, stats.pushedPages());
        assertEquals(result.pageRequests() - stats.requestsInFlight(), stats.demandPages());
        assertEquals(result.pagesTransferred(), stats.pagesByRequests(), "with the push off only requests move pages");
        assertTrue(stats.prefetchedPages() <= result.pageRequests() * (prefetch - 1), "at most N - 1 per request");
        assertTrue(stats.prefetchedPages() > 0);
        assertConsistent(result);
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldCountPushedPagesBesideTheRequestsWithThePushOn(final LinkKind link)
    {
        final MigrationResult result = MigrationRunner.run(MigrationConfig.builder()
            .algorithm(Algorithm.POSTCOPY_PREFETCH).prefetchPages(8).link(link).push(PushMode.ON)
            .pattern(Pattern.RANDOM).memoryMiB(8).workloadMiB(4).bandwidthMbit(400).runTimeoutMs(60_000).build());
        final DemandPagingStats stats = result.demandPaging();

        assertNull(result.failure(), result.failure());
        assertTrue(stats.pushedPages() > 0, "the push brought the pages nobody asked for");
        assertEquals(result.config().memoryPages(), result.pagesTransferred());
        assertTrue(stats.demandPages() <= result.pageRequests());
        assertEquals(result.pageRequests() - stats.demandPages(), stats.requestsInFlight());
        assertConsistent(result);
    }

    @Test
    void shouldReportThePaperMetricsAfterTheOlderOnesAndNoneForPrecopy()
    {
        final MigrationResult postcopy = MigrationRunner.run(MigrationConfig.builder().algorithm(Algorithm.POSTCOPY)
            .push(PushMode.OFF).pattern(Pattern.SEQUENTIAL).memoryMiB(4).workloadMiB(1).build());
        final List<String> keys = List.copyOf(postcopy.scalarMetrics().keySet());
        assertEquals(List.of("demandPages", "prefetchedPages", "pushedPages", "pagesByRequests", "requestsInFlight",
            "linkBytes", "stallMs", "lastPageMs", "linkThroughputSampledMBps"),
            keys.subList(keys.indexOf("achievedCpuSharePercent") + 1, keys.size()));
        assertEquals(256L, postcopy.scalarMetrics().get("pagesByRequests"));

        final MigrationResult precopy = MigrationRunner.run(MigrationConfig.builder().algorithm(Algorithm.PRECOPY)
            .memoryMiB(4).workloadMiB(1).build());
        assertNull(precopy.failure(), precopy.failure());
        assertNull(precopy.demandPaging());
        final Map<String, Object> metrics = precopy.scalarMetrics();
        assertTrue(!metrics.containsKey("demandPages") && !metrics.containsKey("lastPageMs"), metrics.toString());
    }

    /** What holds for every post-copy run that succeeded. */
    static void assertConsistent(final MigrationResult result)
    {
        final DemandPagingStats stats = result.demandPaging();
        assertNotNull(stats, "a post-copy run has demand-paging stats");
        assertEquals(result.pagesTransferred(), stats.demandPages() + stats.prefetchedPages() + stats.pushedPages(),
            "every page payload came by a reply's head, its prefetch or the push");
        assertEquals(stats.demandPages() + stats.prefetchedPages(), stats.pagesByRequests());
        assertEquals(result.pageRequests() - stats.demandPages(), stats.requestsInFlight());
        assertTrue(stats.requestsInFlight() >= 0, "no more demand pages than requests");
        assertEquals(result.downtimeMs() - result.switchoverMs(), stats.stallMs(), 1e-6, "downtime = switchover + stalls");
        assertTrue(stats.lastPageMs() > 0, "pages came after the switchover");
        assertTrue(stats.lastPageMs() <= result.totalMigrationTimeMs() + 1.0,
            "the last page came before the run ended: " + stats.lastPageMs() + " > " + result.totalMigrationTimeMs());
        assertTrue(stats.linkBytes() >= stats.pagesByRequests() * 4096 + stats.pushedPages() * 4096,
            "the pages and their headers");
        final double sampled = stats.linkThroughputSampledMBps();
        assertTrue(Double.isFinite(sampled) && sampled > 0, "a sample of the link over the migration: " + sampled);
    }
}
