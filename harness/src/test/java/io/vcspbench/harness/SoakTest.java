package io.vcspbench.harness;

import io.vcspbench.core.memory.GuestMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fifty migrations back to back in one JVM, through the CLI and the real engine, over both links and
 * the algorithm families (post-copy over TCP, pre-copy, a hybrid with shared storage and the backup):
 * after each, no thread of ours is left and all guest memory is released; from the tenth to the last,
 * the JVM's threads, open file descriptors and direct-buffer memory do not grow. Checked, not
 * eyeballed.
 */
class SoakTest
{
    private static final int RUNS = 50;
    private static final int SETTLED = 10;

    @TempDir
    Path root;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldLeaveNoThreadDescriptorOrOffHeapMemoryBehindAfterFiftyMigrations() throws Exception
    {
        final List<List<String>> kinds = List.of(
            List.of("--algorithm", "vcsp-prefetch", "--link", "tcp"),
            List.of("--algorithm", "postcopy", "--push", "off", "--pattern", "window"),
            List.of("--algorithm", "precopy-throttled", "--pattern", "writer", "--dirty-rate-mbit", "100",
                "--bandwidth-mbit", "200", "--link", "tcp"),
            List.of("--algorithm", "hybrid-k", "--pattern", "writer", "--dirty-rate-mbit", "50", "--backup", "on",
                "--storage", root.resolve("storage").toString()));
        Files.createDirectories(root.resolve("storage"));

        long threads = 0;
        long descriptors = 0;
        long direct = 0;
        for (int i = 1; i <= RUNS; i++)
        {
            final List<String> args = new ArrayList<>(List.of("run", "--memory-mib", "2", "--workload-mib", "1",
                "--progress", "never", "--out", root.resolve("r" + i).toString()));
            args.addAll(kinds.get(i % kinds.size()));

            final Synthetic.Outcome outcome = Synthetic.cli(Engine.PRODUCTION, root, args.toArray(new String[0]));

            assertEquals(0, outcome.exitCode(), "run " + i + " " + args + ": " + outcome.err());
            assertEquals(0, GuestMemory.liveBytes(), "run " + i + " released its guest memory");
            assertEquals(List.of(), ourThreads(), "run " + i + " stopped and joined its threads");
            if (i == SETTLED)
            {
                threads = threadCount();
                descriptors = openDescriptors();
                direct = directBytes();
            }
        }

        assertTrue(threadCount() <= threads + 2, "threads " + threads + " after run " + SETTLED + ", " + threadCount() +
            " after run " + RUNS);
        assertTrue(openDescriptors() <= descriptors + 4, "file descriptors " + descriptors + " after run " + SETTLED +
            ", " + openDescriptors() + " after run " + RUNS);
        final long directNow = directBytes();
        assertTrue(directNow <= direct + (4 << 20), "direct buffers " + direct + " B after run " + SETTLED + ", " +
            directNow + " B after run " + RUNS);
    }

    private static List<String> ourThreads()
    {
        final List<String> names = new ArrayList<>();
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.isAlive() && t.getName().startsWith("vcsp-"))
            {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static long threadCount()
    {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long openDescriptors() throws IOException
    {
        final Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds))
        {
            return 0; // not Linux: the other checks still hold
        }
        try (Stream<Path> list = Files.list(fds))
        {
            return list.count();
        }
    }

    /** Direct-buffer memory once the collector has freed what is unreachable. */
    private static long directBytes() throws InterruptedException
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            Thread.sleep(50);
        }
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }
}
