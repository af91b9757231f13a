package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.memory.FaultBackend;
import io.vcspbench.core.uffd.Userfaultfd;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The uffd backend's steady state allocates nothing either: the vCPU's native touches, the fault
 * handler's poll, read and request path, and UFFDIO_COPY in the receiver (no errno is captured on the
 * way), measured as {@link SteadyStateAllocationTest} measures the quasi-MMU's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UffdAllocationTest
{
    private static final String[] THREADS = { "vcsp-vcpu", "vcsp-uffd", "vcsp-source", "vcsp-receiver" };

    @BeforeAll
    static void requireUserfaultfd()
    {
        Userfaultfd.assumeAvailable();
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldAllocateNothingInTheEngineThreadsOnceWarm(final LinkKind link) throws Exception
    {
        // 64 MiB at 150 Mbit/s: ~3.6 s of migration with real faults throughout.
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.VCSP_PREFETCH).throttlePercent(50)
            .prefetchPages(10).memoryMiB(64).workloadMiB(32).pattern(Pattern.RANDOM).bandwidthMbit(150).link(link)
            .faultBackend(FaultBackend.UFFD).build();
        final MigrationResult result = SteadyStateAllocationTest.assertNoSteadyStateAllocation(config, THREADS, 1000, 1000);

        assertTrue(result.faults() > 0);
        assertEquals(0, result.mismatches());
    }
}
