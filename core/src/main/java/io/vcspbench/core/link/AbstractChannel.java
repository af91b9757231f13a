package io.vcspbench.core.link;

import org.agrona.concurrent.NanoClock;

/**
 * What the IPC and TCP channels share: framing, pacing, latency emulation, byte counts and the
 * closed state. Counters are written by the channel's own threads and meant to be read after they
 * stop.
 */
abstract class AbstractChannel implements Channel
{
    final FrameCodec codec;
    final Pacer pacer;
    final NanoClock clock;
    final long latencyNs;
    /** Whether a frame must wait for its due time: with an added latency, or the serialization time of a paced link. */
    final boolean holdFrames;
    /** Whether this channel's frames go ahead of the other channel's on a paced link (the demand channel). */
    final boolean priority;
    long bytesSent;
    long bytesReceived;
    /** When the first frame the last poll held back falls due, clock ns; {@link Long#MAX_VALUE} when none was held. */
    long heldUntilNs = Long.MAX_VALUE;
    volatile boolean closed;

    AbstractChannel(final FrameCodec codec, final Pacer pacer, final NanoClock clock, final long latencyNs)
    {
        this.codec = codec;
        this.pacer = pacer;
        this.clock = clock;
        this.latencyNs = latencyNs;
        this.holdFrames = latencyNs > 0 || pacer != null;
        this.priority = codec.priority();
    }

    /**
     * @return the frame length for a payload, after checking it fits.
     */
    final int frameLength(final int payloadLength)
    {
        final int length = Frame.HEADER_LENGTH + payloadLength;
        if (length > codec.maxFrameLength())
        {
            throw new IllegalArgumentException("frame of " + length + " bytes exceeds " + codec.maxFrameLength());
        }
        return length;
    }

    /** @return whether the pacer lets a frame leave at {@code nowNs}. */
    final boolean wireFree(final long nowNs)
    {
        return pacer == null || (priority ? pacer.canSendPriority(nowNs) : pacer.canSend(nowNs));
    }

    /** Books the wire for a frame leaving now; @return its departure stamp (last bit sent). */
    final long depart(final int length, final long nowNs)
    {
        if (pacer == null)
        {
            return nowNs;
        }
        return priority ? pacer.consumePriority(length, nowNs) : pacer.consume(length, nowNs);
    }

    /**
     * Lets a waiter know of this channel: its arrivals (and room to send) wake the waiter's thread.
     *
     * @param waiter the waiter of the thread that reads this channel.
     */
    abstract void watchedBy(Waiter waiter);

    @Override
    public final long heldUntilNs()
    {
        return heldUntilNs;
    }

    @Override
    public final long sendDelayNs(final long nowNs)
    {
        if (pacer == null)
        {
            return 0;
        }
        return priority ? pacer.priorityDelayNs(nowNs) : pacer.delayNs(nowNs);
    }

    final void checkOpen()
    {
        if (closed)
        {
            throw new LinkException("the " + codec.channelName() + " channel is closed");
        }
    }

    @Override
    public final long bytesSent()
    {
        return bytesSent;
    }

    @Override
    public final long bytesReceived()
    {
        return bytesReceived;
    }
}
