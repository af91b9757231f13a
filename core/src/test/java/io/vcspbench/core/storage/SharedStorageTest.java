package io.vcspbench.core.storage;

import io.vcspbench.core.memory.GuestMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedStorageTest
{
    private static final int PAGES = 100;

    @TempDir
    Path dir;

    @Test
    void shouldDeleteATemporaryStorageWithItsFilesOnClose() throws Exception
    {
        final Path directory;
        try (GuestMemory memory = GuestMemory.allocate(PAGES);
            SharedStorage storage = SharedStorage.builder().runId("run-1").open())
        {
            assertTrue(storage.isTemporary());
            directory = storage.directory();
            try (PageFileWriter writer = storage.createStaticData(PAGES))
            {
                writer.write(memory, 0, PAGES);
            }
            assertTrue(Files.isRegularFile(storage.staticDataPath()));
        }
        assertFalse(Files.exists(directory), directory + " outlived its storage");
        assertFalse(Files.exists(directory.getParent()), directory.getParent() + " outlived its storage");
    }

    @Test
    void shouldCreateAGivenDirectoryAndKeepItOnClose() throws Exception
    {
        final Path root = dir.resolve("shared").resolve("nfs");
        try (SharedStorage storage = SharedStorage.builder().directory(root).runId("2024-05-01T10-00-00").open())
        {
            assertFalse(storage.isTemporary());
            assertEquals(root.resolve("2024-05-01T10-00-00"), storage.directory());
            assertEquals(storage.directory().resolve(SharedStorage.STATIC_DATA_FILE), storage.staticDataPath());
            assertEquals(storage.directory().resolve(SharedStorage.BACKUP_FILE), storage.backupPath());
            assertTrue(Files.isDirectory(storage.directory()));
        }
        assertTrue(Files.isDirectory(root.resolve("2024-05-01T10-00-00")));
    }

    @Test
    void shouldCountEveryFilesBytesInTheStorageTotals() throws Exception
    {
        try (GuestMemory source = GuestMemory.allocate(PAGES); GuestMemory destination = GuestMemory.allocate(PAGES);
            SharedStorage storage = SharedStorage.builder().directory(dir).open())
        {
            source.fillPattern(11);
            try (PageFileWriter snapshot = storage.createStaticData(PAGES);
                PageFileWriter backup = storage.createBackup(PAGES))
            {
                snapshot.write(source, 0, PAGES);
                backup.write(source, 0, 30);
            }
            final long written = Files.size(storage.staticDataPath()) + Files.size(storage.backupPath()) +
                2 * PageFileFormat.HEADER_LENGTH;
            assertEquals(written, storage.bytesWritten(), "files and their final headers");

            try (PageFileReader snapshot = storage.openStaticData(); PageFileReader backup = storage.openBackup())
            {
                assertEquals(PAGES, snapshot.load(destination, PageSink.NONE));
                assertEquals(30, backup.load(destination, PageSink.NONE));
            }
            assertEquals(Files.size(storage.staticDataPath()) + Files.size(storage.backupPath()), storage.bytesRead());
            for (long p = 0; p < PAGES; p++)
            {
                assertTrue(destination.pageMatchesPattern(11, p, GuestMemory.PAGE_SIZE), "page " + p);
            }
        }
    }

    @Test
    void shouldShareOneRateBetweenTheFilesOfAStorage() throws Exception
    {
        final SimulatedClock clock = new SimulatedClock();
        final long start = clock.nowNs;
        try (GuestMemory memory = GuestMemory.allocate(PAGES);
            SharedStorage storage = SharedStorage.builder().directory(dir).rateMbit(8).clock(clock).sleeper(clock).open())
        {
            assertEquals(8, storage.rateMbit());
            try (PageFileWriter a = storage.createStaticData(PAGES); PageFileWriter b = storage.createBackup(PAGES))
            {
                a.write(memory, 0, PAGES);
                b.write(memory, 0, PAGES);
            }
            // At 8 Mbit/s a byte takes 1 µs, whichever file it goes to.
            assertEquals(storage.bytesWritten() * 1_000 - StoragePacer.BURST_NS, clock.nowNs - start);
        }
    }

    @Test
    void shouldPaceTheSourcesWritesButNotTheDestinationsReads() throws Exception
    {
        final SimulatedClock clock = new SimulatedClock();
        try (GuestMemory memory = GuestMemory.allocate(PAGES);
            SharedStorage storage = SharedStorage.builder().directory(dir).rateMbit(8).clock(clock).sleeper(clock).open())
        {
            try (PageFileWriter a = storage.createStaticData(PAGES))
            {
                a.write(memory, 0, PAGES);
            }
            final long written = clock.nowNs;
            try (PageFileReader r = storage.openStaticData())
            {
                assertEquals(PAGES, r.load(memory, PageSink.NONE));
            }
            assertEquals(written, clock.nowNs, "a read of the whole file took no paced time");
            assertEquals(Files.size(storage.staticDataPath()), storage.bytesRead(), "but it is counted");
        }
    }

    @Test
    void shouldRefuseARunIdThatIsNotAFolderName()
    {
        for (final String bad : new String[] { "", "..", "a/b", ".hidden", "a b" })
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedStorage.builder().runId(bad), bad);
            assertTrue(e.getMessage().startsWith("runId must be"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SharedStorage.builder().rateMbit(-5));
        assertThrows(IllegalArgumentException.class, () -> SharedStorage.builder().batchPages(0));
    }

    @Test
    void shouldRefuseNewFilesOnceClosed() throws Exception
    {
        final SharedStorage storage = SharedStorage.builder().directory(dir).open();
        storage.close();
        assertThrows(IllegalStateException.class, () -> storage.createBackup(PAGES));
        assertThrows(IllegalStateException.class, storage::openBackup);
    }
}
