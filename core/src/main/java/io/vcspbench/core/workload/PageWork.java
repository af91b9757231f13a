package io.vcspbench.core.workload;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.UnsafeApi;

/**
 * The work the guest does on each page it touches: read every long of the page and write their sum
 * into the page's scratch slot (its last long), so throughput means bytes really processed and the
 * JIT cannot drop the reads.
 */
public final class PageWork
{
    /** Bytes processed by one {@link #touch(long)}. */
    public static final int BYTES_PER_TOUCH = GuestMemory.PAGE_SIZE;

    private PageWork()
    {
    }

    /**
     * Reads the page and writes the sum into its scratch slot.
     *
     * @param pageAddress address of a present page.
     * @return the sum written.
     */
    public static long touch(final long pageAddress)
    {
        long sum = 0;
        for (int offset = 0; offset < GuestMemory.PAGE_SIZE; offset += Long.BYTES)
        {
            sum += UnsafeApi.getLong(pageAddress + offset);
        }
        UnsafeApi.putLong(pageAddress + GuestMemory.SCRATCH_OFFSET, sum);
        return sum;
    }

    /**
     * Overwrites the whole page, as Jin's memWriter does: every long gets {@code value + its offset},
     * so each write changes every byte's meaning and a stale copy at the destination cannot pass.
     *
     * @param pageAddress address of the page.
     * @param value       what to write (a different value per write).
     */
    public static void fill(final long pageAddress, final long value)
    {
        for (int offset = 0; offset < GuestMemory.PAGE_SIZE; offset += Long.BYTES)
        {
            UnsafeApi.putLong(pageAddress + offset, value + offset);
        }
    }
}
