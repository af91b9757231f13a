package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * {@link PlainTransport} over two Agrona one-to-one ring buffers, the same rings the {@code ipc}
 * link uses, with raw messages: the request as 12 bytes, the response written in place from source
 * memory ({@code tryClaim}/{@code commit}) and copied out into destination memory.
 */
final class IpcPlainTransport extends PlainTransport
{
    private static final int MSG_TYPE_ID = 1;
    private static final int RING_CAPACITY = 4 * 1024 * 1024;

    private final OneToOneRingBuffer requests = newRing();
    private final OneToOneRingBuffer responses = newRing();
    private final UnsafeBuffer request = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final UnsafeBuffer sourceView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer destinationView = new UnsafeBuffer(0, 0);
    private final MessageHandler onRequest = this::onRequest;
    private final MessageHandler onResponse = this::onResponse;
    private int served;

    IpcPlainTransport(final GuestMemory source, final GuestMemory destination, final int maxPages)
    {
        super(source, destination);
        if (maxPages * GuestMemory.PAGE_SIZE > responses.maxMsgLength())
        {
            throw new IllegalArgumentException("maxPages " + maxPages + " exceeds the ring's message limit");
        }
    }

    private static OneToOneRingBuffer newRing()
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(RING_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH, 64)));
    }

    @Override
    boolean trySendRequest(final long page, final int count)
    {
        request.putLong(0, page);
        request.putInt(8, count);
        if (!requests.write(MSG_TYPE_ID, request, 0, REQUEST_LENGTH))
        {
            return false;
        }
        expectResponse(page, count);
        return true;
    }

    @Override
    int pollResponse()
    {
        final int before = responseBytesReceived;
        responses.read(onResponse, 1);
        return responseBytesReceived - before;
    }

    private void onResponse(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        destinationView.wrap(destination.pageAddress(responsePage), length);
        buffer.getBytes(index, destinationView, 0, length);
        responseBytesReceived += length;
    }

    @Override
    int serve()
    {
        served = 0;
        requests.read(onRequest, 16);
        return served;
    }

    private void onRequest(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long page = buffer.getLong(index);
        final int bytes = buffer.getInt(index + 8) * GuestMemory.PAGE_SIZE;
        int claim;
        while ((claim = responses.tryClaim(MSG_TYPE_ID, bytes)) < 0)
        {
            // The client drains a response before it asks again, so this spin is never long.
            Thread.onSpinWait();
        }
        final AtomicBuffer ring = responses.buffer();
        sourceView.wrap(source.pageAddress(page), bytes);
        ring.putBytes(claim, sourceView, 0, bytes);
        responses.commit(claim);
        served += bytes;
    }

    @Override
    public void close()
    {
        // Heap-owned direct buffers: nothing to release explicitly.
    }
}
