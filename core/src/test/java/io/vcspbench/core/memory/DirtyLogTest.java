package io.vcspbench.core.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirtyLogTest
{
    @Test
    void shouldHarvestEveryMarkedPageOnceAndClearTheLog()
    {
        final DirtyLog log = new DirtyLog(200);
        final PageBitmap target = new PageBitmap(200);
        log.mark(0);
        log.mark(63);
        log.mark(64);
        log.mark(199);
        log.mark(64);

        assertEquals(4, log.drainInto(target));
        assertEquals(0, log.cardinality());
        assertEquals(4, target.cardinality());
        assertTrue(target.get(0) && target.get(63) && target.get(64) && target.get(199));
        assertEquals(0, log.drainInto(target));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldLoseNoMarkWhileAWriterKeepsMarkingDuringHarvests() throws InterruptedException
    {
        final int pages = 4096;
        final DirtyLog log = new DirtyLog(pages);
        final PageBitmap harvested = new PageBitmap(pages);
        final long[] lastPage = { -1 };
        final Thread writer = new Thread(() ->
        {
            for (long i = 0; i < 2_000_000; i++)
            {
                log.mark((i * 7919) % pages);
            }
            lastPage[0] = (1_999_999L * 7919) % pages;
        });
        writer.start();
        while (writer.isAlive())
        {
            log.drainInto(harvested);
        }
        writer.join();
        log.drainInto(harvested);

        assertEquals(pages, harvested.cardinality(), "7919 is prime to 4096, so every page was marked");
        assertEquals(0, log.cardinality());
    }

    @Test
    void shouldSetEveryBitBelowTheSizeOnly()
    {
        final PageBitmap bitmap = new PageBitmap(130);
        bitmap.setAll();
        assertEquals(130, bitmap.cardinality());
        assertEquals(-1, bitmap.nextClearBit(0));
        bitmap.clearSingleWriter(129);
        assertEquals(129, bitmap.nextClearBit(0));
    }
}
