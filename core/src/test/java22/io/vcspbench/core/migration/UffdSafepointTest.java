package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.memory.FaultBackend;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.uffd.Userfaultfd;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The trap that decides the uffd design: a Java thread sleeping on a fault inside a Java memory access
 * holds every safepoint, and if the thread that must serve the fault is a Java thread of the same JVM,
 * the JVM deadlocks. Migrations run here in a child JVM while another thread forces full collections
 * (System.gc()) and thread-dump handshakes in a loop; a deadlocked child cannot even time itself out,
 * so this JVM watches it with a deadline and fails if it hangs.
 */
class UffdSafepointTest
{
    private static final long CHILD_DEADLINE_S = 120;

    @BeforeAll
    static void requireUserfaultfd()
    {
        Userfaultfd.assumeAvailable();
    }

    @Test
    void shouldFinishMigrationsWhileAnotherThreadForcesSafepointsInALoop() throws Exception
    {
        final Path out = Files.createTempFile("uffd-safepoint", ".log");
        try
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-native-access") || a.startsWith("-Dchronicle"))
                .toList());
            command.add("-Xmx256m");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(UffdSafepointTest.class.getName());
            final Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!child.waitFor(CHILD_DEADLINE_S, TimeUnit.SECONDS))
            {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("the child JVM hung for " + CHILD_DEADLINE_S + " s (a safepoint deadlock?):\n" + Files.readString(out));
            }
            final String log = Files.readString(out, StandardCharsets.UTF_8);
            System.out.println("child: " + log.lines().filter(l -> l.startsWith("faults=")).findFirst().orElse(log));
            assertEquals(0, child.exitValue(), log);
            final long gcs = Long.parseLong(log.replaceAll("(?s).*collections=(\\d+).*", "$1"));
            final long faults = Long.parseLong(log.replaceAll("(?s).*faults=(\\d+).*", "$1"));
            assertTrue(gcs >= 20, "too few collections ran during the migrations to test anything: " + log);
            assertTrue(faults >= 100, "too few faults: " + log);
        }
        finally
        {
            Files.deleteIfExists(out);
        }
    }

    /**
     * The child: migrations with the uffd backend under a System.gc() and thread-dump loop.
     *
     * @param args none.
     */
    public static void main(final String[] args) throws Exception
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread safepoints = new Thread(() ->
        {
            while (!stop.get())
            {
                System.gc();
                Thread.getAllStackTraces(); // a handshake with every thread, the vCPU included
            }
        }, "safepoint-loop");
        safepoints.setDaemon(true);
        safepoints.start();
        long faults = 0;
        int failed = 0;
        try
        {
            for (final Algorithm algorithm : new Algorithm[] {Algorithm.POSTCOPY, Algorithm.VCSP_PREFETCH})
            {
                for (final LinkKind link : LinkKind.values())
                {
                    final MigrationResult r = MigrationRunner.run(MigrationConfig.builder()
                        .algorithm(algorithm)
                        .link(link)
                        .push(algorithm == Algorithm.POSTCOPY ? PushMode.ON : PushMode.OFF)
                        .pattern(Pattern.RANDOM)
                        .memoryMiB(4)
                        .workloadMiB(4)
                        .faultTimeoutMs(30_000)
                        .faultBackend(FaultBackend.UFFD)
                        .build());
                    faults += r.faults();
                    if (r.failure() != null || r.mismatches() != 0)
                    {
                        failed++;
                        System.out.println("failed: " + algorithm.cliName() + " over " + link.cliName() + ": " +
                            r.failure() + ", mismatches " + r.mismatches());
                    }
                }
            }
        }
        finally
        {
            stop.set(true);
        }
        safepoints.join(30_000);
        long collections = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            collections += Math.max(0, gc.getCollectionCount());
        }
        System.out.println("faults=" + faults + " collections=" + collections + " failed=" + failed);
        System.out.flush();
        System.exit(failed == 0 ? 0 : 1);
    }
}
