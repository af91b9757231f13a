package io.vcspbench.core.uffd;

import io.vcspbench.core.destination.FaultingRegions;
import io.vcspbench.core.memory.FaultingRegion;
import io.vcspbench.core.memory.GuestMemory;
import org.agrona.UnsafeApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The userfaultfd binding on its own: faults are read, installed, raced and released. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UffdRegionTest
{
    private static final int PAGES = 64;

    @BeforeAll
    static void requireUserfaultfd()
    {
        Userfaultfd.assumeAvailable();
    }

    @Test
    void shouldResolveAFaultWithTheInstalledPage() throws Exception
    {
        try (GuestMemory source = GuestMemory.allocate(PAGES); FaultingRegion region = FaultingRegions.open(PAGES))
        {
            source.fillPattern(7);
            final FaultingRegion.Installer installer = region.newInstaller();
            final AtomicLong faulted = new AtomicLong(-1);
            final Thread handler = new Thread(() ->
            {
                long page;
                do
                {
                    page = region.awaitFault(100);
                }
                while (page < 0);
                faulted.set(page);
                installer.install(page, source.pageAddress(page), 1);
            });
            handler.start();
            region.touch(5); // sleeps in the kernel until the handler installs page 5
            handler.join(10_000);
            assertEquals(5, faulted.get());
            assertEquals(1, region.faultsRead());
            final long base = region.baseAddress() + (5L << GuestMemory.PAGE_SHIFT);
            for (int w = 0; w < GuestMemory.LONGS_PER_PAGE; w++)
            {
                assertEquals(GuestMemory.patternWord(7, 5, w), UnsafeApi.getLong(base + ((long)w << 3)));
            }
        }
    }

    @Test
    void shouldLeaveAPresentPageAloneWhenTwoInstallsRace()
    {
        try (GuestMemory a = GuestMemory.allocate(PAGES); GuestMemory b = GuestMemory.allocate(PAGES);
            FaultingRegion region = FaultingRegions.open(PAGES))
        {
            a.fillPattern(1);
            b.fillPattern(2);
            final FaultingRegion.Installer installer = region.newInstaller();
            assertEquals(4, installer.install(10, a.pageAddress(10), 4));
            // Pages 12 and 13 are present: only 14 and 15 are installed, and 12..13 keep a's bytes (EEXIST).
            assertEquals(2, installer.install(12, b.pageAddress(12), 4));
            final long base = region.baseAddress();
            assertEquals(GuestMemory.patternWord(1, 13, 0), UnsafeApi.getLong(base + (13L << GuestMemory.PAGE_SHIFT)));
            assertEquals(GuestMemory.patternWord(2, 14, 0), UnsafeApi.getLong(base + (14L << GuestMemory.PAGE_SHIFT)));
            assertEquals(0, installer.install(10, b.pageAddress(10), 6));
        }
    }

    @Test
    void shouldReleaseAThreadStuckOnAFaultWhenUnregistered() throws Exception
    {
        try (FaultingRegion region = FaultingRegions.open(PAGES))
        {
            final AtomicBoolean returned = new AtomicBoolean();
            final Thread vcpu = new Thread(() ->
            {
                region.touch(3);
                returned.set(true);
            });
            vcpu.start();
            assertEquals(3, awaitFault(region));
            vcpu.join(200);
            assertFalse(returned.get(), "the touch must wait while nobody installs the page");
            region.unregister();
            vcpu.join(10_000);
            assertTrue(returned.get());
            assertEquals(0L, UnsafeApi.getLong(region.baseAddress() + (3L << GuestMemory.PAGE_SHIFT)));
        }
    }

    @Test
    void shouldKeepServingFaultsWhileAnotherThreadForcesGarbageCollections() throws Exception
    {
        final int pages = 256;
        try (GuestMemory source = GuestMemory.allocate(pages); FaultingRegion region = FaultingRegions.open(pages))
        {
            source.fillPattern(3);
            final FaultingRegion.Installer installer = region.newInstaller();
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread gc = new Thread(() ->
            {
                while (!stop.get())
                {
                    System.gc();
                }
            });
            final Thread handler = new Thread(() ->
            {
                while (!stop.get())
                {
                    final long page = region.awaitFault(50);
                    if (page >= 0)
                    {
                        installer.install(page, source.pageAddress(page), 1);
                    }
                }
            });
            gc.start();
            handler.start();
            long sum = 0;
            try
            {
                for (long page = 0; page < pages; page++)
                {
                    region.touch(page);
                    sum += UnsafeApi.getLong(region.baseAddress() + (page << GuestMemory.PAGE_SHIFT));
                }
            }
            finally
            {
                stop.set(true);
                handler.join(10_000);
                gc.join(10_000);
            }
            long expected = 0;
            for (long page = 0; page < pages; page++)
            {
                expected += GuestMemory.patternWord(3, page, 0);
            }
            assertEquals(expected, sum);
            assertEquals(pages, region.faultsRead());
        }
    }

    private static long awaitFault(final FaultingRegion region)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            final long page = region.awaitFault(100);
            if (page >= 0)
            {
                return page;
            }
        }
        return -1;
    }
}
