package io.vcspbench.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Secondary result of {@link PlainUnderLoadBenchmark}, {@code streamMBps}: bytes of the background
 * stream the reader took during an iteration, per second of that iteration, in MB/s (10^6 bytes).
 * An events counter like {@link ThreadAllocation}: JMH reports the sum over iterations and each
 * iteration's value as raw data; the report shows the mean.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class StreamRate
{
    /** Stream bytes read per second of the last iteration, MB/s. */
    public double streamMBps;

    private PlainUnderLoadBenchmark benchmark;
    private long startBytes;
    private long startNs;

    /**
     * Reads the stream's byte count at the start of an iteration.
     *
     * @param benchmark the running benchmark, whose reader counts the bytes.
     */
    @Setup(Level.Iteration)
    public void begin(final PlainUnderLoadBenchmark benchmark)
    {
        this.benchmark = benchmark;
        startBytes = benchmark.streamBytesRead();
        startNs = System.nanoTime();
    }

    /** Turns the bytes read during the iteration into MB/s. */
    @TearDown(Level.Iteration)
    public void end()
    {
        final long elapsedNs = System.nanoTime() - startNs;
        streamMBps = elapsedNs <= 0 ? Double.NaN : (benchmark.streamBytesRead() - startBytes) * 1e3 / elapsedNs;
    }
}
