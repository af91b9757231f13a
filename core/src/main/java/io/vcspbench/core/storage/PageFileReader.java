package io.vcspbench.core.storage;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

import static io.vcspbench.core.storage.PageFileFormat.HEADER_LENGTH;
import static io.vcspbench.core.storage.PageFileFormat.RECORD_LENGTH;

/**
 * Reads a page file ({@link PageFileFormat}) from shared storage into guest memory. Opening checks
 * the whole file against its header: the magic, the version, the page size, that its writer closed
 * it and that every record it declares is there. {@link #load} then copies each record's page to its
 * index in the target memory, in file order, so a later record for a page overrides an earlier one.
 * Reads go through a preallocated direct buffer a batch of records at a time, paced by the storage's
 * {@link StoragePacer}.
 *
 * <p>Used by one thread. Allocation-free per page. The counters are for the reading thread, or for
 * any thread after {@link #close()}; the storage's totals ({@link SharedStorage#bytesRead()}) may be
 * read at any time.
 */
public final class PageFileReader implements AutoCloseable
{
    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final long bufferAddress;
    private final StoragePacer pacer;
    private final NanoClock clock;
    private final AtomicLong storageBytesRead;
    private final long memoryPageCount;
    private final long recordCount;

    private long bytesRead;
    private long elapsedNs;
    private boolean closed;

    /**
     * Opens and checks a page file, unpaced.
     *
     * @param path the file.
     * @throws PageFileException if the file is missing, unreadable or not a complete page file of this
     *                           format; the message names the file and what is wrong.
     */
    public PageFileReader(final Path path) throws PageFileException
    {
        this(path, StoragePacer.UNPACED, PageFileWriter.DEFAULT_BATCH_PAGES, null);
    }

    /**
     * Opens and checks a page file.
     *
     * @param path       the file.
     * @param pacer      the storage's pacer, shared by every file on it.
     * @param batchPages records read per channel read, in [1, {@link PageFileWriter#MAX_BATCH_PAGES}].
     * @throws PageFileException if the file is missing, unreadable or not a complete page file of this
     *                           format; the message names the file and what is wrong.
     */
    public PageFileReader(final Path path, final StoragePacer pacer, final int batchPages) throws PageFileException
    {
        this(path, pacer, batchPages, null);
    }

