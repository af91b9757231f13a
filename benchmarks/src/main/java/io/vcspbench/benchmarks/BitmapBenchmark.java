package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.PageBitmap;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Page bitmap scans as the source's push uses them: {@link PageBitmap#nextClearBit} over a "sent"
 * bitmap that is full except for its last page, and {@link PageBitmap#nextSetBit} over a dirty log
 * that is empty except for its last page. Both are the worst case, one whole scan of
 * {@code memoryPages / 64} words per call (262144 pages = a 1 GiB guest = 4096 words).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class BitmapBenchmark
{
    /** Bitmap size in pages. */
    @Param({ "16384", "262144" })
    public long memoryPages;

    private PageBitmap almostFull;
    private PageBitmap almostEmpty;

    /** Fills the two bitmaps. */
    @Setup(Level.Trial)
    public void setUp()
    {
        almostFull = new PageBitmap(memoryPages);
        almostFull.setRangeSingleWriter(0, memoryPages - 1);
        almostEmpty = new PageBitmap(memoryPages);
        almostEmpty.setSingleWriter(memoryPages - 1);
    }

    /**
     * The first clear bit of a full bitmap: the whole scan.
     *
     * @return the last page's index.
     */
    @Benchmark
    public long nextClearBit()
    {
        return almostFull.nextClearBit(0);
    }

    /**
     * The first set bit of an empty bitmap: the whole scan.
     *
     * @return the last page's index.
     */
    @Benchmark
    public long nextSetBit()
    {
        return almostEmpty.nextSetBit(0);
    }
}
