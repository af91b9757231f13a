package io.vcspbench.core.storage;

import io.vcspbench.core.memory.GuestMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a page file can be wrong is refused with one line that names the file and the fault. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PageFileCorruptionTest
{
    private static final int PAGES = 32;
    private static final int RECORDS = 10;

    @TempDir
    Path dir;

    private Path validFile() throws IOException
    {
        final Path file = dir.resolve("backup.pages");
        try (GuestMemory memory = GuestMemory.allocate(PAGES); PageFileWriter writer = new PageFileWriter(file, PAGES))
        {
            memory.fillPattern(3);
            writer.write(memory, 0, RECORDS);
        }
        return file;
    }

    private static void overwrite(final Path file, final long position, final ByteBuffer bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(bytes.flip(), position);
        }
    }

    private static ByteBuffer bytes(final int length)
    {
        return ByteBuffer.allocate(length).order(PageFileFormat.BYTE_ORDER);
    }

    private static void assertRefusedWith(final Path file, final String fault)
    {
        final PageFileException e = assertThrows(PageFileException.class, () -> new PageFileReader(file).close());
        assertOneLineNaming(file, fault, e);
    }

    private static void assertOneLineNaming(final Path file, final String fault, final Exception e)
    {
        final String message = e.getMessage();
        assertTrue(message.startsWith(file.toString() + ": "), message);
        assertTrue(message.contains(fault), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void shouldReadTheValidFileTheOtherCasesSpoil() throws IOException
    {
        try (GuestMemory target = GuestMemory.allocate(PAGES); PageFileReader reader = new PageFileReader(validFile()))
        {
            assertEquals(RECORDS, reader.load(target, PageSink.NONE));
        }
    }

    @Test
    void shouldRefuseAFileWithAnotherMagic() throws IOException
    {
        final Path file = validFile();
        overwrite(file, 0, bytes(8).putLong(0x1234L));
        assertRefusedWith(file, "not a page file, magic 0x1234");
    }

    @Test
    void shouldRefuseAFileOfAnotherVersion() throws IOException
    {
        final Path file = validFile();
        overwrite(file, 8, bytes(4).putInt(2));
        assertRefusedWith(file, "page file format version 2, this build reads version 1");
    }

    @Test
    void shouldRefuseAFileOfAnotherPageSize() throws IOException
    {
        final Path file = validFile();
        overwrite(file, 12, bytes(4).putInt(8192));
        assertRefusedWith(file, "pages of 8192 bytes, this build's pages are 4096 bytes");
    }

    @Test
    void shouldRefuseToLoadIntoMemoryOfAnotherPageCount() throws IOException
    {
        final Path file = validFile();
        try (GuestMemory target = GuestMemory.allocate(PAGES * 2); PageFileReader reader = new PageFileReader(file))
        {
            final PageFileException e = assertThrows(PageFileException.class, () -> reader.load(target, PageSink.NONE));
            assertOneLineNaming(file, "memory of 32 pages, the target memory has 64", e);
        }
    }

    @Test
    void shouldRefuseAFileItsWriterDidNotClose() throws IOException
    {
        final Path file = dir.resolve("unfinished.pages");
        try (GuestMemory memory = GuestMemory.allocate(PAGES))
        {
            final PageFileWriter writer = new PageFileWriter(file, PAGES);
            writer.write(memory, 0, PAGES);
            writer.flush();
            assertEquals(PageFileFormat.fileLength(PAGES), Files.size(file), "every record is in the file");

            assertRefusedWith(file, "incomplete page file, its writer did not close it");
            writer.close();
        }
        new PageFileReader(file).close();
    }

    @Test
    void shouldRefuseAFileWithATruncatedRecord() throws IOException
    {
        final Path file = validFile();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(Files.size(file) - 100);
        }
        assertRefusedWith(file, "truncated page file, 10 records declared but only 9 whole records present");
    }

    @Test
    void shouldRefuseAFileWithBytesAfterItsRecords() throws IOException
    {
        final Path file = validFile();
        Files.write(file, new byte[5], StandardOpenOption.APPEND);
        assertRefusedWith(file, "5 bytes after the 10 records the header declares");
    }

    @Test
    void shouldRefuseAFileShorterThanTheHeader() throws IOException
    {
        final Path file = dir.resolve("short.pages");
        Files.write(file, new byte[12]);
        assertRefusedWith(file, "not a page file, 12 bytes is shorter than the 32-byte header");
    }

    @Test
    void shouldRefuseARecordOfAPageOutsideTheMemory() throws IOException
    {
        final Path file = validFile();
        overwrite(file, PageFileFormat.fileLength(3), bytes(8).putLong(PAGES));
        try (GuestMemory target = GuestMemory.allocate(PAGES); PageFileReader reader = new PageFileReader(file))
        {
            final PageFileException e = assertThrows(PageFileException.class, () -> reader.load(target, PageSink.NONE));
            assertOneLineNaming(file, "record 3 is of page 32, outside the memory of 32 pages", e);
        }
    }

    @Test
    void shouldRefuseAMissingFile()
    {
        assertRefusedWith(dir.resolve("absent.pages"), "no such page file");
    }
}
