package io.vcspbench.core.storage;

import io.vcspbench.core.memory.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The layout of a page file: a set of guest pages on shared storage. A {@link #HEADER_LENGTH}-byte
 * header, then records of a page index and the page's {@link GuestMemory#PAGE_SIZE} bytes, in any
 * order; a later record for a page overrides an earlier one. Numbers are little-endian; page bytes
 * are copied from guest memory as they are.
 *
 * <pre>
 *  offset  size  field
 *       0     8  magic, {@link #MAGIC} ("VCSPPAGE" in ASCII)
 *       8     4  format version, {@link #VERSION}
 *      12     4  page size in bytes, {@link GuestMemory#PAGE_SIZE}
 *      16     8  page count of the memory the pages belong to
 *      24     8  record count, {@link #INCOMPLETE} until the writer has closed the file
 *      32        records: 8-byte page index, then the page
 * </pre>
 *
 * <p>The record count is the "complete" marker: the writer writes the header with {@link #INCOMPLETE}
 * first and rewrites it with the real count only after the records are forced to disk, so a reader
 * can tell a file whose writer did not finish. Stateless; thread-safe.
 */
public final class PageFileFormat
{
    /** First 8 bytes of every page file: "VCSPPAGE" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x4547415050534356L;
    /** Format version this build writes and reads. */
    public static final int VERSION = 1;
    /** Header length in bytes. */
    public static final int HEADER_LENGTH = 32;
    /** Length of one record in bytes: page index and page. */
    public static final int RECORD_LENGTH = Long.BYTES + GuestMemory.PAGE_SIZE;
    /** Record count of a file its writer has not closed. */
    public static final long INCOMPLETE = -1;
    /** Byte order of the header and the page indexes. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int PAGE_SIZE_OFFSET = 12;
    static final int PAGE_COUNT_OFFSET = 16;
    static final int RECORD_COUNT_OFFSET = 24;

    private PageFileFormat()
    {
    }

    /**
     * @param records record count.
     * @return the file length in bytes of a complete file with that many records.
     */
    public static long fileLength(final long records)
    {
        return HEADER_LENGTH + records * RECORD_LENGTH;
    }

    /**
     * Fills a header into {@code buffer} at [0, {@link #HEADER_LENGTH}) and sets it up to be written.
     */
    static void encodeHeader(final ByteBuffer buffer, final long memoryPageCount, final long recordCount)
    {
        buffer.clear();
        buffer.putLong(MAGIC_OFFSET, MAGIC)
            .putInt(VERSION_OFFSET, VERSION)
            .putInt(PAGE_SIZE_OFFSET, GuestMemory.PAGE_SIZE)
            .putLong(PAGE_COUNT_OFFSET, memoryPageCount)
            .putLong(RECORD_COUNT_OFFSET, recordCount);
        buffer.limit(HEADER_LENGTH);
    }
}
