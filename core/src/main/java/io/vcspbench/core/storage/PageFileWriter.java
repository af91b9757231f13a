package io.vcspbench.core.storage;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

import static io.vcspbench.core.storage.PageFileFormat.HEADER_LENGTH;
import static io.vcspbench.core.storage.PageFileFormat.RECORD_LENGTH;

/**
 * Writes guest pages to a page file ({@link PageFileFormat}) on shared storage: each page is copied
 * from guest memory into a preallocated direct staging buffer, and a batch of records goes to the
 * file in one channel write, paced by the storage's {@link StoragePacer}. {@link #close()} forces the
 * records to disk and only then writes the header's record count, which marks the file complete.
 *
 * <p>Used by one thread. Allocation-free per page. The counters are for the writing thread, or for
 * any thread after {@link #close()}; the storage's totals ({@link SharedStorage#bytesWritten()}) may
 * be read at any time.
 */
public final class PageFileWriter implements AutoCloseable
{
    /** Records staged per channel write by default. */
    public static final int DEFAULT_BATCH_PAGES = 64;
    /** Most records staged per channel write (16 MiB of staging). */
    public static final int MAX_BATCH_PAGES = 4096;

    private final Path path;
    private final long memoryPageCount;
    private final FileChannel channel;
    private final ByteBuffer staging;
    private final long stagingAddress;
    private final StoragePacer pacer;
    private final NanoClock clock;
    private final AtomicLong storageBytesWritten;

    private long position = HEADER_LENGTH;
    private int stagedBytes;
    private long pagesWritten;
    private long bytesWritten;
    private long elapsedNs;
    private boolean failed;
    private boolean closed;

    /**
     * Creates (or truncates) the file and writes its header marked incomplete, unpaced.
     *
     * @param path            the file.
     * @param memoryPageCount page count of the memory the pages belong to, at least 1.
     * @throws PageFileException if the file cannot be created or written; the message names the file.
     */
    public PageFileWriter(final Path path, final long memoryPageCount) throws PageFileException
    {
        this(path, memoryPageCount, StoragePacer.UNPACED, DEFAULT_BATCH_PAGES, null);
    }

    /**
     * Creates (or truncates) the file and writes its header marked incomplete.
     *
     * @param path            the file.
     * @param memoryPageCount page count of the memory the pages belong to, at least 1.
     * @param pacer           the storage's pacer, shared by every file on it.
     * @param batchPages      records staged per channel write, in [1, {@link #MAX_BATCH_PAGES}].
     * @throws PageFileException if the file cannot be created or written; the message names the file.
     */
    public PageFileWriter(final Path path, final long memoryPageCount, final StoragePacer pacer, final int batchPages)
        throws PageFileException
    {
        this(path, memoryPageCount, pacer, batchPages, null);
    }

    PageFileWriter(
        final Path path,
        final long memoryPageCount,
        final StoragePacer pacer,
        final int batchPages,
        final AtomicLong storageBytesWritten) throws PageFileException
    {
        if (memoryPageCount < 1)
        {
            throw new IllegalArgumentException("memoryPageCount must be at least 1, was " + memoryPageCount);
        }
        if (batchPages < 1 || batchPages > MAX_BATCH_PAGES)
        {
            throw new IllegalArgumentException("batchPages must be in [1, " + MAX_BATCH_PAGES + "], was " + batchPages);
        }
        this.path = path;
        this.memoryPageCount = memoryPageCount;
        this.pacer = pacer;
        this.clock = pacer.clock();
        this.storageBytesWritten = storageBytesWritten;
        this.staging = ByteBuffer.allocateDirect(batchPages * RECORD_LENGTH).order(PageFileFormat.BYTE_ORDER);
        this.stagingAddress = BufferUtil.address(staging);
        try
        {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        }
        catch (final IOException e)
        {
            throw new PageFileException(path + ": cannot create page file (" + e + ")", e);
        }
        final long startNs = clock.nanoTime();
        try
        {
            PageFileFormat.encodeHeader(staging, memoryPageCount, PageFileFormat.INCOMPLETE);
            writeFully(0);
        }
        catch (final PageFileException e)
        {
            closeQuietly();
            throw e;
        }
        staging.clear();
        elapsedNs += clock.nanoTime() - startNs;
    }

    /** @return the file. */
    public Path path()
    {
        return path;
    }

    /** @return page count of the memory the pages belong to. */
    public long memoryPageCount()
    {
        return memoryPageCount;
    }

    /** @return records written so far, staged ones included. */
    public long pagesWritten()
    {
        return pagesWritten;
    }

    /** @return bytes written to the file so far, header and records, in bytes (staged records not yet). */
    public long bytesWritten()
    {
        return bytesWritten;
    }

