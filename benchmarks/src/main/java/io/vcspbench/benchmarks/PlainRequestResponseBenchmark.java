package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.concurrent.IdleStrategy;
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

import java.util.concurrent.TimeUnit;

/**
 * The floor for {@link FaultLatencyBenchmark}: the fastest plain way to move the same bytes
 * ({@code pages × 4096} from source guest memory into the same pages of destination guest memory,
 * the next pages of a 16 MiB guest each time) over the same kind of transport with the same kind of
 * waiting, with none of the migration link's work (no frame, validation, CRC32C, pacing or staging
 * copies). The benchmark thread is the client, one {@link BackgroundLoop} thread the server.
 * <ul>
 * <li>{@code ipc}: {@link IpcPlainTransport}, a handoff through two padded slots and one copy, done
 * by the server, straight from source to destination memory.</li>
 * <li>{@code tcp}: {@link TcpPlainTransport}, a 12-byte request and the raw pages back over one
 * loopback connection with TCP_NODELAY, one user-space copy on each side.</li>
 * </ul>
 * {@code waitStrategy} {@code spin} and {@code backoff} are core's idle strategies on both threads
 * (non-blocking sockets for tcp); {@code block} blocks both threads in the kernel until the event:
 * blocking sockets for tcp, {@code LockSupport.park}/{@code unpark} for ipc. The report divides the
 * fault latency by this.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class PlainRequestResponseBenchmark
{
    /** Transport: {@code ipc} (a two-thread handoff, one copy) or {@code tcp} (one loopback socket). */
    @Param({ "ipc", "tcp" })
    public String link;

    /** N, pages in one response. */
    @Param({ "1", "10", "64" })
    public int pages;

    /**
     * How both sides wait: {@code spin} and {@code backoff} as in {@link FaultLatencyBenchmark};
     * {@code block} blocks in the kernel and is woken by the event (see {@link PlainWait}).
     */
    @Param({ "spin", "backoff", "block" })
    public String waitStrategy;

    private GuestMemory sourceMemory;
    private GuestMemory destinationMemory;
    private PlainTransport transport;
    private BackgroundLoop server;
    private IdleStrategy idle;
    private long nextPage;

    /** Allocates both guests, opens the transport and starts the server thread. */
    @Setup(Level.Trial)
    public void setUp()
    {
        idle = PlainWait.newIdleStrategy(waitStrategy);
        sourceMemory = GuestMemory.allocate(FaultLatencyBenchmark.MEMORY_PAGES);
        sourceMemory.fillPattern(1);
        destinationMemory = GuestMemory.allocate(FaultLatencyBenchmark.MEMORY_PAGES);
        transport = PlainTransport.open(link, sourceMemory, destinationMemory, pages,
            PlainWait.isBlock(waitStrategy));
        server = newServer(transport, PlainWait.newIdleStrategy(waitStrategy));
        server.start();
    }

    /**
     * The server thread of a plain transport, not started: serves requests, and is woken by the
     * transport at stop; its failure wakes a blocked client.
     *
     * @param transport the transport.
     * @param idle      the server's idle strategy.
     * @return the loop.
     */
    static BackgroundLoop newServer(final PlainTransport transport, final IdleStrategy idle)
    {
        return new BackgroundLoop("plain-server", idle)
        {
            @Override
            int doWork()
            {
                return transport.serve();
            }

            @Override
            void wakeForStop()
            {
                transport.wakeServerForStop();
            }

            @Override
            void onFailure()
            {
                transport.onServerFailure();
            }
        };
    }

    /** Stops and joins the server thread, then closes the transport and frees both guests. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (server != null)
            {
                server.stopAndJoin();
            }
        }
        finally
        {
            Resources.closeAll(transport, sourceMemory, destinationMemory);
        }
    }

    /**
     * One request for {@code pages} pages and the wait for all their bytes.
     *
     * @param allocation per-thread allocation accounting.
     * @return the index of the first page that arrived.
     */
    @Benchmark
    public long roundTrip(final ThreadAllocation allocation)
    {
        allocation.opStart();
        final long page = nextPage;
        final int n = pages;
        nextPage = page + 2L * n > FaultLatencyBenchmark.MEMORY_PAGES ? 0 : page + n;

        roundTrip(transport, server, idle, page, n);
        allocation.opEnd();
        return page;
    }

    /**
     * One request and the wait for its whole response, on the client's thread.
     *
     * @param transport the transport.
     * @param server    the server thread, checked while waiting.
     * @param idle      the client's idle strategy.
     * @param page      first page.
     * @param n         pages.
     * @throws IllegalStateException if the server failed or did not answer within the deadline.
     */
    static void roundTrip(
        final PlainTransport transport, final BackgroundLoop server, final IdleStrategy idle, final long page,
        final int n)
    {
        final long deadlineNs = System.nanoTime() + FaultLatencyBenchmark.ROUND_TRIP_TIMEOUT_NS;
        try
        {
            idle.reset();
            while (!transport.trySendRequest(page, n))
            {
                awaitProgress(server, idle, deadlineNs);
            }
            idle.reset();
            while (!transport.responseComplete())
            {
                if (transport.pollResponse() == 0)
                {
                    awaitProgress(server, idle, deadlineNs);
                }
                else
                {
                    idle.reset();
                }
            }
        }
        catch (final RuntimeException e)
        {
            // A blocked client is woken by the failed server closing its end: report the server's failure.
            server.checkHealthy();
            throw e;
        }
    }

    private static void awaitProgress(final BackgroundLoop server, final IdleStrategy idle, final long deadlineNs)
    {
        server.checkHealthy();
        if (System.nanoTime() > deadlineNs)
        {
            throw new IllegalStateException("no answer from the plain server within " +
                TimeUnit.NANOSECONDS.toMillis(FaultLatencyBenchmark.ROUND_TRIP_TIMEOUT_NS) + " ms");
        }
        idle.idle();
    }
}
