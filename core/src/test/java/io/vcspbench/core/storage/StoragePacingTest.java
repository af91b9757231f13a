package io.vcspbench.core.storage;

import io.vcspbench.core.memory.GuestMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Paced on a simulated clock: the time a transfer takes is what the rate gives, less the saved-up burst. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StoragePacingTest
{
    /** At 8 Mbit/s a byte takes 1 µs. */
    private static final long RATE_MBIT = 8;
    private static final long NS_PER_BYTE = 1_000;

    @TempDir
    Path dir;

    @Test
    void shouldTakeTheRatesTimeLessOneBurstToWriteSixtyFourPagesAtEightMbit() throws Exception
    {
        final SimulatedClock clock = new SimulatedClock();
        final StoragePacer pacer = new StoragePacer(RATE_MBIT, clock, clock);
        final long start = clock.nowNs;
        final Path file = dir.resolve("paced.pages");
        final PageFileWriter writer = new PageFileWriter(file, 64, pacer, 64);
        try (GuestMemory memory = GuestMemory.allocate(64))
        {
            writer.write(memory, 0, 64);
            writer.close();
        }

        // The 64 records and the two headers, at 1 µs a byte; idle storage had 1 ms saved up.
        final long expectedNs = (64L * PageFileFormat.RECORD_LENGTH + 2 * PageFileFormat.HEADER_LENGTH) * NS_PER_BYTE -
            StoragePacer.BURST_NS;
        assertEquals(expectedNs, writer.bytesWritten() * NS_PER_BYTE - StoragePacer.BURST_NS);
        assertEquals(expectedNs, clock.nowNs - start);
        assertEquals(expectedNs, writer.elapsedNs());
    }

    @Test
    void shouldPaceALoadLikeAWrite() throws Exception
    {
        final Path file = dir.resolve("load.pages");
        try (GuestMemory memory = GuestMemory.allocate(64))
        {
            try (PageFileWriter writer = new PageFileWriter(file, 64))
            {
                writer.write(memory, 0, 64);
            }
            final SimulatedClock clock = new SimulatedClock();
            final long start = clock.nowNs;
            try (PageFileReader reader = new PageFileReader(file, new StoragePacer(RATE_MBIT, clock, clock), 16))
            {
                reader.load(memory, PageSink.NONE);
                assertEquals(Files.size(file) * NS_PER_BYTE - StoragePacer.BURST_NS, clock.nowNs - start);
                assertEquals(clock.nowNs - start, reader.elapsedNs());
            }
        }
    }

    @Test
    void shouldSaveUpNoMoreThanOneBurstWhileIdle()
    {
        final SimulatedClock clock = new SimulatedClock();
        final StoragePacer pacer = new StoragePacer(RATE_MBIT, clock, clock);

        pacer.pace(5_000);
        assertEquals(5_000 * NS_PER_BYTE - StoragePacer.BURST_NS, clock.sleptNs);
        clock.nowNs += 1_000_000_000L;
        final long idleEnd = clock.nowNs;
        pacer.pace(5_000);

        assertEquals(idleEnd + 5_000 * NS_PER_BYTE - StoragePacer.BURST_NS, clock.nowNs);
    }

    @Test
    void shouldLetAWakeUpWithinTheBurstCostNoRate()
    {
        final SimulatedClock clock = new SimulatedClock();
        final StoragePacer pacer = new StoragePacer(RATE_MBIT, clock, clock);
        pacer.pace(10_000);
        final long booked = clock.nowNs;

        // Woken half a burst late: the next transfer is booked from where the last one ended.
        clock.nowNs += StoragePacer.BURST_NS / 2;
        pacer.pace(10_000);

        assertEquals(booked + 10_000 * NS_PER_BYTE, clock.nowNs);
    }

    @Test
    void shouldNeverSleepWhenUnpaced() throws Exception
    {
        final SimulatedClock clock = new SimulatedClock();
        final StoragePacer pacer = new StoragePacer(0, clock, (c, deadlineNs) -> { throw new AssertionError("slept"); });
        try (GuestMemory memory = GuestMemory.allocate(128);
            PageFileWriter writer = new PageFileWriter(dir.resolve("fast.pages"), 128, pacer, 8))
        {
            writer.write(memory, 0, 128);
        }
        assertEquals(0, pacer.transferNs(1 << 20));
    }

    @Test
    void shouldRefuseANegativeRate()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new StoragePacer(-1, new SimulatedClock(), DeadlineSleeper.PARKING));
        assertEquals("rateMbit must be at least 0 (0 = unpaced), was -1", e.getMessage());
    }
}
