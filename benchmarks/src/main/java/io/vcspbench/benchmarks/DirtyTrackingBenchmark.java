package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.DirtyLog;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.workload.AccessPattern;
import io.vcspbench.core.workload.PageWork;
import io.vcspbench.core.workload.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * What dirty tracking costs the guest during pre-copy: the writer workload's page write
 * ({@link PageWork#fill}) alone, then followed by {@link DirtyLog#mark}, then the same while another
 * thread harvests the log non-stop ({@link DirtyLog#drainInto}), which is the worst case for the
 * cache line the mark and the harvest share (the real harvest runs once per round). The ratio of
 * {@code writeTracked} to {@code write} is the tracking overhead on the workload's throughput.
 * Memory is 64 MiB, larger than the last-level cache, so writes go to memory as the guest's would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class DirtyTrackingBenchmark
{
    /** Guest memory written, pages (16384 = 64 MiB). */
    @Param({ "16384" })
    public long memoryPages;

    /** The writer's page order: {@code sequential} or {@code random}. */
    @Param({ "sequential", "random" })
    public String order;

    private GuestMemory memory;
    private DirtyLog log;
    private PageBitmap harvested;

    /** Allocates and fills guest memory. */
    @Setup(Level.Trial)
    public void setUp()
    {
        memory = GuestMemory.allocate(memoryPages);
        memory.fillPattern(1);
        log = new DirtyLog(memoryPages);
        harvested = new PageBitmap(memoryPages);
    }

    /** Releases guest memory. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        memory.close();
    }

    /** One writing vCPU's own position in the pattern and write counter. */
    @State(Scope.Thread)
    public static class Writer
    {
        AccessPattern pattern;
        long writes;

        /**
         * @param shared the benchmark's memory and order.
         */
        @Setup(Level.Trial)
        public void setUp(final DirtyTrackingBenchmark shared)
        {
            pattern = AccessPattern.create(Pattern.fromCliName(shared.order), shared.memoryPages, 7);
        }
    }

    /**
     * A page write without tracking.
     *
     * @param w the writer's state.
     * @return the page written.
     */
    @Benchmark
    public long write(final Writer w)
    {
        final long page = w.pattern.nextPage();
        PageWork.fill(memory.pageAddress(page), ++w.writes);
        return page;
    }

    /**
     * A page write marked in the dirty log, as the source vCPU does it during pre-copy.
     *
     * @param w the writer's state.
     * @return the page written.
     */
    @Benchmark
    public long writeTracked(final Writer w)
    {
        final long page = w.pattern.nextPage();
        PageWork.fill(memory.pageAddress(page), ++w.writes);
        log.mark(page);
        return page;
    }

    /**
     * A tracked page write while another thread harvests the log in a loop.
     *
     * @param w the writer's state.
     * @return the page written.
     */
    @Benchmark
    @Group("writeTrackedWhileHarvesting")
    @GroupThreads(1)
    public long writer(final Writer w)
    {
        return writeTracked(w);
    }

    /**
     * The harvesting side of {@code writeTrackedWhileHarvesting}: one pass over the whole log.
     *
     * @return pages harvested in this pass.
     */
    @Benchmark
    @Group("writeTrackedWhileHarvesting")
    @GroupThreads(1)
    public long harvester()
    {
        final long pages = log.drainInto(harvested);
        harvested.clearAll();
        return pages;
    }
}
