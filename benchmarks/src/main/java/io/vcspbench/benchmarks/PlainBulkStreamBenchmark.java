package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The plain bulk stream alone, the ceiling of {@link PlainUnderLoadBenchmark}'s background stream:
 * {@link PlainStream} over one loopback TCP connection with blocking sockets, the benchmark thread
 * writing 64 KiB chunks of a 64 MiB source guest (copied into a direct buffer, then one blocking
 * write each) and a reader thread reading them into destination memory. One operation is one chunk,
 * so MB/s = ops/s × 65536 / 10^6.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class PlainBulkStreamBenchmark
{
    private GuestMemory sourceMemory;
    private GuestMemory destinationMemory;
    private PlainStream stream;
    private BackgroundLoop reader;

    /** Allocates both guests, opens the connection and starts the reader thread. */
    @Setup(Level.Trial)
    public void setUp()
    {
        sourceMemory = GuestMemory.allocate(PlainUnderLoadBenchmark.GUEST_PAGES);
        sourceMemory.fillPattern(1);
        destinationMemory = GuestMemory.allocate(PlainUnderLoadBenchmark.GUEST_PAGES);
        stream = new PlainStream(sourceMemory, destinationMemory, true, true);
        reader = stream.newReader("plain-bulk-reader", PlainWait.newIdleStrategy(PlainWait.BLOCK));
        reader.start();
    }

    /** Stops and joins the reader, then closes the connection and frees both guests. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (reader != null)
            {
                reader.stopAndJoin();
            }
        }
        finally
        {
            if (stream != null)
            {
                stream.close();
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
     * Writes one 64 KiB chunk (blocking until the socket has taken all of it).
     *
     * @return bytes written.
     */
    @Benchmark
    public int stream()
    {
        reader.checkHealthy();
        stream.nextChunk();
        int written = 0;
        while (stream.chunkPending())
        {
            written += stream.write();
        }
        return written;
    }
}
