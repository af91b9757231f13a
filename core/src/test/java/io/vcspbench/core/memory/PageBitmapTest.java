package io.vcspbench.core.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageBitmapTest
{
    @Test
    void shouldReportWhetherSetAndClearChangedTheBit()
    {
        final PageBitmap bitmap = new PageBitmap(130);
        assertTrue(bitmap.set(129));
        assertFalse(bitmap.set(129));
        assertTrue(bitmap.get(129));
        assertTrue(bitmap.clear(129));
        assertFalse(bitmap.clear(129));
        assertTrue(bitmap.setSingleWriter(5));
        assertFalse(bitmap.setSingleWriter(5));
        assertEquals(1, bitmap.cardinality());
    }

    @Test
    void shouldFindNextSetAndClearBitsAcrossWordsAndStopAtTheSize()
    {
        final PageBitmap bitmap = new PageBitmap(200);
        assertEquals(-1, bitmap.nextSetBit(0));
        assertEquals(0, bitmap.nextClearBit(0));
        bitmap.set(3);
        bitmap.set(64);
        bitmap.set(199);
        assertEquals(3, bitmap.nextSetBit(0));
        assertEquals(64, bitmap.nextSetBit(4));
        assertEquals(199, bitmap.nextSetBit(65));
        assertEquals(-1, bitmap.nextSetBit(200));
        bitmap.setRangeSingleWriter(0, 199);
        assertEquals(-1, bitmap.nextClearBit(0));
        bitmap.clear(150);
        assertEquals(150, bitmap.nextClearBit(0));
    }

    @Test
    void shouldNotReportBitsPastTheSizeAsClear()
    {
        final PageBitmap bitmap = new PageBitmap(70);
        bitmap.setRangeSingleWriter(0, 70);
        assertEquals(-1, bitmap.nextClearBit(0));
        assertEquals(70, bitmap.cardinality());
    }

    @Test
    void shouldHarvestWordsWhileAnotherThreadMarks() throws Exception
    {
        final PageBitmap dirty = new PageBitmap(64 * 64);
        final int marks = 200_000;
        final Thread writer = new Thread(() ->
        {
            for (int i = 0; i < marks; i++)
            {
                dirty.set(i % dirty.size());
            }
        });
        writer.start();
        long harvested = 0;
        while (writer.isAlive())
        {
            for (int w = 0; w < dirty.wordCount(); w++)
            {
                harvested += Long.bitCount(dirty.getAndClearWord(w));
            }
        }
        writer.join(10_000);
        for (int w = 0; w < dirty.wordCount(); w++)
        {
            harvested += Long.bitCount(dirty.getAndClearWord(w));
        }
        assertTrue(harvested >= dirty.size() && harvested <= marks, "harvested " + harvested);
        assertEquals(0, dirty.cardinality());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldPublishPageBytesBeforeTheBitToAnAcquireReader() throws Exception
    {
        final int pages = 4096;
        try (GuestMemory memory = GuestMemory.allocate(pages))
        {
            final PageBitmap present = new PageBitmap(pages);
            final Thread receiver = new Thread(() ->
            {
                for (long p = 0; p < pages; p++)
                {
                    memory.fillPattern(9, p, p + 1);
                    present.setSingleWriter(p);
                }
            });
            receiver.start();
            long checked = 0;
            for (long p = 0; p < pages; p++)
            {
                while (!present.get(p))
                {
                    Thread.onSpinWait();
                }
                assertTrue(memory.pageMatchesPattern(9, p, GuestMemory.PAGE_SIZE), "page " + p);
                checked++;
            }
            receiver.join(10_000);
            assertEquals(pages, checked);
        }
    }
}
