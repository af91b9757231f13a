package io.vcspbench.benchmarks;

import io.vcspbench.core.cpu.WaitStrategy;
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
 * The baseline for {@link FaultLatencyBenchmark}: the same request/response round trip, same sizes,
 * same transports and wait strategies, with none of the migration link's work (no frame header,
 * validation, CRC32C or pacing): a 12-byte request, {@code pages × 4096} raw bytes back from source
 * memory, copied into destination memory. The report divides the fault latency by this.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class PlainRequestResponseBenchmark
{
    /** Transport: {@code ipc} (raw Agrona rings) or {@code tcp} (raw loopback NIO socket). */
    @Param({ "ipc", "tcp" })
    public String link;

    /** N, pages in one response. */
    @Param({ "1", "10", "64" })
    public int pages;

    /** How both sides wait, as in {@link FaultLatencyBenchmark}. */
    @Param({ "spin", "backoff" })
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
        final WaitStrategy wait = WaitStrategy.fromCliName(waitStrategy);
        sourceMemory = GuestMemory.allocate(FaultLatencyBenchmark.MEMORY_PAGES);
        sourceMemory.fillPattern(1);
        destinationMemory = GuestMemory.allocate(FaultLatencyBenchmark.MEMORY_PAGES);
        transport = PlainTransport.open(link, sourceMemory, destinationMemory, pages);
        idle = wait.newIdleStrategy();
        final PlainTransport t = transport;
        server = new BackgroundLoop("plain-server", wait.newIdleStrategy())
        {
            @Override
            int doWork()
            {
                return t.serve();
            }
        };
        server.start();
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
            if (transport != null)
            {
                transport.close();
            }
            if (sourceMemory != null)
            {
                sourceMemory.close();
            }
            if (destinationMemory != null)
            {
                destinationMemory.close();
            }
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

        final long deadlineNs = System.nanoTime() + FaultLatencyBenchmark.ROUND_TRIP_TIMEOUT_NS;
        idle.reset();
        while (!transport.trySendRequest(page, n))
        {
            awaitProgress(deadlineNs);
        }
        idle.reset();
        while (!transport.responseComplete())
        {
            if (transport.pollResponse() == 0)
            {
                awaitProgress(deadlineNs);
            }
            else
            {
                idle.reset();
            }
        }
        allocation.opEnd();
        return page;
    }

    private void awaitProgress(final long deadlineNs)
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
