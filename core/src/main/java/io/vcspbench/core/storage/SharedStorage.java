package io.vcspbench.core.storage;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shared storage of hybrid migration (Li and Cao 2023): a directory both hosts can reach,
 * written and read with real file I/O at a storage rate of its own. A run keeps two page files there:
 * the StaticData snapshot of all memory ({@link #staticDataPath()}), written at the start of the
 * migration while other pages go over the link, and the PbData backup ({@link #backupPath()}) of the
 * pages the destination does not have yet, written by the source at the switch to post-copy and
 * loaded by the destination if the link dies.
 *
 * <p>Every file opened through the storage shares its {@link StoragePacer} and adds to its totals,
 * the run's storage bytes, counted apart from link bytes. The totals may be read from any thread;
 * the files each belong to one thread. Without a directory the storage lives in a temporary
 * directory deleted by {@link #close()}.
 */
public final class SharedStorage implements AutoCloseable
{
    /** File name of the StaticData snapshot of all memory. */
    public static final String STATIC_DATA_FILE = "static.pages";
    /** File name of the PbData backup of the pages the destination lacks at the switch to post-copy. */
    public static final String BACKUP_FILE = "backup.pages";

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;
    private final Path directory;
    private final boolean temporary;
    private final StoragePacer pacer;
    private final int batchPages;
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private boolean closed;

    private SharedStorage(final Builder builder) throws IOException
    {
        temporary = builder.directory == null;
        root = temporary ? Files.createTempDirectory("vcsp-storage-") : builder.directory;
        directory = builder.runId == null ? root : root.resolve(builder.runId);
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException e)
        {
            throw new IOException(directory + ": cannot create the shared storage directory (" + e + ")", e);
        }
        pacer = new StoragePacer(builder.rateMbit, builder.clock, builder.sleeper);
        batchPages = builder.batchPages;
    }

    /** @return a builder with no directory (a temporary one), no run id, unpaced, the system clock. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return the directory this run's files are in: the storage's directory, or its run-id folder. */
    public Path directory()
    {
        return directory;
    }

    /** @return whether the storage is a temporary directory that {@link #close()} deletes. */
    public boolean isTemporary()
    {
        return temporary;
    }

    /** @return storage rate in Mbit/s (10^6 bit/s); 0 when unpaced. */
    public long rateMbit()
    {
        return pacer.rateMbit();
    }

    /** @return the pacer every file on this storage shares. */
    public StoragePacer pacer()
    {
        return pacer;
    }

    /** @return the StaticData snapshot's file. */
    public Path staticDataPath()
    {
        return directory.resolve(STATIC_DATA_FILE);
    }

    /** @return the PbData backup's file. */
    public Path backupPath()
    {
        return directory.resolve(BACKUP_FILE);
    }

    /**
     * @param memoryPageCount page count of the memory, at least 1.
     * @return a writer of the StaticData snapshot, replacing any earlier one.
     * @throws PageFileException if the file cannot be created; the message names it.
     */
    public PageFileWriter createStaticData(final long memoryPageCount) throws PageFileException
    {
        return createWriter(staticDataPath(), memoryPageCount);
    }

    /**
     * @param memoryPageCount page count of the memory, at least 1.
     * @return a writer of the PbData backup, replacing any earlier one.
     * @throws PageFileException if the file cannot be created; the message names it.
     */
    public PageFileWriter createBackup(final long memoryPageCount) throws PageFileException
    {
        return createWriter(backupPath(), memoryPageCount);
    }

    /**
     * @return a reader of the StaticData snapshot.
     * @throws PageFileException if it is missing, incomplete or corrupt; the message names it and what is wrong.
     */
    public PageFileReader openStaticData() throws PageFileException
    {
        return openReader(staticDataPath());
    }

    /**
     * @return a reader of the PbData backup.
     * @throws PageFileException if it is missing, incomplete or corrupt; the message names it and what is wrong.
     */
    public PageFileReader openBackup() throws PageFileException
    {
        return openReader(backupPath());
    }

    /**
     * @param file            any file, usually in {@link #directory()}.
     * @param memoryPageCount page count of the memory, at least 1.
     * @return a writer paced by and counted in this storage.
     * @throws PageFileException if the file cannot be created; the message names it.
     */
    public PageFileWriter createWriter(final Path file, final long memoryPageCount) throws PageFileException
    {
        checkOpen();
        return new PageFileWriter(file, memoryPageCount, pacer, batchPages, bytesWritten);
    }

    /**
     * Reads go at the disk's speed: the rate stands for par-migrate's channel 1, the source's transfer
     * into shared storage; the destination is attached to the storage and reads what is there (were
     * reads paced too, the snapshot would cross the channel twice, once in and once out).
     *
     * @param file any page file.
     * @return a reader counted in this storage, not paced.
     * @throws PageFileException if it is missing, incomplete or corrupt; the message names it and what is wrong.
     */
    public PageFileReader openReader(final Path file) throws PageFileException
    {
        checkOpen();
        return new PageFileReader(file, StoragePacer.UNPACED, batchPages, bytesRead);
    }

    /** @return bytes written to files of this storage so far, headers included; from any thread. */
    public long bytesWritten()
    {
        return bytesWritten.get();
    }

    /** @return bytes read from files of this storage so far, headers included; from any thread. */
    public long bytesRead()
    {
        return bytesRead.get();
    }

    /**
     * Deletes a temporary storage's directory with everything in it; keeps a given directory. Close
     * the storage's files first. Idempotent.
     *
     * @throws UncheckedIOException if the temporary directory cannot be deleted; the message names it.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (temporary)
        {
            deleteTree(root);
        }
    }

    @Override
    public String toString()
    {
        return "SharedStorage{directory=" + directory + ", temporary=" + temporary + ", rateMbit=" + rateMbit() + "}";
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("shared storage " + directory + " is closed");
        }
    }

    private static void deleteTree(final Path root)
    {
        try
        {
            final List<Path> paths;
            try (Stream<Path> walk = Files.walk(root))
            {
                paths = walk.sorted(Comparator.reverseOrder()).toList();
            }
            for (final Path p : paths)
            {
                Files.deleteIfExists(p);
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(root + ": cannot delete the temporary shared storage (" + e + ")", e);
        }
    }

    /** Settings of a {@link SharedStorage}, each checked when set. Not thread-safe. */
    public static final class Builder
    {
        private Path directory;
        private String runId;
        private long rateMbit;
        private NanoClock clock = SystemNanoClock.INSTANCE;
        private DeadlineSleeper sleeper = DeadlineSleeper.PARKING;
        private int batchPages = PageFileWriter.DEFAULT_BATCH_PAGES;

        private Builder()
        {
        }

        /**
         * @param directory the storage's directory, created if absent; null (the default) for a
         *                  temporary directory deleted on close.
         * @return this.
         */
        public Builder directory(final Path directory)
        {
            this.directory = directory;
            return this;
        }

        /**
         * @param runId a folder of the directory for this run's files, so runs do not overwrite each
         *              other: letters, digits, '.', '_', '-', at most 128, not starting with '.', '_'
         *              or '-'; null (the default) for the directory itself.
         * @return this.
         * @throws IllegalArgumentException if the name is not such a folder name.
         */
        public Builder runId(final String runId)
        {
            if (runId != null && !RUN_ID.matcher(runId).matches())
            {
                throw new IllegalArgumentException("runId must be 1 to 128 letters, digits, '.', '_' or '-' " +
                    "starting with a letter or digit, was \"" + runId + "\"");
            }
            this.runId = runId;
            return this;
        }

        /**
         * @param rateMbit storage rate in Mbit/s (10^6 bit/s), at least 0; 0 (the default) for as fast
         *                 as the disk goes.
         * @return this.
         * @throws IllegalArgumentException if the rate is negative.
         */
        public Builder rateMbit(final long rateMbit)
        {
            if (rateMbit < 0)
            {
                throw new IllegalArgumentException("rateMbit must be at least 0 (0 = unpaced), was " + rateMbit);
            }
            this.rateMbit = rateMbit;
            return this;
        }

        /**
         * @param clock the clock pacing and timing use; the system's by default.
         * @return this.
         */
        public Builder clock(final NanoClock clock)
        {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param sleeper how a paced transfer waits; {@link DeadlineSleeper#PARKING} by default.
         * @return this.
         */
        public Builder sleeper(final DeadlineSleeper sleeper)
        {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * @param batchPages records per channel write or read, in [1, {@link PageFileWriter#MAX_BATCH_PAGES}];
         *                   {@link PageFileWriter#DEFAULT_BATCH_PAGES} by default.
         * @return this.
         * @throws IllegalArgumentException if out of range.
         */
        public Builder batchPages(final int batchPages)
        {
            if (batchPages < 1 || batchPages > PageFileWriter.MAX_BATCH_PAGES)
            {
                throw new IllegalArgumentException(
                    "batchPages must be in [1, " + PageFileWriter.MAX_BATCH_PAGES + "], was " + batchPages);
            }
            this.batchPages = batchPages;
            return this;
        }

        /**
         * Creates the directory (and run-id folder) if absent, or a temporary directory.
         *
         * @return the storage; close it to delete a temporary directory.
         * @throws IOException if the directory cannot be created; the message names it.
         */
        public SharedStorage open() throws IOException
        {
            return new SharedStorage(this);
        }
    }
}
