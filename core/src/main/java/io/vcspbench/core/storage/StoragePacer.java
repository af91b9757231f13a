package io.vcspbench.core.storage;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Paces transfers to and from shared storage to a rate: a virtual clock of when the storage is next
 * free. Each transfer books its bytes' time after the bookings before it and the caller sleeps until
 * its booking ends, so a paced transfer of N bytes takes at least N * 8 / rate, whatever the disk
 * could do. Unused time can be saved up to {@link #BURST_NS}, so a transfer that wakes a little late
 * does not lose rate, but idle storage does not build up a burst.
 *
 * <p>One pacer stands for one storage: every file open on it shares the rate, so it is lock-free and
 * thread-safe (the source's writer and the destination's reader may run at once). Allocation-free.
 */
public final class StoragePacer
{
    /** Most saved-up transfer time, ns. */
    public static final long BURST_NS = 1_000_000L;

    /** A pacer that never waits: storage as fast as the disk goes. */
    public static final StoragePacer UNPACED = new StoragePacer(0, SystemNanoClock.INSTANCE, DeadlineSleeper.PARKING);

    private final long rateMbit;
    private final NanoClock clock;
    private final DeadlineSleeper sleeper;
    private final AtomicLong freeNs = new AtomicLong(Long.MIN_VALUE / 2);

    /**
     * @param rateMbit storage rate in Mbit/s (10^6 bits per second); 0 for as fast as the disk goes.
     * @param clock    the clock the bookings are made on; also times the files' transfers.
     * @param sleeper  how to wait for a booking to end.
     * @throws IllegalArgumentException if the rate is negative.
     */
    public StoragePacer(final long rateMbit, final NanoClock clock, final DeadlineSleeper sleeper)
    {
        if (rateMbit < 0)
        {
            throw new IllegalArgumentException("rateMbit must be at least 0 (0 = unpaced), was " + rateMbit);
        }
        this.rateMbit = rateMbit;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** @return storage rate in Mbit/s; 0 when unpaced. */
    public long rateMbit()
    {
        return rateMbit;
    }

    /** @return the clock the pacer books on and the files time their transfers with. */
    public NanoClock clock()
    {
        return clock;
    }

    /**
     * @param bytes transfer length.
     * @return the time the transfer takes at the rate, ns; 0 when unpaced.
     */
    public long transferNs(final long bytes)
    {
        // bytes * 8 bits / (Mbit * 10^6 bit/s) s = bytes * 8000 / Mbit ns
        return rateMbit == 0 ? 0 : bytes * 8_000L / rateMbit;
    }

    /**
     * Books the storage's time for a transfer that has just been done and sleeps until the booking
     * ends. Returns at once when unpaced.
     *
     * @param bytes transfer length.
     */
    public void pace(final long bytes)
    {
        if (rateMbit == 0)
        {
            return;
        }
        final long nowNs = clock.nanoTime();
        final long cost = transferNs(bytes);
        long free;
        long end;
        do
        {
            free = freeNs.get();
            end = Math.max(free, nowNs - BURST_NS) + cost;
        }
        while (!freeNs.compareAndSet(free, end));
        if (end > nowNs)
        {
            sleeper.sleepUntil(clock, end);
        }
    }
}
