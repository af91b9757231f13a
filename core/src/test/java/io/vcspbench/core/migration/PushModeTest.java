package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PushModeTest
{
    private static final Algorithm[] POSTCOPY_FAMILY =
        { Algorithm.POSTCOPY, Algorithm.POSTCOPY_PREFETCH, Algorithm.VCSP, Algorithm.VCSP_PREFETCH };

    static Stream<Arguments> everyAlgorithmLinkAndPush()
    {
        final List<Arguments> args = new ArrayList<>();
        for (final Algorithm a : POSTCOPY_FAMILY)
        {
            for (final LinkKind l : LinkKind.values())
            {
                for (final PushMode p : List.of(PushMode.ON, PushMode.OFF, PushMode.rate(200)))
                {
                    args.add(Arguments.of(a, l, p));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} over {1}, push {2}")
    @MethodSource("everyAlgorithmLinkAndPush")
    void shouldLeaveEveryMovedPageIntactWithEveryPushMode(final Algorithm algorithm, final LinkKind link, final PushMode push)
    {
        final MigrationConfig config = MigrationConfig.builder().algorithm(algorithm).link(link).push(push)
            .pattern(Pattern.RANDOM).memoryMiB(8).workloadMiB(2).bandwidthMbit(400).runTimeoutMs(60_000).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(0, result.duplicatePages());
        assertTrue(result.faults() > 0);
        DemandPagingStatsTest.assertConsistent(result);
        if (push.enabled())
        {
            assertEquals(config.memoryPages(), result.pagesChecked(), "a push moves every page");
            assertTrue(result.demandPaging().pushedPages() > 0, "and brings the pages nobody asked for");
        }
        else
        {
            assertTrue(result.pagesTransferred() < config.memoryPages(), "demand paging moves only what is asked for");
            assertEquals(result.pagesTransferred(), result.pagesChecked(), "every page moved is checked");
            assertEquals(0, result.demandPaging().pushedPages());
        }
    }

    /**
     * Push-off passes over a 2 MiB working set (512 pages) in 8 MiB whose faults are known exactly: a
     * sequential pass faults once per page; the window pattern's pass is one growth cycle (windows of 32,
     * 64, ..., 512 pages, each swept once), so every page faults once, on the first sweep to reach it, or,
     * with N = 64, every 64th page faults and brings its 64.
     */
    static Stream<Arguments> pushOffPassesWithKnownFaults()
    {
        final List<Arguments> args = new ArrayList<>();
        for (final LinkKind l : LinkKind.values())
        {
            args.add(Arguments.of(Pattern.SEQUENTIAL, Algorithm.POSTCOPY, 1, 512, l));
            args.add(Arguments.of(Pattern.WINDOW, Algorithm.POSTCOPY, 1, 512, l));
            args.add(Arguments.of(Pattern.WINDOW, Algorithm.VCSP_PREFETCH, 64, 8, l));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} pass, {1} N={2} over {4}")
    @MethodSource("pushOffPassesWithKnownFaults")
    void shouldMoveExactlyTheTouchedPagesWithThePushOff(
        final Pattern pattern, final Algorithm algorithm, final int prefetch, final int faults, final LinkKind link)
    {
        final MigrationConfig config = MigrationConfig.builder().algorithm(algorithm).prefetchPages(prefetch)
            .link(link).push(PushMode.OFF).pattern(pattern).memoryMiB(8).workloadMiB(2).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(faults, result.faults());
        assertEquals(faults, result.pageRequests());
        assertEquals(512, result.pagesTransferred());
        assertEquals(512, result.pagesChecked());
        assertEquals(0, result.mismatches());
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldMoveWholePrefetchWindowsWithThePushOff(final LinkKind link)
    {
        // 512 pages in windows of 8: a fault every 8th page, each bringing its window.
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.POSTCOPY_PREFETCH).prefetchPages(8)
            .link(link).push(PushMode.OFF).pattern(Pattern.SEQUENTIAL).memoryMiB(8).workloadMiB(2).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(64, result.pageRequests());
        assertEquals(512, result.pagesTransferred());
        assertTrue(result.faults() >= 64 && result.faults() <= 512, "a fault per window, and at most one per page");
        assertEquals(0, result.mismatches());
    }

    @Test
    void shouldKeepAPushRateBelowTheLinkWithinItsBudget()
    {
        // 16 MiB pushed at 100 Mbit/s takes about 1.3 s; a 1 MiB random working set asks for little of it.
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.POSTCOPY).link(LinkKind.IPC)
            .push(PushMode.rate(100)).pattern(Pattern.RANDOM).memoryMiB(16).workloadMiB(1).bandwidthMbit(1000)
            .runTimeoutMs(60_000).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        // Every page moves; at most the 256 pages of the working set move by demand, the rest by the push.
        final double pushedMbit = (config.memoryPages() - 256) * 4096.0 * 8 / 1e6;
        final double mbitPerSecond = pushedMbit / (result.totalMigrationTimeMs() / 1e3);
        assertTrue(mbitPerSecond <= 115, "the push keeps to 100 Mbit/s (1 ms of burst): " + mbitPerSecond);
        assertTrue(mbitPerSecond >= 50, "and uses it: " + mbitPerSecond);
    }

    @Test
    void shouldRefuseAPushModeThatCannotApply()
    {
        assertThrows(IllegalArgumentException.class, () -> PushMode.parse("fast"));
        assertThrows(IllegalArgumentException.class, () -> PushMode.parse("0"));
        assertEquals(PushMode.rate(200), PushMode.parse("200"));
        assertEquals("off", PushMode.parse("off").cliName());
        final IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
            () -> MigrationConfig.builder().bandwidthMbit(1000).push(PushMode.rate(1000)).build());
        assertTrue(above.getMessage().contains("below the link"), above.getMessage());
        final IllegalArgumentException precopy = assertThrows(IllegalArgumentException.class,
            () -> MigrationConfig.builder().algorithm(Algorithm.PRECOPY).push(PushMode.OFF).build());
        assertTrue(precopy.getMessage().contains("post-copy"), precopy.getMessage());
    }
}
