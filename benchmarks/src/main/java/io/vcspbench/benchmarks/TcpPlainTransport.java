package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * {@link PlainTransport} over one loopback TCP connection (TCP_NODELAY, 512 KiB socket buffers as the
 * {@code tcp} link sets them): the floor of the {@code tcp} link. The client writes the 12-byte
 * request; the server reads it, copies the pages from source guest memory into one direct buffer and
 * writes it with as few {@code write} calls as the socket takes; the client reads into one direct
 * buffer, at most the bytes still due, and copies each read straight to its place in destination
 * guest memory. That is one user-space copy per side: guest memory is a Chronicle native store whose
 * {@code BytesStore} core keeps private, and Java 17 has no supported way to make a
 * {@code ByteBuffer} over a raw address, so a socket cannot read or write guest memory directly
 * without reflection into JDK internals. Non-blocking sockets polled with the idle strategies, or,
 * with {@code blocking}, blocking sockets: the server blocked in {@code read} for the request, the
 * client in {@code read} for the response.
 */
final class TcpPlainTransport extends PlainTransport
{
    /** Send and receive buffer of each socket, bytes, as the {@code tcp} link sets them. */
    static final int SOCKET_BUFFER_BYTES = 512 * 1024;

    private final SocketChannel client;
    private final SocketChannel server;
    private final ByteBuffer clientTx;
    private final ByteBuffer clientRx;
    private final long clientRxAddress;
    private final ByteBuffer serverRx;
    private final ByteBuffer serverTx;
    private final long serverTxAddress;
    private final boolean serverBlocking;
    private volatile boolean closing;

    private TcpPlainTransport(
        final GuestMemory source, final GuestMemory destination, final int maxPages, final boolean blocking,
        final boolean serverBlocking, final SocketChannel client, final SocketChannel server)
    {
        super(source, destination, blocking);
        this.serverBlocking = serverBlocking;
        this.client = client;
        this.server = server;
        final int maxResponse = maxPages * GuestMemory.PAGE_SIZE;
        clientTx = BufferUtil.allocateDirectAligned(64, 64).order(ByteOrder.LITTLE_ENDIAN);
        clientRx = BufferUtil.allocateDirectAligned(maxResponse, 64);
        clientRxAddress = BufferUtil.address(clientRx);
        serverRx = BufferUtil.allocateDirectAligned(64, 64).order(ByteOrder.LITTLE_ENDIAN);
        serverRx.limit(REQUEST_LENGTH);
        serverTx = BufferUtil.allocateDirectAligned(maxResponse, 64);
        serverTxAddress = BufferUtil.address(serverTx);
        serverTx.limit(0);
    }

    static TcpPlainTransport open(
        final GuestMemory source, final GuestMemory destination, final int maxPages, final boolean blocking)
    {
        return open(source, destination, maxPages, blocking, blocking);
    }

    /**
     * Opens a transport whose server end may differ in blocking mode from the client's, so a server
     * can wait on it with a selector while the client blocks in read.
     *
     * @param source         memory the server answers from.
     * @param destination    memory the responses land in.
     * @param maxPages       the largest request.
     * @param clientBlocking blocking mode of the client's end.
     * @param serverBlocking blocking mode of the server's end.
     * @return the transport; close it when done.
     */
    static TcpPlainTransport open(
        final GuestMemory source, final GuestMemory destination, final int maxPages, final boolean clientBlocking,
        final boolean serverBlocking)
    {
        final SocketChannel[] pair = openPair(clientBlocking);
        try
        {
            pair[1].configureBlocking(serverBlocking);
        }
        catch (final IOException e)
        {
            closeQuietly(pair[0]);
            closeQuietly(pair[1]);
            throw new UncheckedIOException("cannot set the server end's blocking mode: " + e.getMessage(), e);
        }
        return new TcpPlainTransport(source, destination, maxPages, clientBlocking, serverBlocking, pair[0], pair[1]);
    }

