package io.vcspbench.core.storage;

import io.vcspbench.core.memory.GuestMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Writing and loading pages allocates nothing once warm. Measured on this thread over three windows
 * after a warm-up, asking that at least one window allocated nothing: a per-page allocation shows in
 * all of them, a one-off deoptimisation on a loaded machine in one at most.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PageFileAllocationTest
{
    private static final int PAGES = 256;
    private static final int WINDOWS = 3;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    @Test
    void shouldAllocateNothingPerPageWrittenOnceWarm() throws Exception
    {
        try (GuestMemory memory = GuestMemory.allocate(PAGES);
            SharedStorage storage = SharedStorage.builder().directory(dir).rateMbit(1_000_000).open();
            PageFileWriter writer = storage.createBackup(PAGES))
        {
            writeAll(writer, memory, 8);
            THREADS.getCurrentThreadAllocatedBytes();
            long least = Long.MAX_VALUE;
            for (int i = 0; i < WINDOWS; i++)
            {
                final long before = THREADS.getCurrentThreadAllocatedBytes();
                writeAll(writer, memory, 4);
                least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0L, least, "bytes allocated writing " + 4 * PAGES + " pages");
        }
    }

    @Test
    void shouldAllocateNothingPerPageLoadedOnceWarm() throws Exception
    {
        try (GuestMemory memory = GuestMemory.allocate(PAGES);
            SharedStorage storage = SharedStorage.builder().directory(dir).rateMbit(1_000_000).open())
        {
            try (PageFileWriter writer = storage.createStaticData(PAGES))
            {
                writeAll(writer, memory, 4);
            }
            final long[] sum = new long[1];
            final PageSink sink = page -> sum[0] += page;
            try (PageFileReader reader = storage.openStaticData())
            {
                for (int i = 0; i < 8; i++)
                {
                    reader.load(memory, sink);
                }
                THREADS.getCurrentThreadAllocatedBytes();
                long least = Long.MAX_VALUE;
                for (int i = 0; i < WINDOWS; i++)
                {
                    final long before = THREADS.getCurrentThreadAllocatedBytes();
                    reader.load(memory, sink);
                    least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
                }
                assertEquals(0L, least, "bytes allocated loading " + 4 * PAGES + " pages");
            }
        }
    }

    /** One page at a time and in ranges, so both ways of writing are measured. */
    private static void writeAll(final PageFileWriter writer, final GuestMemory memory, final int times)
        throws PageFileException
    {
        for (int t = 0; t < times; t++)
        {
            for (long page = 0; page < PAGES / 2; page++)
            {
                writer.write(memory, page);
            }
            writer.write(memory, PAGES / 2, PAGES / 2);
        }
    }
}
