package io.vcspbench.core.link;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * In-process channel end over two Agrona one-to-one ring buffers, one per direction. A frame is
 * written in place into the ring ({@code tryClaim}/{@code commit}): header, then the payload copied
 * straight from guest memory. A frame not yet due (latency emulation) is left in the ring
 * ({@code ABORT}) until it is. Allocation-free once open.
 */
final class IpcChannel extends AbstractChannel
{
    private static final int MSG_TYPE_ID = 1;

    private final IpcPipe out;
    private final IpcPipe in;
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);
    private final ControlledMessageHandler reader = this::onMessage;

    private FrameHandler handler;

    IpcChannel(
        final FrameCodec codec, final IpcPipe out, final IpcPipe in, final Pacer pacer, final NanoClock clock,
        final long latencyNs)
    {
        super(codec, pacer, clock, latencyNs);
        this.out = out;
        this.in = in;
    }

    @Override
    public boolean trySend(
        final int type, final int flags, final long page, final int count, final long payloadAddress,
        final int payloadLength)
    {
        checkOpen();
        if (out.readerClosed)
        {
            throw new LinkException("peer closed the link (" + codec.channelName() + " channel)");
        }
        final int length = frameLength(payloadLength);
        final long nowNs = clock.nanoTime();
        if (!wireFree(nowNs))
        {
            return false;
        }
        final OneToOneRingBuffer ring = out.ring;
        final int index = ring.tryClaim(MSG_TYPE_ID, length);
        if (index < 0)
        {
            out.writerBlocked = true;
            return false;
        }
        final long sendNs = depart(length, nowNs);
        final AtomicBuffer buffer = ring.buffer();
        if (payloadLength > 0)
        {
            payloadView.wrap(payloadAddress, payloadLength);
            buffer.putBytes(index + Frame.HEADER_LENGTH, payloadView, 0, payloadLength);
        }
        // The CRC covers the copy, not the source: pre-copy sends pages the guest may be writing.
        codec.putHeader(buffer, index, type, flags, page, count, buffer.addressOffset() + index + Frame.HEADER_LENGTH,
            payloadLength, sendNs);
        ring.commit(index);
        bytesSent += length;
        final Waiter reader = out.readerWaiter;
        if (reader != null)
        {
            reader.wake();
        }
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
        checkOpen();
        this.handler = handler;
        heldUntilNs = Long.MAX_VALUE;
        int read = in.ring.controlledRead(reader, limit);
        if (read == 0 && heldUntilNs == Long.MAX_VALUE && in.ring.size() > 0)
        {
            // A read that met the padding at the ring's end consumes it and stops there, delivering
            // nothing although a frame waits at the start: its wake-up has been used, so read it now.
            read = in.ring.controlledRead(reader, limit);
        }
        if (read > 0 && in.writerBlocked)
        {
            in.writerBlocked = false;
            final Waiter writer = in.writerWaiter;
            if (writer != null)
            {
                writer.wake();
            }
        }
        if (read == 0 && in.writerClosed && in.ring.size() == 0)
        {
            throw new LinkException("peer closed the link (" + codec.channelName() + " channel)");
        }
        return read;
    }

    private ControlledMessageHandler.Action onMessage(
        final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (length < Frame.HEADER_LENGTH)
        {
            throw new LinkException("invalid frame on the " + codec.channelName() + " channel: " + length +
                " bytes, shorter than a header; closing the link");
        }
        if (holdFrames)
        {
            final long dueNs = FrameCodec.sendNs(buffer, index) + latencyNs;
            if (dueNs > clock.nanoTime())
            {
                heldUntilNs = dueNs;
                return ControlledMessageHandler.Action.ABORT;
            }
        }
        if (codec.checkedLength(buffer, index) != length)
        {
            throw codec.invalid(buffer, index, "length field does not match the " + length + " bytes received");
        }
        codec.deliver(buffer, index, length, handler);
        bytesReceived += length;
        return ControlledMessageHandler.Action.CONTINUE;
    }

    @Override
    void watchedBy(final Waiter waiter)
    {
        if (waiter instanceof ParkWaiter)
        {
            in.readerWaiter = waiter;
            out.writerWaiter = waiter;
        }
        else if (!(waiter instanceof IdleWaiter))
        {
            throw new IllegalArgumentException("an in-process channel is watched by parking or polled, not by " +
                waiter.getClass().getSimpleName());
        }
    }

    @Override
    public void close()
    {
        closed = true;
        final Waiter reader = out.readerWaiter;
        if (reader != null)
        {
            reader.wake();
        }
        out.writerClosed = true;
        in.readerClosed = true;
    }

    /** @return the ring this end writes, for tests that inject raw bytes. */
    RingBuffer outboundRing()
    {
        return out.ring;
    }
}
