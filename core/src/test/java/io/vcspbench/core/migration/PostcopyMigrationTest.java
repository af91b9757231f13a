package io.vcspbench.core.migration;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostcopyMigrationTest
{
    private static final Algorithm[] POSTCOPY_FAMILY =
        { Algorithm.POSTCOPY, Algorithm.POSTCOPY_PREFETCH, Algorithm.VCSP, Algorithm.VCSP_PREFETCH };
    private static final Pattern[] PATTERNS = { Pattern.SEQUENTIAL, Pattern.RANDOM, Pattern.HOTCOLD, Pattern.WINDOW };

    static Stream<Arguments> everyAlgorithmLinkAndPattern()
    {
        final List<Arguments> args = new ArrayList<>();
        for (final Algorithm a : POSTCOPY_FAMILY)
        {
            for (final LinkKind l : LinkKind.values())
            {
                for (final Pattern p : PATTERNS)
                {
                    args.add(Arguments.of(a, l, p));
                }
            }
        }
        return args.stream();
    }

    private static MigrationConfig.Builder small()
    {
        // 8 MiB over a 400 Mbit/s link: ~170 ms of push, long enough for the vCPU to fault.
        return MigrationConfig.builder().memoryMiB(8).workloadMiB(4).bandwidthMbit(400).runTimeoutMs(60_000);
    }

    @ParameterizedTest(name = "{0} over {1} with {2}")
    @MethodSource("everyAlgorithmLinkAndPattern")
    void shouldMigrateEveryPageIntactForEveryAlgorithmLinkAndPattern(
        final Algorithm algorithm, final LinkKind link, final Pattern pattern)
    {
        final MigrationConfig config = small().algorithm(algorithm).link(link).pattern(pattern).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(config.memoryPages(), result.pagesChecked());
        assertEquals(0, result.mismatches());
        assertTrue(result.faults() > 0, "the vCPU should have faulted at least once");
        assertTrue(result.pageRequests() <= result.faults());
        assertEquals(result.faults(), result.faultLatencyNs().getTotalCount());
        assertTrue(result.totalMigrationTimeMs() > 0);
        assertTrue(result.downtimeMs() >= result.switchoverMs());
    }

    @ParameterizedTest(name = "over {0}")
    @MethodSource("links")
    void shouldSendNoPageTwiceWhenPrefetchOverlapsThePush(final LinkKind link)
    {
        final MigrationConfig config = small().algorithm(Algorithm.POSTCOPY_PREFETCH).prefetchPages(64)
            .pattern(Pattern.RANDOM).link(link).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.duplicatePages());
        assertEquals(config.memoryPages(), result.pagesTransferred());
    }

    static Stream<Arguments> everyWaitStrategyAndLink()
    {
        final List<Arguments> args = new ArrayList<>();
        for (final WaitStrategy w : WaitStrategy.values())
        {
            for (final LinkKind l : LinkKind.values())
            {
                args.add(Arguments.of(w, l));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("everyWaitStrategyAndLink")
    void shouldMigrateEveryPageIntactWithEveryWaitStrategy(final WaitStrategy wait, final LinkKind link)
    {
        final MigrationConfig config = small().algorithm(Algorithm.VCSP_PREFETCH).pattern(Pattern.RANDOM)
            .link(link).waitStrategy(wait).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(config.memoryPages(), result.pagesChecked());
        assertEquals(0, result.duplicatePages());
        assertTrue(result.faults() > 0);
    }

    @Test
    void shouldPushWholeFramesWithinLoopbacksMtuUnpacedAndFramesOf100MicrosecondsPaced()
    {
        assertEquals(15, MigrationConfig.builder().bandwidthMbit(0).build().pushBatchPages(),
            "15 pages and the header fit 64 KiB");
        assertEquals(3, MigrationConfig.builder().bandwidthMbit(1000).build().pushBatchPages(),
            "3 pages leave a 1 Gbit/s link in 98 µs");
        assertEquals(1, MigrationConfig.builder().bandwidthMbit(10).build().pushBatchPages());
        assertEquals(15, MigrationConfig.builder().bandwidthMbit(400_000).build().pushBatchPages());
        assertEquals(8, MigrationConfig.builder().bandwidthMbit(1000).pushBatchPages(8).build().pushBatchPages(),
            "a given value is kept");
        final MigrationConfig paced = MigrationConfig.builder().bandwidthMbit(1000).build();
        assertEquals(15, paced.toBuilder().bandwidthMbit(0).build().pushBatchPages(),
            "a default follows the bandwidth it is rebuilt with");
    }

    static Stream<LinkKind> links()
    {
        return Stream.of(LinkKind.values());
    }

    @Test
    void shouldRunThrottledAlgorithmsNearTheirShare()
    {
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.VCSP).throttlePercent(50)
            .memoryMiB(32).workloadMiB(16).bandwidthMbit(200).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(50, result.config().throttlePercent());
        // ~1.3 s of migration: a share within a few points, not a timing assertion.
        assertEquals(50.0, result.achievedCpuSharePercent(), 5.0);
    }

    @Test
    void shouldForceUnthrottledAndUnprefetchedValuesForPlainPostcopy()
    {
        final MigrationConfig config = small().algorithm(Algorithm.POSTCOPY).throttlePercent(25).prefetchPages(32).build();
        assertEquals(100, config.throttlePercent());
        assertEquals(1, config.prefetchPages());
    }

    @Test
    void shouldFailTheRunWhenItExceedsItsDeadline()
    {
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.POSTCOPY).memoryMiB(64)
            .workloadMiB(8).bandwidthMbit(8).runTimeoutMs(500).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertTrue(result.failure() != null && result.failure().contains("run timeout"), String.valueOf(result.failure()));
        assertTrue(result.mismatches() > 0);
    }
}
