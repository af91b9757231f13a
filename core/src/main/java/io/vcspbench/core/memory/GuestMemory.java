package io.vcspbench.core.memory;

import net.openhft.chronicle.bytes.BytesStore;
import org.agrona.UnsafeApi;

/**
 * Guest physical memory: one off-heap region of whole 4 KiB pages allocated through Chronicle Bytes,
 * so it can exceed 2 GiB. Pages are addressed by index; callers read and write through the raw
 * address ({@link #pageAddress(long)}) with flyweights or {@link UnsafeApi}, so nothing on the hot
 * path allocates. Not thread-safe by itself: who may touch which page when is the job of the page
 * bitmaps. {@link #close()} releases the memory; use try-with-resources.
 */
public final class GuestMemory implements AutoCloseable
{
    /**
     * Guest page size in bytes. Defined here, on the lowest floor, so that every other package (the
     * wire format of {@code link} included) takes it from guest memory and nothing depends upward for it.
     */
    public static final int PAGE_SIZE = 4096;
    /** log2 of {@link #PAGE_SIZE}. */
    public static final int PAGE_SHIFT = 12;
    /** Longs in a page. */
    public static final int LONGS_PER_PAGE = PAGE_SIZE / Long.BYTES;
    /** Bytes of a page the workload may write at the destination: the last long (its scratch slot). */
    public static final int SCRATCH_OFFSET = PAGE_SIZE - Long.BYTES;

    /** Bytes of guest memory allocated and not yet released, in this JVM: what a leak check reads. */
    private static final java.util.concurrent.atomic.AtomicLong LIVE_BYTES = new java.util.concurrent.atomic.AtomicLong();

    /** Null when the memory is a {@link FaultingRegion}. */
    private final BytesStore<?, Void> store;
    /** Null unless the memory is a faulting region (the uffd backend). */
    private final FaultingRegion region;
    private final long address;
    private final long pageCount;
    private boolean closed;

    private GuestMemory(final long pageCount)
    {
        this.pageCount = pageCount;
        this.store = BytesStore.nativeStoreWithFixedCapacity(pageCount << PAGE_SHIFT);
        this.region = null;
        this.address = store.addressForWrite(0);
        LIVE_BYTES.addAndGet(pageCount << PAGE_SHIFT);
    }

    private GuestMemory(final FaultingRegion region)
    {
        this.pageCount = region.pageCount();
        this.store = null;
        this.region = region;
        this.address = region.baseAddress();
        LIVE_BYTES.addAndGet(pageCount << PAGE_SHIFT);
    }

    /**
     * Guest memory over a faulting region (the uffd backend): every page starts missing, and a Java
     * access to a missing page would deadlock the JVM at its next safepoint (see {@link FaultingRegion}),
     * so only pages known present may be read or written through this memory. {@link #close()} closes
     * the region.
     *
     * @param region the region, owned by the memory from now on.
     * @return the memory.
     */
    public static GuestMemory over(final FaultingRegion region)
    {
        return new GuestMemory(region);
    }

    /** @return the faulting region under this memory, or null for plain memory. */
    public FaultingRegion faultingRegion()
    {
        return region;
    }

    /** @return bytes of guest memory allocated and not yet closed in this JVM, all instances together. */
    public static long liveBytes()
    {
        return LIVE_BYTES.get();
    }

    /**
     * Allocates guest memory. The contents are unspecified until written (see {@link #fillPattern(long)}).
     *
     * @param pageCount size in pages, at least 1.
     * @return the memory; close it to release.
     * @throws IllegalArgumentException if pageCount is not positive.
     */
    public static GuestMemory allocate(final long pageCount)
    {
        if (pageCount < 1)
        {
            throw new IllegalArgumentException("pageCount must be at least 1, was " + pageCount);
        }
        return new GuestMemory(pageCount);
    }

    /** @return size in pages. */
    public long pageCount()
    {
        return pageCount;
    }

    /** @return size in bytes. */
    public long sizeBytes()
    {
        return pageCount << PAGE_SHIFT;
    }

    /** @return address of page 0. */
    public long baseAddress()
    {
        return address;
    }

    /**
     * @param page page index in [0, pageCount).
     * @return the address of the page's first byte.
     * @throws IndexOutOfBoundsException if the page is outside guest memory.
     */
    public long pageAddress(final long page)
    {
        if (page < 0 || page >= pageCount)
        {
            throw new IndexOutOfBoundsException("page " + page + " outside guest memory of " + pageCount + " pages");
        }
        return address + (page << PAGE_SHIFT);
    }

