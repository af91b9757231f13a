package io.vcspbench.core.storage;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PageFileTest
{
    private static final int PAGES = 300;

    @TempDir
    Path dir;

    static void fillRandom(final GuestMemory memory, final long seed)
    {
        final Random random = new Random(seed);
        for (long a = memory.baseAddress(), end = a + memory.sizeBytes(); a < end; a += Long.BYTES)
        {
            UnsafeApi.putLong(a, random.nextLong());
        }
    }

    static void fillPage(final GuestMemory memory, final long page, final long value)
    {
        final long address = memory.pageAddress(page);
        for (int i = 0; i < GuestMemory.PAGE_SIZE; i += Long.BYTES)
        {
            UnsafeApi.putLong(address + i, value);
        }
    }

    @ParameterizedTest(name = "batches of {0} pages")
    @ValueSource(ints = {1, 7, 64})
    void shouldLoadRandomPagesWrittenInAnyOrderToTheirIndexes(final int batchPages) throws Exception
    {
        final Path file = dir.resolve("some.pages");
        try (GuestMemory source = GuestMemory.allocate(PAGES); GuestMemory target = GuestMemory.allocate(PAGES))
        {
            fillRandom(source, 42);
            fillRandom(target, 43);
            final List<Long> pages = new ArrayList<>();
            for (long p = 0; p < PAGES; p += 2)
            {
                pages.add(p);
            }
            Collections.shuffle(pages, new Random(7));

            try (PageFileWriter writer = new PageFileWriter(file, PAGES, StoragePacer.UNPACED, batchPages))
            {
                for (final long page : pages)
                {
                    writer.write(source, page);
                }
                assertEquals(pages.size(), writer.pagesWritten());
            }

            final List<Long> loaded = new ArrayList<>();
            try (PageFileReader reader = new PageFileReader(file, StoragePacer.UNPACED, batchPages))
            {
                assertEquals(PAGES, reader.memoryPageCount());
                assertEquals(pages.size(), reader.recordCount());
                assertEquals(pages.size(), reader.load(target, loaded::add));
                assertEquals(Files.size(file), reader.bytesRead());
            }
            assertEquals(pages, loaded, "the sink hears of each page in file order");
            for (long p = 0; p < PAGES; p++)
            {
                assertEquals(p % 2 == 0, source.pageEquals(p, target, GuestMemory.PAGE_SIZE), "page " + p);
            }
        }
    }

    @Test
    void shouldWriteARangeOfPagesAcrossBatchBoundaries() throws Exception
    {
        final Path file = dir.resolve("range.pages");
        try (GuestMemory source = GuestMemory.allocate(PAGES); GuestMemory target = GuestMemory.allocate(PAGES))
        {
            fillRandom(source, 1);
            fillRandom(target, 2);
            try (PageFileWriter writer = new PageFileWriter(file, PAGES, StoragePacer.UNPACED, 64))
            {
                writer.write(source, 0, 100);
                writer.write(source, 100, PAGES - 100);
            }
            try (PageFileReader reader = new PageFileReader(file))
            {
                assertEquals(PAGES, reader.load(target, PageSink.NONE));
            }
            for (long p = 0; p < PAGES; p++)
            {
                assertTrue(source.pageEquals(p, target, GuestMemory.PAGE_SIZE), "page " + p);
            }
        }
    }

    @Test
    void shouldLetALaterRecordOfAPageOverrideAnEarlierOne() throws Exception
    {
        final Path file = dir.resolve("twice.pages");
        try (GuestMemory source = GuestMemory.allocate(16); GuestMemory target = GuestMemory.allocate(16))
        {
            fillPage(source, 5, 0x1111L);
            try (PageFileWriter writer = new PageFileWriter(file, 16, StoragePacer.UNPACED, 1))
            {
                writer.write(source, 5);
                fillPage(source, 5, 0x2222L);
                writer.write(source, 5);
            }
            final List<Long> loaded = new ArrayList<>();
            try (PageFileReader reader = new PageFileReader(file))
            {
                assertEquals(2, reader.load(target, loaded::add));
            }
            assertEquals(List.of(5L, 5L), loaded);
            assertEquals(0x2222L, UnsafeApi.getLong(target.pageAddress(5) + 100 * Long.BYTES));
            assertTrue(source.pageEquals(5, target, GuestMemory.PAGE_SIZE));
        }
    }

    @Test
    void shouldReadAFileOfNoPagesAsComplete() throws Exception
    {
        final Path file = dir.resolve("empty.pages");
        try (GuestMemory target = GuestMemory.allocate(4))
        {
            new PageFileWriter(file, 4).close();
            assertEquals(PageFileFormat.HEADER_LENGTH, Files.size(file));
            try (PageFileReader reader = new PageFileReader(file))
            {
                assertEquals(0, reader.recordCount());
                assertEquals(0, reader.load(target, page -> { throw new AssertionError("no page expected"); }));
            }
        }
    }

    @Test
    void shouldCountPagesAndBytesWrittenHeaderIncluded() throws Exception
    {
        final Path file = dir.resolve("counted.pages");
        try (GuestMemory source = GuestMemory.allocate(PAGES))
        {
            final PageFileWriter writer = new PageFileWriter(file, PAGES);
            writer.write(source, 0, 70);
            assertEquals(70, writer.pagesWritten());
            assertEquals(PageFileFormat.HEADER_LENGTH + 64L * PageFileFormat.RECORD_LENGTH, writer.bytesWritten(),
                "a full batch is written, the rest staged");
            writer.close();
            writer.close();

            assertEquals(PageFileFormat.fileLength(70), Files.size(file));
            assertEquals(PageFileFormat.fileLength(70) + PageFileFormat.HEADER_LENGTH, writer.bytesWritten(),
                "the final header is written again");
            assertTrue(writer.elapsedNs() > 0);
        }
    }

    @Test
    void shouldRefuseMemoryOfAnotherSizeAndWritesAfterClose() throws Exception
    {
        final Path file = dir.resolve("refused.pages");
        try (GuestMemory small = GuestMemory.allocate(8); GuestMemory right = GuestMemory.allocate(16))
        {
            final PageFileWriter writer = new PageFileWriter(file, 16);
            final IllegalArgumentException wrongSize =
                assertThrows(IllegalArgumentException.class, () -> writer.write(small, 0));
            assertTrue(wrongSize.getMessage().contains(file.toString()), wrongSize.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> writer.write(right, 10, 7));
            writer.close();
            assertThrows(IllegalStateException.class, () -> writer.write(right, 0));
            assertFalse(wrongSize.getMessage().contains("\n"));
        }
    }
}
