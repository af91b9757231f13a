package io.vcspbench.core.migration;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationResultTest
{
    private static final List<String> EVERY_RUN = List.of("downtimeMs", "totalMigrationTimeMs", "switchoverMs",
        "pagesTransferred", "bytesOnWire", "pageRequests", "faults", "duplicatePages", "workloadThroughputMBps",
        "linkThroughputMBps", "achievedCpuSharePercent");

    @Test
    void shouldLeaveEveryPhaseThatDidNotRunAbsent()
    {
        final MigrationConfig config = MigrationConfig.builder().build();
        final MigrationResult result = MigrationResult.builder(config).build();

        assertEquals(config, result.config());
        assertNull(result.failure());
        assertEquals(MigrationResult.ABSENT, result.precopyRounds());
        assertEquals(MigrationResult.ABSENT, result.stopCopyPages());
        assertEquals(MigrationResult.ABSENT, result.switchRound());
        assertNull(result.demandPaging());
        assertNull(result.faultLatencyNs());
        assertNull(result.series());
        assertTrue(result.rounds().isEmpty());
        assertTrue(result.faultLatencyIntervals().isEmpty());
        assertEquals(0, result.faults());
        assertEquals(EVERY_RUN, List.copyOf(result.scalarMetrics().keySet()));
        assertTrue(result.succeeded());
    }

    @Test
    void shouldWriteThePreCopyCountersOnlyOnceTheirPhaseSetThem()
    {
        final MigrationResult result = MigrationResult.builder(MigrationConfig.builder().build())
            .precopyRounds(3)
            .stopCopyPages(0)
            .mismatches(1)
            .build();

        assertEquals(3, result.scalarMetrics().get("precopyRounds"));
        assertEquals(0L, result.scalarMetrics().get("stopCopyPages"));
        assertFalse(result.scalarMetrics().containsKey("switchRound"));
        assertFalse(result.succeeded());
    }
}
