package io.vcspbench.core.link;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Paces one direction of a link to a bandwidth: a virtual clock of when the wire is next free. A
 * frame may leave when the wire is free ({@link #canSend(long)}); taking it ({@link #consume})
 * moves the wire's free time on by the frame's serialization time. Unused time can be saved up to
 * {@link #BURST_NS}, so a sender that wakes a little late does not lose bandwidth, but an idle link
 * does not build up a burst.
 *
 * <p>Fault traffic goes first, as it would on a link where the demand connection's packets are
 * interleaved with the push connection's at packet granularity (QEMU's postcopy "preempt" channel):
 * a priority frame ({@link #canSendPriority}, {@link #consumePriority}) need not wait for pushed
 * frames already booked, only for the packet on the wire ({@link #PACKET_BYTES}); it still books its
 * own time, which pushes later background frames back, so the total never exceeds the bandwidth.
 * Priority frames may overtake only while the backlog is at most one largest frame, so they cannot
 * exceed the bandwidth on their own either.
 *
 * <p>Shared by the two channels of one link end, which may be driven by two threads (the
 * destination's vCPU sends requests while its receiver sends COMPLETE), so it is lock-free and
 * thread-safe. Allocation-free.
 */
final class Pacer
{
    /** Most saved-up send time, ns. */
    static final long BURST_NS = 1_000_000L;

    /** The packet a priority frame waits behind: an Ethernet MTU. */
    static final int PACKET_BYTES = 1500;

    private final long bandwidthMbit;
    private final long priorityBacklogNs;
    private final AtomicLong wireFreeNs = new AtomicLong(Long.MIN_VALUE / 2);

    /**
     * @param bandwidthMbit link rate in Mbit/s (10^6 bits per second), at least 1.
     */
    Pacer(final long bandwidthMbit, final int maxFrameLength)
    {
        if (bandwidthMbit < 1)
        {
            throw new IllegalArgumentException("bandwidthMbit must be at least 1, was " + bandwidthMbit);
        }
        this.bandwidthMbit = bandwidthMbit;
        this.priorityBacklogNs = serializationNs(maxFrameLength);
    }

    /**
     * @param bytes frame length.
     * @return the time the frame occupies the wire, ns.
     */
    long serializationNs(final int bytes)
    {
        // bytes * 8 bits / (Mbit * 10^6 bit/s) s = bytes * 8000 / Mbit ns
        return bytes * 8_000L / bandwidthMbit;
    }

    /**
     * @param nowNs current time.
     * @return whether a frame may leave now.
     */
    boolean canSend(final long nowNs)
    {
        return wireFreeNs.get() <= nowNs;
    }

    /**
     * @param nowNs current time.
     * @return whether a priority (fault) frame may leave now: at most one largest frame is booked ahead.
     */
    boolean canSendPriority(final long nowNs)
    {
        return wireFreeNs.get() - nowNs <= priorityBacklogNs;
    }

    /**
     * @param nowNs current time.
     * @return ns until {@link #canSend} is true, 0 when it is now.
     */
    long delayNs(final long nowNs)
    {
        return Math.max(0, wireFreeNs.get() - nowNs);
    }

    /**
     * @param nowNs current time.
     * @return ns until {@link #canSendPriority} is true, 0 when it is now.
     */
    long priorityDelayNs(final long nowNs)
    {
        return Math.max(0, wireFreeNs.get() - nowNs - priorityBacklogNs);
    }

    /**
     * Books the wire's time for a priority frame leaving now, ahead of booked background frames.
     *
     * @param bytes frame length.
     * @param nowNs current time.
     * @return when the frame's last bit has left: after the packet on the wire and its own bits.
     */
    long consumePriority(final int bytes, final long nowNs)
    {
        final long cost = serializationNs(bytes);
        long free;
        do
        {
            free = wireFreeNs.get();
        }
        while (!wireFreeNs.compareAndSet(free, Math.max(free, nowNs - BURST_NS) + cost));
        return nowNs + (free > nowNs ? serializationNs(PACKET_BYTES) : 0) + cost;
    }

    /**
     * Books the wire for one frame that is leaving now.
     *
     * @param bytes frame length.
     * @param nowNs current time.
     * @return when the frame's last bit has left, ns (never before {@code nowNs}).
     */
    long consume(final int bytes, final long nowNs)
    {
        final long cost = serializationNs(bytes);
        long free;
        long end;
        do
        {
            free = wireFreeNs.get();
            end = Math.max(free, nowNs - BURST_NS) + cost;
        }
        while (!wireFreeNs.compareAndSet(free, end));
        return Math.max(end, nowNs);
    }
}
