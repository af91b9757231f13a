package io.vcspbench.core.destination;

import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.FrameHandler;

import java.util.concurrent.ConcurrentLinkedQueue;

/** A test channel that records the frames sent on it and delivers nothing. */
final class RecordingChannel implements Channel
{
    final ConcurrentLinkedQueue<long[]> sent = new ConcurrentLinkedQueue<>();

    @Override
    public boolean trySend(final int type, final int flags, final long page, final int count, final long payloadAddress,
        final int payloadLength)
    {
        sent.add(new long[]{ type, page, count });
        return true;
    }

    @Override
    public int flush()
    {
        return 0;
    }

    @Override
    public boolean isFlushed()
    {
        return true;
    }

    @Override
    public int poll(final FrameHandler handler, final int limit)
    {
        return 0;
    }

    @Override
    public long heldUntilNs()
    {
        return Long.MAX_VALUE;
    }

    @Override
    public long sendDelayNs(final long nowNs)
    {
        return 0;
    }

    @Override
    public long bytesSent()
    {
        return 0;
    }

    @Override
    public long bytesReceived()
    {
        return 0;
    }

    @Override
    public void close()
    {
    }
}