    PageFileReader(final Path path, final StoragePacer pacer, final int batchPages, final AtomicLong storageBytesRead)
        throws PageFileException
    {
        if (batchPages < 1 || batchPages > PageFileWriter.MAX_BATCH_PAGES)
        {
            throw new IllegalArgumentException(
                "batchPages must be in [1, " + PageFileWriter.MAX_BATCH_PAGES + "], was " + batchPages);
        }
        this.path = path;
        this.pacer = pacer;
        this.clock = pacer.clock();
        this.storageBytesRead = storageBytesRead;
        this.buffer = ByteBuffer.allocateDirect(batchPages * RECORD_LENGTH).order(PageFileFormat.BYTE_ORDER);
        this.bufferAddress = BufferUtil.address(buffer);
        try
        {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        catch (final NoSuchFileException e)
        {
            throw new PageFileException(path + ": no such page file");
        }
        catch (final IOException e)
        {
            throw new PageFileException(path + ": cannot open page file (" + e + ")", e);
        }
        final long startNs = clock.nanoTime();
        try
        {
            final long size = size();
            if (size < HEADER_LENGTH)
            {
                throw new PageFileException(path + ": not a page file, " + size + " bytes is shorter than the " +
                    HEADER_LENGTH + "-byte header");
            }
            buffer.clear().limit(HEADER_LENGTH);
            readFully(0);
            final long magic = buffer.getLong(PageFileFormat.MAGIC_OFFSET);
            if (magic != PageFileFormat.MAGIC)
            {
                throw new PageFileException(path + ": not a page file, magic 0x" + Long.toHexString(magic) +
                    " where 0x" + Long.toHexString(PageFileFormat.MAGIC) + " was expected");
            }
            final int version = buffer.getInt(PageFileFormat.VERSION_OFFSET);
            if (version != PageFileFormat.VERSION)
            {
                throw new PageFileException(path + ": page file format version " + version + ", this build reads " +
                    "version " + PageFileFormat.VERSION + "; write it again with this build");
            }
            final int pageSize = buffer.getInt(PageFileFormat.PAGE_SIZE_OFFSET);
            if (pageSize != GuestMemory.PAGE_SIZE)
            {
                throw new PageFileException(path + ": pages of " + pageSize + " bytes, this build's pages are " +
                    GuestMemory.PAGE_SIZE + " bytes");
            }
            memoryPageCount = buffer.getLong(PageFileFormat.PAGE_COUNT_OFFSET);
            if (memoryPageCount < 1)
            {
                throw new PageFileException(path + ": header gives a memory of " + memoryPageCount + " pages");
            }
            recordCount = buffer.getLong(PageFileFormat.RECORD_COUNT_OFFSET);
            if (recordCount == PageFileFormat.INCOMPLETE)
            {
                throw new PageFileException(path + ": incomplete page file, its writer did not close it " +
                    "(crashed or still writing)");
            }
            if (recordCount < 0 || recordCount > (Long.MAX_VALUE - HEADER_LENGTH) / RECORD_LENGTH)
            {
                throw new PageFileException(path + ": header gives a record count of " + recordCount);
            }
            final long expected = PageFileFormat.fileLength(recordCount);
            if (size < expected)
            {
                throw new PageFileException(path + ": truncated page file, " + recordCount + " records declared " +
                    "but only " + (size - HEADER_LENGTH) / RECORD_LENGTH + " whole records present");
            }
            if (size > expected)
            {
                throw new PageFileException(path + ": " + (size - expected) + " bytes after the " + recordCount +
                    " records the header declares");
            }
            account(HEADER_LENGTH);
        }
        catch (final PageFileException e)
        {
            closeQuietly();
            throw e;
        }
        elapsedNs += clock.nanoTime() - startNs;
    }

    /** @return the file. */
    public Path path()
    {
        return path;
    }

    /** @return page count of the memory the file's pages belong to, from its header. */
    public long memoryPageCount()
    {
        return memoryPageCount;
    }

    /** @return records in the file, from its header. */
    public long recordCount()
    {
        return recordCount;
    }

    /** @return bytes read from the file so far, header and records. */
    public long bytesRead()
    {
        return bytesRead;
    }

    /** @return time spent in this reader's calls, pacing included, ns on the pacer's clock. */
    public long elapsedNs()
    {
        return elapsedNs;
    }

    /**
     * Copies every record's page into the target memory at its page index, in file order, and tells
     * the sink of each. May be called again to load the file again.
     *
     * @param target the memory to copy into; its page count must be the file's.
     * @param sink   told of each page once its bytes are in place.
     * @return records loaded.
     * @throws PageFileException if the memory's page count is not the file's, a record names a page
     *                           outside the memory, or the file cannot be read; the message names the file.
     */
    public long load(final GuestMemory target, final PageSink sink) throws PageFileException
    {
        return load(target, PageFilter.ALL, sink);
    }

    /**
     * As {@link #load(GuestMemory, PageSink)}, copying only the records the filter accepts; the sink
     * hears only of those.
     *
     * @param target the memory to copy into; its page count must be the file's.
     * @param filter which records to copy.
     * @param sink   told of each copied page once its bytes are in place.
     * @return records copied.
     * @throws PageFileException as {@link #load(GuestMemory, PageSink)}.
     */
    public long load(final GuestMemory target, final PageFilter filter, final PageSink sink) throws PageFileException
    {
        long copied = 0;
        final long startNs = clock.nanoTime();
        if (closed)
        {
            throw new IllegalStateException(path + ": reader is closed");
        }
        final long pageCount = memoryPageCount;
        if (target.pageCount() != pageCount)
        {
            throw new PageFileException(path + ": pages of a memory of " + pageCount + " pages, the target memory " +
                "has " + target.pageCount());
        }
        final ByteBuffer buffer = this.buffer;
        final long bufferAddress = this.bufferAddress;
        final long baseAddress = target.baseAddress();
        final int batchRecords = buffer.capacity() / RECORD_LENGTH;
        long record = 0;
        long position = HEADER_LENGTH;
        while (record < recordCount)
        {
            final int records = (int)Math.min(batchRecords, recordCount - record);
            final int length = records * RECORD_LENGTH;
            buffer.clear().limit(length);
            readFully(position);
            position += length;
            account(length);
            for (int i = 0, offset = 0; i < records; i++, offset += RECORD_LENGTH, record++)
            {
                final long page = buffer.getLong(offset);
                if (page < 0 || page >= pageCount)
                {
                    throw new PageFileException(path + ": record " + record + " is of page " + page +
                        ", outside the memory of " + pageCount + " pages");
                }
                if (filter.accept(page))
                {
                    UnsafeApi.copyMemory(bufferAddress + offset + Long.BYTES,
                        baseAddress + (page << GuestMemory.PAGE_SHIFT), GuestMemory.PAGE_SIZE);
                    copied++;
                    sink.onPage(page);
                }
            }
        }
        elapsedNs += clock.nanoTime() - startNs;
        return copied;
    }

    /** Closes the file. Idempotent. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            closeQuietly();
        }
    }

    private long size() throws PageFileException
    {
        try
        {
            return channel.size();
        }
        catch (final IOException e)
        {
            throw new PageFileException(path + ": cannot read page file (" + e + ")", e);
        }
    }

    /** Fills the buffer from its position to its limit with the file's bytes from a file position. */
    private void readFully(final long filePosition) throws PageFileException
    {
        try
        {
            long at = filePosition;
            while (buffer.hasRemaining())
            {
                final int n = channel.read(buffer, at);
                if (n < 0)
                {
                    throw new PageFileException(path + ": truncated page file, it ended at byte " + at +
                        " while being read");
                }
                at += n;
            }
        }
        catch (final PageFileException e)
        {
            throw e;
        }
        catch (final IOException e)
        {
            throw new PageFileException(path + ": cannot read page file (" + e + ")", e);
        }
    }

    private void account(final int length)
    {
        bytesRead += length;
        if (storageBytesRead != null)
        {
            storageBytesRead.getAndAdd(length);
        }
        pacer.pace(length);
    }

    private void closeQuietly()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Read-only: nothing to lose.
        }
    }
}
