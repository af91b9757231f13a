package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.workload.Pattern;
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
 * serving and push loop and the receive loop. Measured from outside on the live threads of a real
 * migration, with thread-allocated bytes sampled twice in the middle of the run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SteadyStateAllocationTest
{
    private static final String[] ENGINE_THREADS = { "vcsp-vcpu", "vcsp-source", "vcsp-receiver" };

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldAllocateNothingInTheEngineThreadsOnceWarm(final LinkKind link) throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // 64 MiB at 150 Mbit/s: ~3.6 s of migration with faults throughout (random pattern, prefetch, throttle).
        final MigrationConfig config = MigrationConfig.builder().algorithm(Algorithm.VCSP_PREFETCH).throttlePercent(50)
            .prefetchPages(10).memoryMiB(64).workloadMiB(32).pattern(Pattern.RANDOM).bandwidthMbit(150).link(link)
            .build();
        final CompletableFuture<MigrationResult> run = CompletableFuture.supplyAsync(() -> MigrationRunner.run(config));

        Thread.sleep(1200);
        final Map<String, Long> ids = engineThreadIds();
        final Map<String, Long> before = allocated(threads, ids);
        Thread.sleep(1500);
        final Map<String, Long> after = allocated(threads, ids);
        final MigrationResult result = run.get(100, TimeUnit.SECONDS);

        assertNull(result.failure(), result.failure());
        assertTrue(result.totalMigrationTimeMs() > 2700, "the run must outlast the measuring window, took " +
            result.totalMigrationTimeMs() + " ms");
        assertTrue(result.faults() > 0);
        for (final String name : ENGINE_THREADS)
        {
            assertTrue(ids.containsKey(name), "thread " + name + " not found");
            assertEquals(0L, after.get(name) - before.get(name), name + " allocated in steady state");
        }
    }

    private static Map<String, Long> engineThreadIds()
    {
        final Map<String, Long> ids = new HashMap<>();
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            for (final String name : ENGINE_THREADS)
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
