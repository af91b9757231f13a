package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
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
 * Copying one 4 KiB page between two guests: {@link GuestMemory#copyPageTo} (bounds checks, then
 * Unsafe.copyMemory) against a bare {@code Unsafe.copyMemory} and an Agrona {@link UnsafeBuffer}
 * copy of the same 4096 bytes. Each call copies the next page, so with 256 pages (1 MiB per side)
 * the copies run from cache and with 16384 (64 MiB) from memory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class PageCopyBenchmark
{
    /** Pages per guest, a power of two. */
    @Param({ "256", "16384" })
    public int memoryPages;

    private GuestMemory source;
    private GuestMemory target;
    private UnsafeBuffer sourceBuffer;
    private UnsafeBuffer targetBuffer;
    private long sourceBase;
    private long targetBase;
    private int mask;
    private int page;

    /** Allocates and fills both guests. */
    @Setup(Level.Trial)
    public void setUp()
    {
        if (Integer.bitCount(memoryPages) != 1)
        {
            throw new IllegalArgumentException("memoryPages must be a power of two, was " + memoryPages);
        }
        source = GuestMemory.allocate(memoryPages);
        source.fillPattern(1);
        target = GuestMemory.allocate(memoryPages);
        target.fillPattern(2);
        sourceBase = source.baseAddress();
        targetBase = target.baseAddress();
        sourceBuffer = new UnsafeBuffer(sourceBase, (int)source.sizeBytes());
        targetBuffer = new UnsafeBuffer(targetBase, (int)target.sizeBytes());
        mask = memoryPages - 1;
    }

    /** Frees both guests. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        source.close();
        target.close();
    }

    /**
     * {@link GuestMemory#copyPageTo}.
     *
     * @return the page copied.
     */
    @Benchmark
    public int guestMemoryCopyPageTo()
    {
        final int p = nextPage();
        source.copyPageTo(p, target, p);
        return p;
    }

    /**
     * Unsafe.copyMemory of the same bytes, no checks.
     *
     * @return the page copied.
     */
    @Benchmark
    public int unsafeCopyMemory()
    {
        final int p = nextPage();
        final long offset = (long)p << GuestMemory.PAGE_SHIFT;
        UnsafeApi.copyMemory(sourceBase + offset, targetBase + offset, GuestMemory.PAGE_SIZE);
        return p;
    }

    /**
     * UnsafeBuffer.getBytes of the same bytes (Agrona's bounds-checked copy).
     *
     * @return the page copied.
     */
    @Benchmark
    public int unsafeBufferCopy()
    {
        final int p = nextPage();
        final int offset = p << GuestMemory.PAGE_SHIFT;
        sourceBuffer.getBytes(offset, targetBuffer, offset, GuestMemory.PAGE_SIZE);
        return p;
    }

    private int nextPage()
    {
        final int p = page;
        page = (p + 1) & mask;
        return p;
    }
}
