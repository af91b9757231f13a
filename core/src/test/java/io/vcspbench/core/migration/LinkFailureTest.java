package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Li and Cao's PbData: at the switch to post-copy the source saves the pages the destination lacks to
 * shared storage; when the link dies during post-copy the destination loads them and finishes
 * intact. Without the backup the same cut fails the run, saying the guest is split across the hosts.
 * The cut is {@code --cut-link-after-ms}: the source dies (its link end closed under it) that long
 * after the switch.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinkFailureTest
{
    /**
     * 4 MiB at 50 Mbit/s: round 1 takes about 0.7 s while the writer dirties the 2 MiB working set, so
     * post-copy owes up to 512 pages, about 0.35 s of link: the cut, 20 ms after the switch (noticed
     * within about 100 ms), falls inside it.
     */
    private static MigrationConfig.Builder cutDuringPostcopy(final LinkKind link)
    {
        return MigrationConfig.builder().algorithm(Algorithm.HYBRID_K).hybridRounds(1).memoryMiB(4).workloadMiB(2)
            .bandwidthMbit(50).pattern(Pattern.WRITER).dirtyRateMbit(100).link(link).cutLinkAfterMs(20)
            .runTimeoutMs(60_000);
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldFinishIntactFromTheBackupWhenTheLinkIsCutDuringPostcopy(final LinkKind link)
    {
        final MigrationResult result = MigrationRunner.run(cutDuringPostcopy(link).backup(true).build());

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(1024, result.pagesChecked());
        final HybridStats h = result.hybrid();
        assertNotNull(h);
        assertTrue(h.backupPages() > 0, "the switch saved the pages owed: " + h);
        assertTrue(h.backupLoadedPages() > 0, "the cut came before post-copy had moved them all: " + h);
        assertTrue(h.backupLoadedPages() <= h.backupPages(), h.toString());
        assertTrue(h.storageBytes() >= h.backupPages() * 4096, h.toString());
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldFailSayingTheGuestIsSplitAcrossHostsWhenTheLinkIsCutWithoutABackup(final LinkKind link)
    {
        final MigrationResult result = MigrationRunner.run(cutDuringPostcopy(link).backup(false).build());

        assertNotNull(result.failure());
        assertTrue(result.failure().contains("link lost during post-copy"), result.failure());
        assertTrue(result.failure().contains("split across the hosts"), result.failure());
        assertTrue(result.failure().contains("--backup"), result.failure());
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldFinishIntactFromAFullBackupWhenPostcopyLosesItsLink(final LinkKind link)
    {
        // Post-copy with nothing sent before the switch: the backup is the whole memory.
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.POSTCOPY).memoryMiB(4)
            .workloadMiB(2).bandwidthMbit(50).pattern(Pattern.RANDOM).link(link).backup(true).cutLinkAfterMs(20)
            .runTimeoutMs(60_000).build();
        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertEquals(1024, result.hybrid().backupPages());
        assertTrue(result.hybrid().backupLoadedPages() > 0, result.hybrid().toString());
    }
}
