package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrationProgressTest
{
    @Test
    void shouldReportGrowingPresenceAboutEveryHundredMillisecondsWhileRunning()
    {
        // 16 MiB at 100 Mbit/s: about 1.3 s, so a dozen reports.
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.VCSP).throttlePercent(50)
            .memoryMiB(16).workloadMiB(8).pattern(Pattern.RANDOM).link(LinkKind.IPC).bandwidthMbit(100).build();
        final List<long[]> reports = new ArrayList<>();

        final MigrationResult result = MigrationRunner.run(config,
            (present, pages, faults, share) -> reports.add(new long[] {present, pages, faults}));

        assertNull(result.failure(), result.failure());
        assertTrue(reports.size() >= 5, "reports: " + reports.size());
        long previous = -1;
        for (final long[] r : reports)
        {
            assertEquals(config.memoryPages(), r[1]);
            assertTrue(r[0] >= previous && r[0] <= r[1], "present must grow within the guest: " + r[0]);
            previous = r[0];
        }
    }
}
