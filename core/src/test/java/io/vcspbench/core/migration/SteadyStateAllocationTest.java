package io.vcspbench.core.migration;

import io.vcspbench.core.jfr.VcspEvents;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.workload.Pattern;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's steady state allocates nothing: the vCPU loop with its fault path, the source's
 * serving and push loop and the receive loop; in pre-copy the writing vCPU with its dirty log, the
 * sender across a round end and the receiver. Measured from outside on the live threads of a real
 * migration, with thread-allocated bytes sampled twice in the middle of the run; and so while a JFR
 * recording takes every vcsp event (each emitting site reuses one event instance).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SteadyStateAllocationTest
{
    private static final String[] POSTCOPY_THREADS = { "vcsp-vcpu", "vcsp-source", "vcsp-receiver" };
    /** The guest runs at the source during the rounds; the destination vCPU waits for the CPU state. */
    private static final String[] PRECOPY_THREADS = { "vcsp-source-vcpu", "vcsp-source", "vcsp-receiver", "vcsp-vcpu" };

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldAllocateNothingInTheEngineThreadsOnceWarm(final LinkKind link) throws Exception
    {
        // 64 MiB at 150 Mbit/s: ~3.6 s of migration with faults throughout (random pattern, prefetch, throttle).
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.VCSP_PREFETCH).throttlePercent(50)
            .prefetchPages(10).memoryMiB(64).workloadMiB(32).pattern(Pattern.RANDOM).bandwidthMbit(150).link(link)
            .build();
        final MigrationResult result = assertNoSteadyStateAllocation(config, POSTCOPY_THREADS, 1000, 1000);

        assertTrue(result.faults() > 0);
    }

    @Test
    void shouldAllocateNothingInTheEngineThreadsWhileAFlightRecordingTakesEveryEvent() throws Exception
    {
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.VCSP_PREFETCH).throttlePercent(50)
            .prefetchPages(10).memoryMiB(64).workloadMiB(32).pattern(Pattern.RANDOM).bandwidthMbit(150)
            .link(LinkKind.IPC).build();
        try (Recording recording = VcspEvents.enableAll(new Recording()))
        {
            recording.setToDisk(false); // in memory: the test writes nothing
            recording.start();
            final MigrationResult result = assertNoSteadyStateAllocation(config, POSTCOPY_THREADS, 1000, 1000);

            assertTrue(result.faults() > 0);
        }
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldAllocateNothingInThePrecopyThreadsAcrossRoundsOnceWarm(final LinkKind link) throws Exception
    {
        // 24 MiB at 150 Mbit/s: rounds of ~1.34 s while the writer dirties the whole memory (auto-converge
        // throttling it). The windows (1.6 to 2.9 s, 2.9 to 4.2 s) start inside round 2, once every path
        // has run once, and each spans a round end: harvest, policy, the next round's first frames.
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.AUTO_CONVERGE).memoryMiB(24)
            .workloadMiB(24).pattern(Pattern.WRITER).dirtyRateMbit(200).maxRounds(4).bandwidthMbit(150).link(link)
            .build();
        final MigrationResult result = assertNoSteadyStateAllocation(config, PRECOPY_THREADS, 1600, 1300);

        assertEquals(4, result.precopyRounds());
    }

    /**
     * Samples each engine thread's allocated bytes over two consecutive windows and asks that each
     * thread allocated nothing in at least one of them, after a warm-up run of the same migration.
     * Allocation per page or per frame shows in both windows; what one window may see once on a
     * loaded machine is a deoptimisation when a branch's profile changes, which can rematerialise
     * objects the JIT had scalar-replaced.
     */
    static MigrationResult assertNoSteadyStateAllocation(final MigrationConfig config, final String[] names,
        final long startMs,
        final long windowMs) throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // A first run links every call site and takes every branch once (a VarHandle call site allocates
        // when first linked), so the measured run shows the steady state whatever ran in this JVM before.
        final MigrationResult warmUp = MigrationRunner.run(config);
        assertNull(warmUp.failure(), warmUp.failure());
        final CompletableFuture<MigrationResult> run = CompletableFuture.supplyAsync(() -> MigrationRunner.run(config));

        // Measured from when the engine's threads exist, not from the call: on a loaded machine the
        // set-up (guest memory, link) can take a good part of a second before they start.
        final Map<String, Long> ids = awaitEngineThreads(names, TimeUnit.SECONDS.toNanos(30));
        Thread.sleep(startMs);
        final Map<String, Long> first = allocated(threads, ids);
        Thread.sleep(windowMs);
        final Map<String, Long> second = allocated(threads, ids);
        Thread.sleep(windowMs);
        final Map<String, Long> third = allocated(threads, ids);
        final MigrationResult result = run.get(100, TimeUnit.SECONDS);

        assertNull(result.failure(), result.failure());
        assertTrue(result.totalMigrationTimeMs() > startMs + 2 * windowMs, "the run must outlast the measuring " +
            "windows, took " + result.totalMigrationTimeMs() + " ms");
        for (final String name : names)
        {
            assertTrue(ids.containsKey(name), "thread " + name + " not found");
            final long a = second.get(name) - first.get(name);
            final long b = third.get(name) - second.get(name);
            assertEquals(0L, Math.min(a, b), name + " allocated in steady state: " + a + " then " + b + " bytes");
        }
        return result;
    }

    private static Map<String, Long> awaitEngineThreads(final String[] names, final long timeoutNs)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutNs;
        Map<String, Long> ids = engineThreadIds(names);
        while (ids.size() < names.length && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(5);
            ids = engineThreadIds(names);
        }
        return ids;
    }

    private static Map<String, Long> engineThreadIds(final String[] names)
    {
        final Map<String, Long> ids = new HashMap<>();
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            for (final String name : names)
            {
                if (name.equals(t.getName()))
                {
                    ids.put(name, t.getId());
                }
            }
        }
        return ids;
    }

    private static Map<String, Long> allocated(final com.sun.management.ThreadMXBean threads, final Map<String, Long> ids)
    {
        final Map<String, Long> bytes = new HashMap<>();
        for (final Map.Entry<String, Long> e : ids.entrySet())
        {
            bytes.put(e.getKey(), threads.getThreadAllocatedBytes(e.getValue()));
        }
        return bytes;
    }
}
