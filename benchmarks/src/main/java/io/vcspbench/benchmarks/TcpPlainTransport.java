package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

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
 * {@link PlainTransport} over one loopback TCP connection with the {@code tcp} link's socket settings
 * (non-blocking, TCP_NODELAY, 512 KiB buffers, direct byte buffers): the server copies the pages
 * from source memory into its send buffer and writes them; the client reads into its receive buffer
 * and copies into destination memory, the same copies the {@code tcp} link makes.
 */
final class TcpPlainTransport extends PlainTransport
{
    private static final int SOCKET_BUFFER_BYTES = 512 * 1024;

    private final SocketChannel client;
    private final SocketChannel server;
    private final ByteBuffer clientTx;
    private final ByteBuffer clientRx;
    private final UnsafeBuffer clientRxView;
    private final ByteBuffer serverRx;
    private final ByteBuffer serverTx;
    private final UnsafeBuffer serverTxView;
    private final UnsafeBuffer sourceView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer destinationView = new UnsafeBuffer(0, 0);

    private TcpPlainTransport(
        final GuestMemory source, final GuestMemory destination, final int maxPages,
        final SocketChannel client, final SocketChannel server)
    {
        super(source, destination);
        this.client = client;
        this.server = server;
        final int maxResponse = maxPages * GuestMemory.PAGE_SIZE;
        clientTx = BufferUtil.allocateDirectAligned(64, 64).order(ByteOrder.LITTLE_ENDIAN);
        clientRx = BufferUtil.allocateDirectAligned(Math.max(SOCKET_BUFFER_BYTES, maxResponse), 64);
        clientRxView = new UnsafeBuffer(clientRx);
        serverRx = BufferUtil.allocateDirectAligned(64, 64).order(ByteOrder.LITTLE_ENDIAN);
        serverTx = BufferUtil.allocateDirectAligned(maxResponse, 64);
        serverTxView = new UnsafeBuffer(serverTx);
        serverTx.limit(0);
    }

    static TcpPlainTransport open(final GuestMemory source, final GuestMemory destination, final int maxPages)
    {
        SocketChannel client = null;
        SocketChannel server = null;
        try (ServerSocketChannel listener = ServerSocketChannel.open())
        {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client = SocketChannel.open(listener.getLocalAddress());
            server = listener.accept();
            for (final SocketChannel s : new SocketChannel[] { client, server })
            {
                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                s.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
                s.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
                s.configureBlocking(false);
            }
            return new TcpPlainTransport(source, destination, maxPages, client, server);
        }
        catch (final IOException e)
        {
            closeQuietly(client);
            closeQuietly(server);
            throw new UncheckedIOException("cannot open a loopback TCP connection: " + e.getMessage(), e);
        }
    }

    @Override
    boolean trySendRequest(final long page, final int count)
    {
        clientTx.clear();
        clientTx.putLong(0, page).putInt(8, count).limit(REQUEST_LENGTH);
        expectResponse(page, count);
        try
        {
            while (clientTx.hasRemaining())
            {
                // 12 bytes into an empty socket buffer: taken at once.
                client.write(clientTx);
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
        try
        {
            clientRx.clear();
            final int read = client.read(clientRx);
            if (read < 0)
            {
                throw new IllegalStateException("server closed the connection");
            }
            if (read > 0)
            {
                destinationView.wrap(destination.pageAddress(responsePage) + responseBytesReceived, read);
                clientRxView.getBytes(0, destinationView, 0, read);
                responseBytesReceived += read;
            }
            return read;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("client read failed: " + e.getMessage(), e);
        }
    }

    @Override
    int serve()
    {
        try
        {
            if (serverTx.hasRemaining())
            {
                return server.write(serverTx);
            }
            final int read = server.read(serverRx);
            if (read < 0)
            {
                throw new IllegalStateException("client closed the connection");
            }
            if (serverRx.position() < REQUEST_LENGTH)
            {
                return read;
            }
            final long page = serverRx.getLong(0);
            final int bytes = serverRx.getInt(8) * GuestMemory.PAGE_SIZE;
            serverRx.clear();
            sourceView.wrap(source.pageAddress(page), bytes);
            serverTxView.putBytes(0, sourceView, 0, bytes);
            serverTx.limit(bytes).position(0);
            return read + server.write(serverTx);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("server I/O failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close()
    {
        closeQuietly(client);
        closeQuietly(server);
    }

    private static void closeQuietly(final SocketChannel channel)
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
