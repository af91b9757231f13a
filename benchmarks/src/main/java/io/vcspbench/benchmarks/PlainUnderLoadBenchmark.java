package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The loaded floor for a fault under a running background push: a plain request/response round
 * trip (a 12-byte request, {@code pages × 4096} raw bytes of source guest memory back, copied into the
 * same pages of destination guest memory) on one loopback TCP connection while a plain bulk stream
 * ({@link PlainStream}: 64 KiB chunks of a 64 MiB source guest, wrapping, into the destination guest)
 * runs on another. The threads mirror a migration's:
 * <ul>
 * <li>one server thread answers requests and writes the stream; a request that has arrived is served
 * (its response wholly written) before the next stream write; with {@code block} it waits in one
 * {@code Selector.select(Consumer, timeout)} over the request socket's OP_READ and, when the stream
 * socket is full, the stream socket's OP_WRITE;</li>
 * <li>one stream-reader thread reads the stream into destination memory (a blocking read with
 * {@code block});</li>
 * <li>the benchmark thread is the client (a blocking read of its response with {@code block}).</li>
 * </ul>
 * With {@code bandwidthMbit} above 0 the stream is paced by a virtual wire clock: a chunk is written
 * only when its slot has come ({@code 65536 × 8 / bandwidthMbit} µs apart, up to two slots of credit
 * after a late wake-up, because a select's timeout is in whole milliseconds); the request/response is
 * never paced. With {@code spin} or {@code backoff} all sockets are non-blocking and every thread
 * polls with that idle strategy. Secondary results: {@link StreamRate#streamMBps} and
 * {@link ThreadAllocation#threadAllocBytesPerOp} (benchmark, server and reader threads).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class PlainUnderLoadBenchmark
{
    /** Guest memory per side, pages (64 MiB): the stream's region and the faults' range. */
    static final int GUEST_PAGES = 16 * 1024;

    /** N, pages in one response. */
    @Param({ "1", "10", "64" })
    public int pages;

    /** The stream's pace, Mbit/s; 0 streams as fast as the socket takes it. */
    @Param({ "0", "1000" })
    public int bandwidthMbit;

    /** How the threads wait: {@code block} (see {@link PlainWait}), {@code spin} or {@code backoff}. */
    @Param({ "block" })
    public String waitStrategy;

    private GuestMemory sourceMemory;
    private GuestMemory destinationMemory;
    private TcpPlainTransport transport;
    private PlainStream stream;
    private LoadServer server;
    private BackgroundLoop reader;
    private IdleStrategy idle;
    private long nextPage;

    /** Allocates both guests, opens both connections and starts the server and reader threads. */
    @Setup(Level.Trial)
    public void setUp()
    {
        if (bandwidthMbit < 0)
        {
            throw new IllegalArgumentException("bandwidthMbit must be 0 (unpaced) or more, was " + bandwidthMbit);
        }
        final boolean block = PlainWait.isBlock(waitStrategy);
        idle = PlainWait.newIdleStrategy(waitStrategy);
        sourceMemory = GuestMemory.allocate(GUEST_PAGES);
        sourceMemory.fillPattern(1);
        destinationMemory = GuestMemory.allocate(GUEST_PAGES);
        transport = TcpPlainTransport.open(sourceMemory, destinationMemory, pages, block, false);
        stream = new PlainStream(sourceMemory, destinationMemory, false, block);
        server = new LoadServer(transport, stream, bandwidthMbit, block,
            block ? NoOpIdleStrategy.INSTANCE : PlainWait.newIdleStrategy(waitStrategy));
        reader = stream.newReader("plain-stream-reader", PlainWait.newIdleStrategy(waitStrategy));
        reader.start();
        server.start();
    }

    /** Stops and joins the server, then the reader, then closes both connections and frees both guests. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (server != null)
            {
                server.stopAndJoin();
            }
            if (reader != null)
            {
                reader.stopAndJoin();
            }
        }
        finally
        {
            Resources.closeAll(server == null ? null : server::closeSelector, stream, transport, sourceMemory,
                destinationMemory);
        }
    }

    /** @return stream bytes the reader has taken so far; for {@link StreamRate}. */
    long streamBytesRead()
    {
        return stream.bytesRead();
    }

    /**
     * One request for {@code pages} pages and the wait for all their bytes, under the stream.
     *
     * @param allocation per-thread allocation accounting.
     * @param rate       the stream's rate, a secondary result.
     * @return the index of the first page that arrived.
     */
    @Benchmark
    public long roundTrip(final ThreadAllocation allocation, final StreamRate rate)
    {
        allocation.opStart();
        final long page = nextPage;
        final int n = pages;
        nextPage = page + 2L * n > GUEST_PAGES ? 0 : page + n;
        PlainRequestResponseBenchmark.roundTrip(transport, server, idle, page, n);
        reader.checkHealthy();
        allocation.opEnd();
        return page;
    }

    /**
     * The server thread: answers requests first, writes the stream (paced or not) otherwise, and with
     * {@code block} waits in one select over both sockets.
     */
    static final class LoadServer extends BackgroundLoop
    {
        /** Longest select, ms: the deadline for re-checking the stop flag. */
        static final long MAX_SELECT_MS = 100;

        private static final Consumer<SelectionKey> NO_ACTION = key -> { };

        private final TcpPlainTransport transport;
        private final PlainStream stream;
        private final boolean block;
        private final long chunkNs;
        private final long creditNs;
        private final Selector selector;
        private final SelectionKey requestKey;
        private final SelectionKey streamKey;
        private long nextSlotNs;

        /**
         * @param transport     the request connection; its server end must be non-blocking.
         * @param stream        the stream; its writer end must be non-blocking.
         * @param bandwidthMbit the stream's pace, 0 for none.
         * @param block         whether to wait in select rather than return to the idle strategy.
         * @param idle          the loop's idle strategy.
         */
        LoadServer(
            final TcpPlainTransport transport, final PlainStream stream, final int bandwidthMbit, final boolean block,
            final IdleStrategy idle)
        {
            super("plain-load-server", idle);
            this.transport = transport;
            this.stream = stream;
            this.block = block;
            this.chunkNs = bandwidthMbit == 0 ? 0 : PlainStream.CHUNK_BYTES * 8L * 1000L / bandwidthMbit;
            this.creditNs = 2 * chunkNs;
            try
            {
                selector = Selector.open();
                requestKey = transport.serverChannel().register(selector, SelectionKey.OP_READ);
                streamKey = stream.writerChannel().register(selector, 0);
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException("cannot open the server's selector: " + e.getMessage(), e);
            }
        }

        @Override
        int doWork()
        {
            final TcpPlainTransport transport = this.transport;
            final PlainStream stream = this.stream;
            int work = transport.serve();
            if (transport.responsePending())
            {
                // The response goes before any stream byte.
                if (work == 0 && block)
                {
                    await(SelectionKey.OP_WRITE, 0, MAX_SELECT_MS);
                    return 1;
                }
                return work;
            }
            long waitMs = MAX_SELECT_MS;
            if (!stream.chunkPending())
            {
                if (chunkNs == 0)
                {
                    stream.nextChunk();
                }
                else
                {
                    final long nowNs = System.nanoTime();
                    final long slotNs = nextSlotNs;
                    if (nowNs - slotNs >= 0)
                    {
                        stream.nextChunk();
                        nextSlotNs = Math.max(slotNs, nowNs - creditNs) + chunkNs;
                    }
                    else
                    {
                        waitMs = (slotNs - nowNs + 999_999) / 1_000_000;
                    }
                }
            }
            if (stream.chunkPending())
            {
                work += stream.write();
            }
            if (work == 0 && block)
            {
                await(SelectionKey.OP_READ, stream.chunkPending() ? SelectionKey.OP_WRITE : 0, waitMs);
                return 1;
            }
            return work;
        }

        private void await(final int requestOps, final int streamOps, final long timeoutMs)
        {
            try
            {
                if (requestKey.interestOps() != requestOps)
                {
                    requestKey.interestOps(requestOps);
                }
                if (streamKey.interestOps() != streamOps)
                {
                    streamKey.interestOps(streamOps);
                }
                selector.select(NO_ACTION, timeoutMs);
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException("server select failed: " + e.getMessage(), e);
            }
        }

        @Override
        void wakeForStop()
        {
            selector.wakeup();
        }

        @Override
        void onFailure()
        {
            // Wake the client (end of its response stream) and the reader (end of the stream).
            transport.onServerFailure();
            stream.close();
        }

        /** Closes the selector; after {@link #stopAndJoin()}. */
        void closeSelector()
        {
            try
            {
                selector.close();
            }
            catch (final IOException ignore)
            {
                // closing after the benchmark: nothing left to do with it
            }
        }
    }
}
