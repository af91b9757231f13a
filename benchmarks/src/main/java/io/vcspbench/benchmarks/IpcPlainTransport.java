package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * {@link PlainTransport} between two threads of one JVM with one copy: the floor of the {@code ipc}
 * link. The client writes (page, count) into a slot on its own cache line and publishes it with an
 * ordered write of a request sequence number; the server sees the new sequence, copies the pages
 * straight from source guest memory into destination guest memory ({@code UnsafeApi.copyMemory}) and
 * publishes the sequence as done on another cache line; the client sees it. Nothing else is copied
 * and nothing else is written. With {@code blocking}, each side parks ({@code LockSupport.parkNanos}
 * with a bounded timeout, re-checking) and the other unparks it after publishing; otherwise both poll
 * with their idle strategies.
 */
final class IpcPlainTransport extends PlainTransport
{
    private static final int LINE = 128;
    private static final int REQUEST_SEQ_OFFSET = LINE;
    private static final int REQUEST_PAGE_OFFSET = LINE + 8;
    private static final int REQUEST_COUNT_OFFSET = LINE + 16;
    private static final int DONE_SEQ_OFFSET = 2 * LINE;
    private static final int SLOTS_LENGTH = 3 * LINE;

    // Padded on both sides (a line before, a line after) so neither slot shares a line with anything else.
    private final UnsafeBuffer slots = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SLOTS_LENGTH, LINE));
    private long requestSeq;
    private long servedSeq;
    private volatile Thread clientThread;
    private volatile Thread serverThread;

    IpcPlainTransport(final GuestMemory source, final GuestMemory destination, final boolean blocking)
    {
        super(source, destination, blocking);
    }

    @Override
    boolean trySendRequest(final long page, final int count)
    {
        if (blocking && clientThread != Thread.currentThread())
        {
            clientThread = Thread.currentThread();
        }
        final long seq = requestSeq + 1;
        requestSeq = seq;
        expectResponse(page, count);
        slots.putLong(REQUEST_PAGE_OFFSET, page);
        slots.putInt(REQUEST_COUNT_OFFSET, count);
        slots.putLongOrdered(REQUEST_SEQ_OFFSET, seq);
        if (blocking)
        {
            final Thread server = serverThread;
            if (server != null)
            {
                LockSupport.unpark(server);
            }
        }
        return true;
    }

    @Override
    int pollResponse()
    {
        if (slots.getLongVolatile(DONE_SEQ_OFFSET) != requestSeq)
        {
            return 0;
        }
        final int bytes = responseBytesExpected - responseBytesReceived;
        responseBytesReceived = responseBytesExpected;
        return bytes;
    }

    @Override
    int serve()
    {
        if (blocking && serverThread == null)
        {
            serverThread = Thread.currentThread();
        }
        final long seq = slots.getLongVolatile(REQUEST_SEQ_OFFSET);
        if (seq == servedSeq)
        {
            return 0;
        }
        final long page = slots.getLong(REQUEST_PAGE_OFFSET);
        final int bytes = slots.getInt(REQUEST_COUNT_OFFSET) << GuestMemory.PAGE_SHIFT;
        UnsafeApi.copyMemory(source.pageAddress(page), destination.pageAddress(page), bytes);
        servedSeq = seq;
        slots.putLongOrdered(DONE_SEQ_OFFSET, seq);
        if (blocking)
        {
            LockSupport.unpark(clientThread);
        }
        return bytes;
    }

    @Override
    void wakeServerForStop()
    {
        final Thread server = serverThread;
        if (server != null)
        {
            LockSupport.unpark(server);
        }
    }

    @Override
    void onServerFailure()
    {
        final Thread client = clientThread;
        if (client != null)
        {
            LockSupport.unpark(client);
        }
    }

    @Override
    public void close()
    {
        // A heap-owned direct buffer: nothing to release explicitly.
    }
}
