package io.vcspbench.core.memory;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestMemoryTest
{
    @Test
    void shouldAddressFourGibibytesAndReleaseThem()
    {
        final long pages = (4L << 30) / GuestMemory.PAGE_SIZE;
        try (GuestMemory memory = GuestMemory.allocate(pages))
        {
            assertEquals(4L << 30, memory.sizeBytes());
            final long last = pages - 1;
            memory.fillPattern(7, 0, 1);
            memory.fillPattern(7, last, pages);
            assertTrue(memory.pageMatchesPattern(7, 0, GuestMemory.PAGE_SIZE));
            assertTrue(memory.pageMatchesPattern(7, last, GuestMemory.PAGE_SIZE));
            // Past 2^31 bytes: int offsets would have wrapped here.
            assertEquals(memory.baseAddress() + (last << 12), memory.pageAddress(last));
        }
    }

    @Test
    void shouldRefuseAPageOutsideGuestMemory()
    {
        try (GuestMemory memory = GuestMemory.allocate(4))
        {
            final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> memory.pageAddress(4));
            assertTrue(e.getMessage().contains("page 4 outside guest memory of 4 pages"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> memory.pageAddress(-1));
        }
    }

    @Test
    void shouldCopyAndCompareWholePages()
    {
        try (GuestMemory source = GuestMemory.allocate(8); GuestMemory target = GuestMemory.allocate(8))
        {
            source.fillPattern(42);
            for (long p = 0; p < 8; p++)
            {
                source.copyPageTo(p, target, p);
            }
            for (long p = 0; p < 8; p++)
            {
                assertTrue(target.pageEquals(p, source, GuestMemory.PAGE_SIZE));
            }
            UnsafeApi.putLong(target.pageAddress(3) + GuestMemory.SCRATCH_OFFSET, 123);
            assertFalse(target.pageEquals(3, source, GuestMemory.PAGE_SIZE));
            assertTrue(target.pageEquals(3, source, GuestMemory.SCRATCH_OFFSET));
            assertFalse(target.pageMatchesPattern(43, 0, GuestMemory.PAGE_SIZE));
        }
    }

    @Test
    void shouldGiveDifferentPagesDifferentContents()
    {
        assertTrue(GuestMemory.patternWord(1, 0, 0) != GuestMemory.patternWord(1, 1, 0));
        assertTrue(GuestMemory.patternWord(1, 0, 0) != GuestMemory.patternWord(1, 0, 1));
        assertTrue(GuestMemory.patternWord(1, 0, 0) != GuestMemory.patternWord(2, 0, 0));
    }
}
