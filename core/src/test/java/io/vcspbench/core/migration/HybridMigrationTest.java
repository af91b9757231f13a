package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkKind;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hybrids on the one engine: pre-copy rounds at the source while the guest writes there, the
 * switchover (DISCARD of the stale copies, then the CPU state), and post-copy for what is still
 * dirty; every page checked against the source's final memory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HybridMigrationTest
{
    /** 4 MiB of memory, a 2 MiB working set, a 200 Mbit/s link: round 1 takes about 170 ms. */
    private static MigrationConfig.Builder small()
    {
        return MigrationConfig.builder().memoryMiB(4).workloadMiB(2).bandwidthMbit(200).pattern(Pattern.WRITER)
            .dirtyRateMbit(100).runTimeoutMs(60_000);
    }

    static Stream<Arguments> roundsAndLinks()
    {
        final List<Arguments> args = new ArrayList<>();
        for (final int k : new int[] { 1, 2, 3 })
        {
            for (final LinkKind l : LinkKind.values())
            {
                args.add(Arguments.of(k, l));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}-hybrid over {1}")
    @MethodSource("roundsAndLinks")
    void shouldRunKRoundsThenPostcopyTheDirtyPagesWithEveryPageIntact(final int k, final LinkKind link)
    {
        final MigrationConfig config = small().algorithm(Algorithm.HYBRID_K).hybridRounds(k).link(link).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(config.memoryPages(), result.pagesChecked());
        assertEquals(k, result.precopyRounds());
        assertEquals(k, result.switchRound());
        assertEquals(k, result.rounds().size());
        assertEquals(MigrationResult.ABSENT, result.stopCopyPages(), "no stop-and-copy: post-copy moves the rest");
        final DemandPagingStats postcopy = result.demandPaging();
        assertNotNull(postcopy, "the post-copy phase's figures");
        // The writer dirtied pages during the last round; post-copy moved them by faults and push.
        final long postcopyPages = postcopy.demandPages() + postcopy.prefetchedPages() + postcopy.pushedPages();
        assertTrue(postcopyPages > 0, "post-copy moved nothing");
        long roundPages = 0;
        for (final var r : result.rounds())
        {
            roundPages += r.pagesSent();
        }
        assertEquals(roundPages + postcopyPages, result.pagesTransferred(),
            "every page payload the destination took came in a round or in post-copy");
        assertEquals(config.memoryPages(), result.rounds().get(0).pagesSent(), "round 1 sends every page");
        assertTrue(result.downtimeMs() >= result.switchoverMs(), "downtime = switchover pause + fault stalls");
        assertTrue(result.totalMigrationTimeMs() > result.rounds().get(0).durationMs());
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldSwitchWithNothingOwedWhenTheGuestWritesNothing(final LinkKind link)
    {
        final MigrationConfig config = small().algorithm(Algorithm.HYBRID_K).hybridRounds(1).dirtyRateMbit(0)
            .link(link).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(config.memoryPages(), result.pagesTransferred(), "round 1 was all: nothing was dirty");
        assertEquals(0, result.demandPaging().demandPages() + result.demandPaging().pushedPages());
        assertEquals(0, result.faults());
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldStopAndCopyLikePrecopyWhenTheAdaptiveHybridConverges(final LinkKind link)
    {
        // At a quarter of the link's rate pre-copy converges: what is left soon fits 300 ms.
        final MigrationConfig config = small().algorithm(Algorithm.ADAPTIVE_HYBRID).dirtyRateMbit(50).link(link)
            .build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(MigrationResult.ABSENT, result.switchRound(), "converged: no switch to post-copy");
        assertTrue(result.stopCopyPages() >= 0);
        assertNull(result.demandPaging(), "no post-copy phase ran");
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldMergeTheSnapshotFromStorageWithTheNewerPagesOfTheLink(final LinkKind link)
    {
        // Parallel-hybrid: all of memory goes to shared storage while round 1 sends what the writer dirties.
        final MigrationConfig config = small().algorithm(Algorithm.PARALLEL_HYBRID).link(link).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(config.memoryPages(), result.pagesChecked());
        final HybridStats h = result.hybrid();
        assertNotNull(h);
        // The snapshot of all memory went through storage.
        assertTrue(h.storageBytes() >= config.memoryPages() * 4096, h.toString());
        assertTrue(result.precopyRounds() >= 1);
        assertTrue(result.rounds().get(0).pagesSent() < config.memoryPages(),
            "round 1 over the link sends only what was dirtied, the snapshot carries the rest: " + result.rounds());
    }

    static Stream<Arguments> hybridsAndLinks()
    {
        final List<Arguments> args = new ArrayList<>();
        for (final Algorithm a : new Algorithm[] { Algorithm.HYBRID_K, Algorithm.ADAPTIVE_HYBRID, Algorithm.PARALLEL_HYBRID })
        {
            for (final LinkKind l : LinkKind.values())
            {
                args.add(Arguments.of(a, l));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("hybridsAndLinks")
    void shouldLeaveEveryPageIntactWhileTheDirtyRateChanges(final Algorithm algorithm, final LinkKind link)
    {
        // Bursts of writes at twice the link's rate between quiet spells, through round 1 and beyond.
        final MigrationConfig config = small().algorithm(algorithm).link(link).dirtyRateMbit(0).hybridRounds(2)
            .dirtySchedule(io.vcspbench.core.workload.DirtySchedule.parse("10@0s,400@100ms,10@200ms,400@300ms,10@400ms"))
            .build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(config.memoryPages(), result.pagesChecked());
        assertNotNull(result.hybrid());
    }

    @Test
    void shouldSwitchToPostcopyWhenTheDirtySetGrowsRoundOverRound()
    {
        // 16 MiB at 100 Mbit/s: round 1 takes ~1.34 s while the writer dirties at a fifth of the link's
        // rate, leaving ~0.2 of memory dirty; from 1.3 s it writes at twice the link's rate, so each next
        // round leaves about twice what it sent (lambda ~ 2, until the whole memory is dirty): As-hybrid
        // switches after round 3. A step that comes a little early or late only moves lambda(1) and lambda(3).
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.ADAPTIVE_HYBRID).memoryMiB(16)
            .workloadMiB(16).bandwidthMbit(100).pattern(Pattern.WRITER).maxDowntimeMs(1)
            .dirtySchedule(io.vcspbench.core.workload.DirtySchedule.parse("20@0s,200@1300ms"))
            .runTimeoutMs(60_000).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertTrue(result.switchRound() >= 3, "switched after round " + result.switchRound() + ", rounds " +
            result.rounds());
        assertNotNull(result.demandPaging());
    }

    @Test
    void shouldStopAndCopyAfterTheLastAllowedRoundWhenTheDirtySetNeitherShrinksNorGrows()
    {
        // The writer re-dirties the whole working set every round (lambda = 1): not converging, but not
        // diverging either (no lambda above 1), and 1 ms of downtime is never enough.
        final MigrationConfig config = small().algorithm(Algorithm.ADAPTIVE_HYBRID).dirtyRateMbit(400).maxRounds(4)
            .maxDowntimeMs(1).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(4, result.precopyRounds());
        assertEquals(MigrationResult.ABSENT, result.switchRound());
    }
}
