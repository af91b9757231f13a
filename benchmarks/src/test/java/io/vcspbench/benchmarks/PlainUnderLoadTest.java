package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PlainUnderLoad's and PlainBulkStream's threads run, move the right bytes, and stop and join at
 * teardown, whatever the wait strategy and pace.
 */
class PlainUnderLoadTest
{
    /** @return whether any {@code bench-peer-*} thread is alive. */
    static boolean peerThreadAlive()
    {
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.isAlive() && t.getName().startsWith(BackgroundLoop.THREAD_NAME_PREFIX))
            {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0} at {1} Mbit/s")
    @CsvSource({ "block,0", "block,1000", "spin,0", "backoff,1000" })
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldServeFaultsUnderTheStreamAndStopAndJoinEveryThread(final String wait, final int bandwidthMbit)
        throws Exception
    {
        final PlainUnderLoadBenchmark bench = new PlainUnderLoadBenchmark();
        bench.pages = 10;
        bench.bandwidthMbit = bandwidthMbit;
        bench.waitStrategy = wait;
        final ThreadAllocation allocation = new ThreadAllocation();
        bench.setUp();
        try
        {
            allocation.begin();
            for (int i = 0; i < 200; i++)
            {
                bench.roundTrip(allocation, null);
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bench.streamBytesRead() < 4L * PlainStream.CHUNK_BYTES && System.nanoTime() < deadlineNs)
            {
                Thread.sleep(1);
            }
            assertTrue(bench.streamBytesRead() >= 4L * PlainStream.CHUNK_BYTES, "the stream should be flowing");
        }
        finally
        {
            bench.tearDown();
        }
        assertFalse(peerThreadAlive(), "no bench-peer thread may outlive tearDown");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldStreamSourceChunksIntoTheSameOffsetsOfDestinationMemory() throws Exception
    {
        final int pages = 64;
        try (GuestMemory source = GuestMemory.allocate(pages);
            GuestMemory destination = GuestMemory.allocate(pages);
            PlainStream stream = new PlainStream(source, destination, true, true))
        {
            source.fillPattern(11);
            destination.fillPattern(12);
            final BackgroundLoop reader = stream.newReader("test-reader", PlainWait.newIdleStrategy(PlainWait.BLOCK));
            reader.start();
            try
            {
                final long total = source.sizeBytes() / PlainStream.CHUNK_BYTES + 1;
                for (long i = 0; i < total; i++)
                {
                    stream.nextChunk();
                    while (stream.chunkPending())
                    {
                        stream.write();
                    }
                }
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (stream.bytesRead() < total * PlainStream.CHUNK_BYTES && System.nanoTime() < deadlineNs)
                {
                    Thread.sleep(1);
                }
            }
            finally
            {
                reader.stopAndJoin();
            }
            reader.checkHealthy();
            for (int p = 0; p < pages; p++)
            {
                assertTrue(destination.pageMatchesPattern(11, p, GuestMemory.PAGE_SIZE), "page " + p);
            }
        }
        assertFalse(peerThreadAlive(), "no bench-peer thread may outlive stopAndJoin");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldStopAndJoinTheBulkStreamsReader()
    {
        final PlainBulkStreamBenchmark bench = new PlainBulkStreamBenchmark();
        bench.setUp();
        try
        {
            for (int i = 0; i < 100; i++)
            {
                bench.stream();
            }
        }
        finally
        {
            bench.tearDown();
        }
        assertFalse(peerThreadAlive(), "no bench-peer thread may outlive tearDown");
    }
}