    /** @return time spent in this writer's calls, pacing and forcing included, ns on the pacer's clock. */
    public long elapsedNs()
    {
        return elapsedNs;
    }

    /**
     * Appends one page's record.
     *
     * @param memory the memory to copy from; its page count must be the file's.
     * @param page   page index.
     * @throws PageFileException if a batch cannot be written; the message names the file.
     */
    public void write(final GuestMemory memory, final long page) throws PageFileException
    {
        final long startNs = clock.nanoTime();
        checkWritable(memory);
        stage(memory.pageAddress(page), page);
        elapsedNs += clock.nanoTime() - startNs;
    }

    /**
     * Appends the records of pages [fromPage, fromPage + count).
     *
     * @param memory   the memory to copy from; its page count must be the file's.
     * @param fromPage first page.
     * @param count    number of pages.
     * @throws PageFileException if a batch cannot be written; the message names the file.
     */
    public void write(final GuestMemory memory, final long fromPage, final long count) throws PageFileException
    {
        final long startNs = clock.nanoTime();
        checkWritable(memory);
        if (count < 0 || fromPage < 0 || fromPage > memoryPageCount - count)
        {
            throw new IndexOutOfBoundsException("pages [" + fromPage + ", " + fromPage + " + " + count +
                ") outside guest memory of " + memoryPageCount + " pages");
        }
        final long baseAddress = memory.baseAddress();
        for (long page = fromPage, end = fromPage + count; page < end; page++)
        {
            stage(baseAddress + (page << GuestMemory.PAGE_SHIFT), page);
        }
        elapsedNs += clock.nanoTime() - startNs;
    }

    /**
     * Writes the staged records to the file (not forced to disk).
     *
     * @throws PageFileException if they cannot be written; the message names the file.
     */
    public void flush() throws PageFileException
    {
        final long startNs = clock.nanoTime();
        checkOpen();
        flushStaged();
        elapsedNs += clock.nanoTime() - startNs;
    }

    /**
     * Writes the staged records, forces the file to disk, then writes the header's record count and
     * forces again, so the file reads as complete only once every record is on disk. Idempotent. A
     * writer that failed is closed without marking its file complete.
     *
     * @throws PageFileException if the file cannot be finished; the message names the file.
     */
    @Override
    public void close() throws PageFileException
    {
        if (closed)
        {
            return;
        }
        final long startNs = clock.nanoTime();
        try
        {
            if (!failed)
            {
                flushStaged();
                force();
                PageFileFormat.encodeHeader(staging, memoryPageCount, pagesWritten);
                writeFully(0);
                force();
            }
        }
        finally
        {
            closed = true;
            staging.clear();
            closeQuietly();
            elapsedNs += clock.nanoTime() - startNs;
        }
    }

    private void stage(final long pageAddress, final long page) throws PageFileException
    {
        final int offset = stagedBytes;
        staging.putLong(offset, page);
        UnsafeApi.copyMemory(pageAddress, stagingAddress + offset + Long.BYTES, GuestMemory.PAGE_SIZE);
        stagedBytes = offset + RECORD_LENGTH;
        pagesWritten++;
        if (stagedBytes == staging.capacity())
        {
            flushStaged();
        }
    }

    private void flushStaged() throws PageFileException
    {
        final int length = stagedBytes;
        if (length == 0)
        {
            return;
        }
        staging.limit(length).position(0);
        stagedBytes = 0;
        writeFully(position);
        position += length;
        staging.clear();
    }

    private void force() throws PageFileException
    {
        try
        {
            channel.force(true);
        }
        catch (final IOException e)
        {
            failed = true;
            throw new PageFileException(path + ": cannot force page file to disk (" + e + ")", e);
        }
    }

    /** Writes the staging buffer's remaining bytes at a file position. */
    private void writeFully(final long filePosition) throws PageFileException
    {
        final int length = staging.remaining();
        try
        {
            long at = filePosition;
            while (staging.hasRemaining())
            {
                at += channel.write(staging, at);
            }
        }
        catch (final IOException e)
        {
            failed = true;
            throw new PageFileException(path + ": cannot write page file (" + e + ")", e);
        }
        bytesWritten += length;
        if (storageBytesWritten != null)
        {
            storageBytesWritten.getAndAdd(length);
        }
        pacer.pace(length);
    }

    private void checkWritable(final GuestMemory memory)
    {
        checkOpen();
        if (memory.pageCount() != memoryPageCount)
        {
            throw new IllegalArgumentException("memory of " + memory.pageCount() + " pages, " + path +
                " is for " + memoryPageCount);
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException(path + ": writer is closed");
        }
        if (failed)
        {
            throw new IllegalStateException(path + ": writer failed earlier and cannot go on");
        }
    }

    private void closeQuietly()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // The first failure is the one reported.
        }
    }
}
