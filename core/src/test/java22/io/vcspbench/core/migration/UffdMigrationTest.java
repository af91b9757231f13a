package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.memory.FaultBackend;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.uffd.Userfaultfd;
import io.vcspbench.core.workload.Pattern;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.BeforeAll;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole migrations with the uffd fault backend: real faults, every post-copy algorithm, both links,
 * the push on and off; and a fault nobody serves, which must fail the run by its deadline and leave
 * nothing registered, running or allocated.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UffdMigrationTest
{
    @BeforeAll
    static void requireUserfaultfd()
    {
        Userfaultfd.assumeAvailable();
    }

    static Stream<Arguments> postcopyRuns()
    {
        final List<Arguments> runs = new ArrayList<>();
        for (final Algorithm a : Algorithm.values())
        {
            if (!a.precopyPhase())
            {
                for (final LinkKind link : LinkKind.values())
                {
                    runs.add(Arguments.of(a, link, PushMode.ON));
                }
                runs.add(Arguments.of(a, LinkKind.TCP, PushMode.OFF));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} over {1}, push {2}")
    @MethodSource("postcopyRuns")
    void shouldMigrateEveryPageIntactThroughRealFaults(final Algorithm algorithm, final LinkKind link, final PushMode push)
    {
        final long liveBefore = GuestMemory.liveBytes();
        final MigrationConfig config = MigrationConfig.builder()
            .algorithm(algorithm)
            .link(link)
            .push(push)
            .pattern(Pattern.RANDOM)
            .memoryMiB(8)
            .workloadMiB(4)
            .faultBackend(FaultBackend.UFFD)
            .build();

        final MigrationResult result = MigrationRunner.run(config);

        assertNull(result.failure(), result.failure());
        assertEquals(0, result.mismatches());
        assertTrue(result.pagesChecked() > 0);
        assertTrue(result.faults() > 0, "a random pass over pages not yet present must fault");
        assertEquals(liveBefore, GuestMemory.liveBytes(), "guest memory left allocated");
        assertEquals("uffd", config.toMap().get("faultBackend"));
    }

    @Test
    void shouldFailAFaultNobodyServesByItsDeadlineAndReleaseEverything() throws Exception
    {
        final long liveBefore = GuestMemory.liveBytes();
        final MigrationConfig config = MigrationConfig.builder()
            .algorithm(Algorithm.POSTCOPY)
            .link(LinkKind.IPC)
            .push(PushMode.OFF)
            .memoryMiB(1)
            .workloadMiB(1)
            .faultTimeoutMs(300)
            .faultBackend(FaultBackend.UFFD)
            .build();
        final MigrationControl control = new MigrationControl();
        try (LinkPair link = Links.openInProcess(config.linkConfig());
            GuestMemory cpuState = GuestMemory.allocate(1))
        {
            final DestinationSide d = new DestinationSide(config, link.destination(), control, SystemNanoClock.INSTANCE);
            final long startNs = System.nanoTime();
            try
            {
                d.workers().forEach(Thread::start);
                // The CPU state lets the vCPU run; then the source says nothing: its first fault is never served.
                send(link.source(), Frame.TYPE_CPU_STATE, Frame.FLAG_POSTCOPY_FOLLOWS, cpuState.pageAddress(0));
                for (final Thread t : d.workers())
                {
                    t.join(20_000);
                    assertFalse(t.isAlive(), t.getName() + " still running: a fault stayed stuck in the kernel");
                }
            }
            finally
            {
                d.close();
            }
            final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
            assertNotNull(control.failure());
            assertTrue(control.failure().contains("not served within 300 ms"), control.failure());
            assertTrue(tookMs < 10_000, "the run ended " + tookMs + " ms after the fault");
            assertTrue(d.mmu().faults() >= 1);
            assertEquals(1, d.mmu().requests());
        }
        assertEquals(liveBefore, GuestMemory.liveBytes(), "guest memory left allocated");
    }

    private static void send(final LinkEnd end, final int type, final int flags, final long address)
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!end.demand().trySend(type, flags, 0, 1, address, Frame.CPU_STATE_LENGTH))
        {
            assertTrue(System.nanoTime() < deadline, "could not send");
            Thread.onSpinWait();
        }
        while (!end.demand().isFlushed())
        {
            end.demand().flush();
        }
    }
}
