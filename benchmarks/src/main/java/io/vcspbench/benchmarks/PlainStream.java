package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A plain bulk stream over one loopback TCP connection, the baseline of a background push: the
 * writer copies {@value #CHUNK_BYTES}-byte chunks of source guest memory, in order and wrapping
 * around at its end, into one direct buffer and writes them; the reader reads into one direct buffer
 * and copies each read to the same offset of destination guest memory, wrapping likewise. No
 * framing, no validation. The writer methods belong to one thread, {@link #read()} to the reader
 * thread ({@link #newReader}); {@link #bytesRead()} may be called from any thread. Allocation-free
 * once open.
 */
final class PlainStream implements AutoCloseable
{
    /** Bytes in one chunk of the stream. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final GuestMemory source;
    private final GuestMemory destination;
    private final long regionBytes;
    private final SocketChannel writer;
    private final SocketChannel reader;
    private final boolean readerBlocking;
    private final ByteBuffer tx = BufferUtil.allocateDirectAligned(CHUNK_BYTES, 64);
    private final long txAddress = BufferUtil.address(tx);
    private final ByteBuffer rx = BufferUtil.allocateDirectAligned(CHUNK_BYTES, 64);
    private final long rxAddress = BufferUtil.address(rx);
    private long writeOffset;
    private long readOffset;
    private volatile long bytesRead;
    private volatile boolean closing;

    /**
     * Opens the connection.
     *
     * @param source         memory the writer streams from; its size must be a multiple of a chunk.
     * @param destination    memory the reader streams into, at least as large as source.
     * @param writerBlocking blocking mode of the writer's end.
     * @param readerBlocking blocking mode of the reader's end.
     */
    PlainStream(
        final GuestMemory source, final GuestMemory destination, final boolean writerBlocking,
        final boolean readerBlocking)
    {
        if (source.sizeBytes() % CHUNK_BYTES != 0 || destination.sizeBytes() < source.sizeBytes())
        {
            throw new IllegalArgumentException("the stream needs a source of whole " + CHUNK_BYTES +
                "-byte chunks and a destination at least as large, had " + source.sizeBytes() + " and " +
                destination.sizeBytes() + " bytes");
        }
        this.source = source;
        this.destination = destination;
        this.regionBytes = source.sizeBytes();
        this.readerBlocking = readerBlocking;
        final SocketChannel[] pair = TcpPlainTransport.openPair(readerBlocking);
        this.reader = pair[0];
        this.writer = pair[1];
        try
        {
            writer.configureBlocking(writerBlocking);
        }
        catch (final IOException e)
        {
            close();
            throw new UncheckedIOException("cannot set the stream writer's blocking mode: " + e.getMessage(), e);
        }
        tx.limit(0);
    }

    /** @return the writer's end, for a selector. */
    SocketChannel writerChannel()
    {
        return writer;
    }

    /** Writer: @return whether part of the current chunk is still to be written. */
    boolean chunkPending()
    {
        return tx.hasRemaining();
    }

    /** Writer: copies the next chunk of source memory into the send buffer. */
    void nextChunk()
    {
        final long offset = writeOffset;
        UnsafeApi.copyMemory(source.baseAddress() + offset, txAddress, CHUNK_BYTES);
        tx.limit(CHUNK_BYTES).position(0);
        final long next = offset + CHUNK_BYTES;
        writeOffset = next == regionBytes ? 0 : next;
    }

    /**
     * Writer: writes what the socket takes of the current chunk (all of it in blocking mode).
     *
     * @return bytes written, 0 if the socket is full.
     */
    int write()
    {
        try
        {
            return writer.write(tx);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("stream write failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reader: one read (blocking in blocking mode) and its copy into destination memory.
     *
     * @return bytes read, 0 if none or if the stream was closed for stopping.
     */
    int read()
    {
        final long offset = readOffset;
        rx.clear().limit((int)Math.min(CHUNK_BYTES, regionBytes - offset));
        final int read;
        try
        {
            read = reader.read(rx);
        }
        catch (final IOException e)
        {
            if (closing)
            {
                return 0;
            }
            throw new UncheckedIOException("stream read failed: " + e.getMessage(), e);
        }
        if (read < 0)
        {
            if (closing)
            {
                return 0;
            }
            throw new IllegalStateException("the stream writer closed the connection");
        }
        if (read > 0)
        {
            UnsafeApi.copyMemory(rxAddress, destination.baseAddress() + offset, read);
            final long next = offset + read;
            readOffset = next == regionBytes ? 0 : next;
            bytesRead = bytesRead + read;
        }
        return read;
    }

    /** @return bytes the reader has taken so far; any thread. */
    long bytesRead()
    {
        return bytesRead;
    }

    /**
     * The reader thread: reads until stopped; stopping ends the stream so a blocked read returns.
     * Stop the writer first.
     *
     * @param name thread name suffix.
     * @param idle the reader's idle strategy.
     * @return the loop, not started.
     */
    BackgroundLoop newReader(final String name, final IdleStrategy idle)
    {
        return new BackgroundLoop(name, idle)
        {
            @Override
            int doWork()
            {
                return read();
            }

            @Override
            void wakeForStop()
            {
                closing = true;
                if (readerBlocking)
                {
                    try
                    {
                        writer.shutdownOutput();
                    }
                    catch (final IOException ignore)
                    {
                        // already closed: the reader is awake anyway
                    }
                }
            }

            @Override
            void onFailure()
            {
                // The writer fails on its next write instead of waiting on a full socket.
                TcpPlainTransport.closeQuietly(reader);
            }
        };
    }

    /** Closes both ends; idempotent. */
    @Override
    public void close()
    {
        closing = true;
        TcpPlainTransport.closeQuietly(writer);
        TcpPlainTransport.closeQuietly(reader);
    }
}