    /** @return the server's end, for a selector. */
    SocketChannel serverChannel()
    {
        return server;
    }

    /** Server: @return whether part of the last response is still to be written. */
    boolean responsePending()
    {
        return serverTx.hasRemaining();
    }

    /**
     * A connected loopback pair with TCP_NODELAY and {@value #SOCKET_BUFFER_BYTES}-byte buffers.
     *
     * @param blocking blocking mode of both ends.
     * @return the connecting end, then the accepted end.
     */
    static SocketChannel[] openPair(final boolean blocking)
    {
        SocketChannel a = null;
        SocketChannel b = null;
        try (ServerSocketChannel listener = ServerSocketChannel.open())
        {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            a = SocketChannel.open(listener.getLocalAddress());
            b = listener.accept();
            for (final SocketChannel s : new SocketChannel[] { a, b })
            {
                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                s.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
                s.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
                s.configureBlocking(blocking);
            }
            return new SocketChannel[] { a, b };
        }
        catch (final IOException e)
        {
            closeQuietly(a);
            closeQuietly(b);
            throw new UncheckedIOException("cannot open a loopback TCP connection: " + e.getMessage(), e);
        }
    }

    @Override
    boolean trySendRequest(final long page, final int count)
    {
        final ByteBuffer tx = clientTx;
        tx.clear();
        tx.putLong(0, page).putInt(8, count).limit(REQUEST_LENGTH);
        expectResponse(page, count);
        try
        {
            // 12 bytes into a socket the server has drained: taken by the first write.
            while (tx.hasRemaining())
            {
                if (client.write(tx) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("client write failed: " + e.getMessage(), e);
        }
        return true;
    }

    @Override
    int pollResponse()
    {
        final ByteBuffer rx = clientRx;
        rx.clear().limit(responseBytesExpected - responseBytesReceived);
        final int read;
        try
        {
            read = client.read(rx);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("client read failed: " + e.getMessage(), e);
        }
        if (read < 0)
        {
            throw new IllegalStateException("the plain server closed the connection");
        }
        if (read > 0)
        {
            UnsafeApi.copyMemory(clientRxAddress, destination.pageAddress(responsePage) + responseBytesReceived, read);
            responseBytesReceived += read;
        }
        return read;
    }

    @Override
    int serve()
    {
        try
        {
            final ByteBuffer tx = serverTx;
            if (tx.hasRemaining())
            {
                return server.write(tx);
            }
            final ByteBuffer rx = serverRx;
            final int read = server.read(rx);
            if (read < 0)
            {
                if (closing)
                {
                    return 0;
                }
                throw new IllegalStateException("the plain client closed the connection");
            }
            if (rx.hasRemaining())
            {
                return read;
            }
            final long page = rx.getLong(0);
            final int bytes = rx.getInt(8) << GuestMemory.PAGE_SHIFT;
            rx.clear().limit(REQUEST_LENGTH);
            UnsafeApi.copyMemory(source.pageAddress(page), serverTxAddress, bytes);
            tx.limit(bytes).position(0);
            return read + server.write(tx);
        }
        catch (final IOException e)
        {
            if (closing)
            {
                return 0;
            }
            throw new UncheckedIOException("server I/O failed: " + e.getMessage(), e);
        }
    }

    @Override
    void wakeServerForStop()
    {
        closing = true;
        if (serverBlocking)
        {
            try
            {
                // The server is blocked reading the next request: end of stream wakes it.
                client.shutdownOutput();
            }
            catch (final IOException ignore)
            {
                // already closed: the server is awake anyway
            }
        }
    }

    @Override
    void onServerFailure()
    {
        // Wakes a client blocked in read with end of stream.
        closeQuietly(server);
    }

    @Override
    public void close()
    {
        closing = true;
        closeQuietly(client);
        closeQuietly(server);
    }

    static void closeQuietly(final SocketChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // closing after the benchmark: nothing left to do with it
            }
        }
    }
}
