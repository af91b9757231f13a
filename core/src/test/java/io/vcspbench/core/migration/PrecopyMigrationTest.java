package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.metrics.RoundStats;
import io.vcspbench.core.workload.Pattern;
import io.vcspbench.core.workload.WriterOrder;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrecopyMigrationTest
{
    private static final Algorithm[] PRECOPY_FAMILY =
        { Algorithm.PRECOPY, Algorithm.PRECOPY_THROTTLED, Algorithm.AUTO_CONVERGE };

    /** 4 MiB of memory, a 2 MiB working set, a 200 Mbit/s link: round 1 takes about 170 ms. */
    private static MigrationConfig.Builder small()
    {
        return MigrationConfig.builder().memoryMiB(4).workloadMiB(2).bandwidthMbit(200).pattern(Pattern.WRITER)
            .runTimeoutMs(60_000);
    }

    static Stream<Arguments> everyAlgorithmLinkAndOrder()
    {
        final List<Arguments> args = new ArrayList<>();
        for (final Algorithm a : PRECOPY_FAMILY)
        {
            for (final LinkKind l : LinkKind.values())
            {
                for (final WriterOrder o : WriterOrder.values())
                {
                    args.add(Arguments.of(a, l, o));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} over {1}, {2} writer")
    @MethodSource("everyAlgorithmLinkAndOrder")
    void shouldLeaveTheDestinationEqualToTheSourceByteForByte(
        final Algorithm algorithm, final LinkKind link, final WriterOrder order)
    {
        // The writer dirties at half the link rate, so several rounds run while it writes.
        final MigrationConfig config = small().algorithm(algorithm).link(link).writerOrder(order).dirtyRateMbit(100)
            .build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(config.memoryPages(), result.pagesChecked());
        assertEquals(0, result.mismatches());
        assertTrue(result.precopyRounds() >= 2, "a writing guest needs more than one round, got " + result.precopyRounds());
        assertEquals(result.precopyRounds(), result.rounds().size());
        assertEquals(config.memoryPages(), result.rounds().get(0).pagesSent(), "round 1 sends every page");
        long sent = result.stopCopyPages();
        for (final RoundStats r : result.rounds())
        {
            sent += r.pagesSent();
        }
        assertEquals(sent, result.pagesTransferred(), "rounds plus stop-and-copy account for every page sent");
        assertEquals(result.pagesTransferred() - config.memoryPages(), result.duplicatePages());
        assertTrue(result.downtimeMs() > 0);
        assertTrue(result.totalMigrationTimeMs() >= result.downtimeMs());
        assertEquals(0, result.faults());
    }

    @Test
    void shouldFinishInOneRoundAndAnEmptyStopAndCopyWhenNothingIsDirtied()
    {
        final MigrationConfig config = small().algorithm(Algorithm.PRECOPY).dirtyRateMbit(0).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(1, result.precopyRounds());
        assertEquals(0, result.stopCopyPages());
        assertEquals(config.memoryPages(), result.pagesTransferred());
        assertEquals(0, result.duplicatePages());
        assertEquals(0, result.mismatches());
        assertEquals(0.0, result.rounds().get(0).dirtyRateMbit());
    }

    @Test
    void shouldHitTheBarrierWhenTheGuestDirtiesFasterThanTheLinkSends()
    {
        // 300 Mbit/s of writes against 200 Mbit/s of link: every round re-dirties the whole working set.
        final MigrationConfig config = small().algorithm(Algorithm.PRECOPY).dirtyRateMbit(300).maxRounds(5).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(5, result.precopyRounds(), "never converges, so it stops at --max-rounds");
        assertTrue(result.stopCopyPages() > config.workloadPages() / 2,
            "stop-and-copy must send most of the working set, sent " + result.stopCopyPages());
        assertEquals(0, result.mismatches());
        for (final RoundStats r : result.rounds())
        {
            assertEquals(100, r.throttlePercent());
        }
    }

    @Test
    void shouldThrottleTheWriterToConvergeWherePlainPrecopyCannot()
    {
        final MigrationConfig plain = small().algorithm(Algorithm.PRECOPY).dirtyRateMbit(300).maxRounds(10).build();
        final MigrationConfig jin = small().algorithm(Algorithm.PRECOPY_THROTTLED).dirtyRateMbit(300).maxRounds(30).build();
        final MigrationResult plainResult = MigrationRunner.run(plain);
        final MigrationResult jinResult = MigrationRunner.run(jin);

        assertNull(jinResult.failure(), jinResult.failure());
        assertEquals(0, jinResult.mismatches());
        final List<RoundStats> rounds = jinResult.rounds();
        assertEquals(100, rounds.get(0).throttlePercent(), "E starts at 100");
        int lowest = 100;
        for (final RoundStats r : rounds)
        {
            assertTrue(r.throttlePercent() >= 20 && r.throttlePercent() <= 100, "E out of [20, 100]: " + r);
            lowest = Math.min(lowest, r.throttlePercent());
        }
        assertTrue(lowest < 100, "the controller must have slowed the writer: " + rounds);
        assertTrue(jinResult.stopCopyPages() < plainResult.stopCopyPages(),
            "throttled stop-and-copy " + jinResult.stopCopyPages() + " pages, plain " + plainResult.stopCopyPages());
        // Throttling costs the guest its write rate: the round at the lowest E dirtied memory slower than plain
        // pre-copy's rounds did. (Comparing whole-run throughputs is not this: plain's longer stop-and-copy
        // lowers its average as much as throttling lowers the other's.)
        final RoundStats slowest = rounds.stream().min(java.util.Comparator.comparingInt(RoundStats::throttlePercent))
            .orElseThrow();
        final double[] plainRates = plainResult.rounds().stream().mapToDouble(RoundStats::dirtyRateMbit).sorted().toArray();
        final double plainMedian = plainRates[plainRates.length / 2];
        assertTrue(slowest.dirtyRateMbit() < plainMedian, "throttling costs the guest its write rate: " +
            slowest.dirtyRateMbit() + " Mbit/s at E=" + slowest.throttlePercent() + ", plain " + plainMedian + " Mbit/s");
    }

    @Test
    void shouldRefuseTheWriterWithPostcopyAndARateWithoutTheWriter()
    {
        final String writerWithPostcopy = MigrationRunner.unsupported(
            MigrationConfig.builder().algorithm(Algorithm.POSTCOPY).pattern(Pattern.WRITER).build());
        final String rateWithoutWriter = MigrationRunner.unsupported(
            MigrationConfig.builder().algorithm(Algorithm.PRECOPY).pattern(Pattern.RANDOM).dirtyRateMbit(10).build());
        final String hybrid = MigrationRunner.unsupported(MigrationConfig.builder().algorithm(Algorithm.PARALLEL_HYBRID).build());

        assertNotNull(writerWithPostcopy);
        assertTrue(writerWithPostcopy.contains("--pattern writer"), writerWithPostcopy);
        assertNotNull(rateWithoutWriter);
        assertTrue(rateWithoutWriter.contains("--dirty-rate-mbit"), rateWithoutWriter);
        assertNull(hybrid, "every algorithm of DESIGN runs");
        assertNull(MigrationRunner.unsupported(small().algorithm(Algorithm.AUTO_CONVERGE).dirtyRateMbit(10).build()));
    }

    @Test
    void shouldMigrateATouchingWorkloadThatDirtiesAsFastAsItRuns()
    {
        final MigrationConfig config = small().algorithm(Algorithm.PRECOPY).pattern(Pattern.RANDOM).maxRounds(3).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertTrue(result.workloadThroughputMBps() > 0);
    }
}
