package io.vcspbench.core.link;

import org.agrona.BufferUtil;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Channel end over one non-blocking NIO socket (TCP_NODELAY) with a direct send buffer and a direct
 * receive buffer. {@link #trySend} encodes the frame into the send buffer (payload copied straight
 * from guest memory) and writes as much as the socket takes; {@link #flush()} writes the rest.
 * {@link #poll} reads what the socket has and delivers every complete, validated and due frame
 * straight from the receive buffer.
 *
 * <p>Send side and poll side each belong to one thread; {@link #close()} may come from any thread.
 * Allocation-free once open.
 */
final class TcpChannel extends AbstractChannel
{
    private final SocketChannel socket;
    private final String peer;
    private final long clockOffsetNs;

    private final ByteBuffer tx;
    private final UnsafeBuffer txView;
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);
    private int txStart;
    private int txEnd;

    private final ByteBuffer rx;
    private final UnsafeBuffer rxView;
    private int rxStart;
    private int rxEnd;
    private boolean eof;

    /**
     * @param codec         framing for this channel.
     * @param socket        a connected socket past the handshake; made non-blocking here.
     * @param peer          the peer's address, for messages.
     * @param pacer         shared pacer of this end, or null when unpaced.
     * @param clock         time source.
     * @param latencyNs     added one-way latency, ns.
     * @param clockOffsetNs peer's nanoTime to ours, from the handshake (0 in one process).
     * @param bufferBytes   send and receive buffer size, at least two frames.
     */
    TcpChannel(
        final FrameCodec codec, final SocketChannel socket, final String peer, final Pacer pacer,
        final NanoClock clock, final long latencyNs, final long clockOffsetNs, final int bufferBytes) throws IOException
    {
        super(codec, pacer, clock, latencyNs);
        this.socket = socket;
        this.peer = peer;
        this.clockOffsetNs = clockOffsetNs;
        socket.configureBlocking(false);
        final int capacity = Math.max(bufferBytes, 2 * codec.maxFrameLength());
        tx = BufferUtil.allocateDirectAligned(capacity, 64);
        txView = new UnsafeBuffer(tx);
        rx = BufferUtil.allocateDirectAligned(capacity, 64);
        rxView = new UnsafeBuffer(rx);
    }

    @Override
    public boolean trySend(
        final int type, final int flags, final long page, final int count, final long payloadAddress,
        final int payloadLength)
    {
        checkOpen();
        final int length = frameLength(payloadLength);
        final long nowNs = clock.nanoTime();
        if (!wireFree(nowNs))
        {
            return false;
        }
        if (txEnd - txStart >= codec.maxFrameLength())
        {
            flush();
            if (txEnd - txStart >= codec.maxFrameLength())
            {
                // The socket is full: buffering more here would only queue frames behind it and make
                // compacting the buffer copy them over and over.
                return false;
            }
        }
        if (tx.capacity() - txEnd < length)
        {
            flush();
            if (tx.capacity() - txEnd < length)
            {
                compactTx();
                if (tx.capacity() - txEnd < length)
                {
                    return false;
                }
            }
        }
        final long sendNs = depart(length, nowNs);
        if (payloadLength > 0)
        {
            payloadView.wrap(payloadAddress, payloadLength);
            txView.putBytes(txEnd + Frame.HEADER_LENGTH, payloadView, 0, payloadLength);
        }
        // The CRC covers the copy, not the source: pre-copy sends pages the guest may be writing.
        codec.putHeader(txView, txEnd, type, flags, page, count, txView.addressOffset() + txEnd + Frame.HEADER_LENGTH,
            payloadLength, sendNs);
        txEnd += length;
        bytesSent += length;
        flush();
        return true;
    }

    @Override
    public int flush()
    {
        if (txStart == txEnd)
        {
            return 0;
        }
        checkOpen();
        try
        {
            tx.limit(txEnd).position(txStart);
            final int written = socket.write(tx);
            txStart += written;
            if (txStart == txEnd)
            {
                txStart = 0;
                txEnd = 0;
            }
            return written;
        }
        catch (final IOException e)
        {
            throw new LinkException("connection to " + peer + " lost while sending on the " + codec.channelName() +
                " channel: " + e.getMessage(), e);
        }
    }

    private void compactTx()
    {
        if (txStart > 0)
        {
            final int pending = txEnd - txStart;
            txView.putBytes(0, txView, txStart, pending);
            txStart = 0;
            txEnd = pending;
        }
    }

    @Override
    public boolean isFlushed()
    {
        return txStart == txEnd;
    }

    @Override
    public int poll(final FrameHandler handler, final int limit)
    {
        checkOpen();
        if (!eof && rxEnd < rx.capacity())
        {
            readSocket();
        }
        int delivered = 0;
        heldUntilNs = Long.MAX_VALUE;
        final long nowNs = holdFrames ? clock.nanoTime() : 0;
        while (delivered < limit)
        {
            final int available = rxEnd - rxStart;
            if (available < Frame.HEADER_LENGTH)
            {
                break;
            }
            final int length = codec.checkedLength(rxView, rxStart);
            if (available < length)
            {
                break;
            }
            if (holdFrames)
            {
                final long dueNs = FrameCodec.sendNs(rxView, rxStart) + clockOffsetNs + latencyNs;
                if (dueNs > nowNs)
                {
                    heldUntilNs = dueNs;
                    break;
                }
            }
            codec.deliver(rxView, rxStart, length, handler);
            rxStart += length;
            bytesReceived += length;
            delivered++;
        }
        if (rxStart == rxEnd)
        {
            rxStart = 0;
            rxEnd = 0;
            if (eof && delivered == 0)
            {
                throw new LinkException("peer " + peer + " closed the connection (" + codec.channelName() + " channel)");
            }
        }
        else if (rx.capacity() - rxStart < codec.maxFrameLength())
        {
            final int pending = rxEnd - rxStart;
            rxView.putBytes(0, rxView, rxStart, pending);
            rxStart = 0;
            rxEnd = pending;
        }
        if (eof && delivered == 0 && rxEnd - rxStart > 0 && !frameDue())
        {
            throw new LinkException("peer " + peer + " closed the connection in the middle of a frame (" +
                codec.channelName() + " channel)");
        }
        return delivered;
    }

    private boolean frameDue()
    {
        final int available = rxEnd - rxStart;
        return available >= Frame.HEADER_LENGTH && available >= codec.checkedLength(rxView, rxStart);
    }

    private void readSocket()
    {
        try
        {
            rx.limit(rx.capacity()).position(rxEnd);
            final int read = socket.read(rx);
            if (read < 0)
            {
                eof = true;
            }
            else
            {
                rxEnd += read;
            }
        }
        catch (final IOException e)
        {
            throw new LinkException("connection to " + peer + " lost on the " + codec.channelName() + " channel: " +
                e.getMessage(), e);
        }
    }

    @Override
    void watchedBy(final Waiter waiter)
    {
        if (waiter instanceof SelectorWaiter)
        {
            ((SelectorWaiter)waiter).add(this, socket);
        }
        else if (!(waiter instanceof IdleWaiter))
        {
            throw new IllegalArgumentException("a TCP channel is watched by a selector or polled, not by " +
                waiter.getClass().getSimpleName());
        }
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // closing: nothing left to do with the socket
            }
        }
    }

}