    /**
     * The deterministic content of one long of one page for a seed, so either side can tell what a
     * page should hold without a copy of the other's memory.
     *
     * @param seed the run's seed.
     * @param page page index.
     * @param word long index in the page, 0..511.
     * @return the value.
     */
    public static long patternWord(final long seed, final long page, final int word)
    {
        long z = seed + page * 0x9E3779B97F4A7C15L + word * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Writes {@link #patternWord} into every long of pages [fromPage, toPage).
     *
     * @param seed     seed of the pattern.
     * @param fromPage first page.
     * @param toPage   one past the last page.
     */
    public void fillPattern(final long seed, final long fromPage, final long toPage)
    {
        checkRange(fromPage, toPage);
        for (long page = fromPage; page < toPage; page++)
        {
            final long pageAddress = address + (page << PAGE_SHIFT);
            for (int w = 0; w < LONGS_PER_PAGE; w++)
            {
                UnsafeApi.putLong(pageAddress + ((long)w << 3), patternWord(seed, page, w));
            }
        }
    }

    /**
     * Writes {@link #patternWord} into every page.
     *
     * @param seed seed of the pattern.
     */
    public void fillPattern(final long seed)
    {
        fillPattern(seed, 0, pageCount);
    }

    /**
     * Copies one page between memories of any size.
     *
     * @param page     page index here.
     * @param target   destination memory.
     * @param toPage   page index in the target.
     */
    public void copyPageTo(final long page, final GuestMemory target, final long toPage)
    {
        UnsafeApi.copyMemory(pageAddress(page), target.pageAddress(toPage), PAGE_SIZE);
    }

    /**
     * Compares the first {@code length} bytes of a page here with a page of another memory.
     *
     * @param page   page index here.
     * @param other  the other memory.
     * @param length bytes to compare from the start of the page, a multiple of 8 up to PAGE_SIZE.
     * @return true if equal.
     */
    public boolean pageEquals(final long page, final GuestMemory other, final int length)
    {
        final long a = pageAddress(page);
        final long b = other.pageAddress(page);
        for (int i = 0; i < length; i += Long.BYTES)
        {
            if (UnsafeApi.getLong(a + i) != UnsafeApi.getLong(b + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares the first {@code length} bytes of a page with its seeded pattern.
     *
     * @param seed   the pattern's seed.
     * @param page   page index.
     * @param length bytes to compare from the start of the page, a multiple of 8 up to PAGE_SIZE.
     * @return true if equal.
     */
    public boolean pageMatchesPattern(final long seed, final long page, final int length)
    {
        final long a = pageAddress(page);
        for (int i = 0, w = 0; i < length; i += Long.BYTES, w++)
        {
            if (UnsafeApi.getLong(a + i) != patternWord(seed, page, w))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A 64-bit digest of the first {@code length} bytes of a page, for checking a copy held by
     * another process: any change of a word changes it with overwhelming odds (not a cryptographic
     * hash: it guards against bugs, not against a forger).
     *
     * @param page   page index.
     * @param length bytes from the start of the page, a multiple of 8 up to PAGE_SIZE.
     * @return the digest.
     */
    public long pageDigest(final long page, final int length)
    {
        final long a = pageAddress(page);
        long h = 0x9E3779B97F4A7C15L ^ page;
        for (int i = 0; i < length; i += Long.BYTES)
        {
            h = Long.rotateLeft(h ^ UnsafeApi.getLong(a + i), 27) * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 33);
    }

    /**
     * @param page page index.
     * @return the page's last word, at {@link #SCRATCH_OFFSET}: the only bytes the workload writes.
     */
    public long scratchWord(final long page)
    {
        return UnsafeApi.getLong(pageAddress(page) + SCRATCH_OFFSET);
    }

    /** @return whether {@link #close()} has run. */
    public boolean isClosed()
    {
        return closed;
    }

    /** Releases the off-heap memory. Idempotent; the memory must not be used afterwards. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (store != null)
            {
                store.releaseLast();
            }
            else
            {
                region.close();
            }
            LIVE_BYTES.addAndGet(-(pageCount << PAGE_SHIFT));
        }
    }

    private void checkRange(final long fromPage, final long toPage)
    {
        if (fromPage < 0 || toPage > pageCount || fromPage > toPage)
        {
            throw new IndexOutOfBoundsException("pages [" + fromPage + ", " + toPage + ") outside guest memory of " +
                pageCount + " pages");
        }
    }
}
