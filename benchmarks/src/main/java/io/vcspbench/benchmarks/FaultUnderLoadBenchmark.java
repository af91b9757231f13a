package io.vcspbench.benchmarks;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.destination.FaultSignal;
import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.destination.QuasiMmu;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.source.SourceAgent;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A fault round trip while the background push streams, through the migration's own parts: the
 * benchmark thread is the destination vCPU faulting through the {@link QuasiMmu} on a random page
 * that is not present yet (REQUEST for N pages on the demand channel, wait until the page is
 * validated and present), while the real {@link SourceAgent} pushes every other page on the push
 * channel (unpaced, or paced with the faults at 1 Gbit/s) and the real {@link PageReceiver} copies
 * them in. Every measurement iteration is a fresh migration over a guest large enough that the push
 * is still running when the iteration ends (the benchmark fails if it is not).
 *
 * <p>Compare with {@link PlainUnderLoadBenchmark}: a plain request/response on one socket while a
 * plain bulk stream runs on another, with the same thread structure and no framing. Secondary
 * results: {@code pushMBps}, what the push moved per second of the iteration, and
 * {@code threadAllocBytesPerOp} for the benchmark thread and the source and receiver threads.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class FaultUnderLoadBenchmark
{
    /** A fault that takes longer than this has hung: the migration fails rather than waits. */
    static final long FAULT_TIMEOUT_MS = 10_000;
    /** Faults each fresh migration takes before its iteration is measured. */
    static final int WARM_FAULTS = 256;

    /** Link transport: {@code tcp} (loopback NIO) or {@code ipc} (Agrona rings). */
    @Param({ "tcp" })
    public String link;

    /** Link bandwidth, Mbit/s; 0 = unpaced (the push runs as fast as the link and threads allow). */
    @Param({ "0", "1000" })
    public long bandwidthMbit;

    /** N, pages one fault asks for. */
    @Param({ "1", "10", "64" })
    public int pages;

    /** How every thread waits. */
    @Param({ "block" })
    public String waitStrategy;

    /** Whether payloads carry a CRC32C that the receiving side checks (migrations default to true). */
    @Param({ "true" })
    public boolean checkCrc;

    /** Pages in one pushed frame; 0 = a migration's default for the bandwidth (15 unpaced, 3 at 1 Gbit/s). */
    @Param({ "0" })
    public int pushBatchPages;

    /** Guest memory per side, MiB: enough that the push outlasts an iteration. 0 = by bandwidth. */
    @Param({ "0" })
    public int memoryMiB;

    private GuestMemory sourceMemory;
    private GuestMemory destinationMemory;
    private long memoryPages;
    private final SplittableRandom random = new SplittableRandom(7);

    private LinkPair linkPair;
    private MigrationControl control;
    private SourceAgent agent;
    private PageReceiver receiver;
    private PageBitmap present;
    private QuasiMmu mmu;
    private final List<Waiter> waiters = new ArrayList<>();
    private Thread sourceThread;
    private Thread receiverThread;
    private long iterationStartNs;
    private long pushPagesAtStart;

    private ThreadAllocation allocation;
    private Load load;

    /**
     * Secondary results of the iteration. The allocation is measured as {@link ThreadAllocation}
     * measures it, driven here because the peer threads start and stop with each iteration.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Load
    {
        /** MB (10^6 bytes) the background push sent per second of the iteration. */
        public double pushMBps;
        /** Bytes allocated per operation by the benchmark thread, the source and the receiver. */
        public double threadAllocBytesPerOp;
    }

    /** Allocates both guests once and fills the source. */
    @Setup(Level.Trial)
    public void allocate()
    {
        // Unpaced, the push on this 2-core VM ran at up to 1.9 GB/s and once emptied 3 GiB within an
        // iteration (the bench of 350c22a): 4 GiB a side leaves room for about 2 s of push.
        final int mib = memoryMiB > 0 ? memoryMiB : (bandwidthMbit == 0 ? 4096 : 512);
        memoryPages = (long)mib << 20 >> GuestMemory.PAGE_SHIFT;
        sourceMemory = GuestMemory.allocate(memoryPages);
        sourceMemory.fillPattern(11);
        destinationMemory = GuestMemory.allocate(memoryPages);
    }

    /**
     * Opens a fresh link and starts a fresh migration's source and receiver threads.
     */
    @Setup(Level.Iteration)
    public void startMigration()
    {
        final WaitStrategy wait = WaitStrategy.fromCliName(waitStrategy);
        final int pushBatch = pushBatchPages > 0 ? pushBatchPages : MigrationConfig.defaultPushBatchPages(bandwidthMbit);
        linkPair = Links.openInProcess(LinkConfig.builder()
            .kind(LinkKind.fromCliName(link))
            .memoryPages(memoryPages)
            .maxPagesPerFrame(Math.max(pages, pushBatch))
            .bandwidthMbit(bandwidthMbit)
            .checkCrc(checkCrc)
            .build());
        control = new MigrationControl();
        present = new PageBitmap(memoryPages);
        final LinkEnd source = linkPair.source();
        final LinkEnd destination = linkPair.destination();
        final Waiter sourceWaiter = waiter(wait, source);
        final Waiter receiverWaiter = waiter(wait, destination);
        final Waiter vcpuWaiter = waiter(wait, destination);
        receiverWaiter.watch(destination.push());
        vcpuWaiter.watch(destination.demand());
        final FaultSignal signal = new FaultSignal(vcpuWaiter);
        agent = new SourceAgent(sourceMemory, source, control, sourceWaiter, SystemNanoClock.INSTANCE,
            pages, pushBatch, Math.max(pages, pushBatch), FAULT_TIMEOUT_MS, 11, PushMode.ON);
        receiver = new PageReceiver(destinationMemory, present, destination, control, receiverWaiter, signal,
            SystemNanoClock.INSTANCE, FAULT_TIMEOUT_MS, false);
        final long highestNs = TimeUnit.MILLISECONDS.toNanos(FAULT_TIMEOUT_MS + 1_000);
        mmu = new QuasiMmu(present, destination.demand(), receiver, signal, control, SystemNanoClock.INSTANCE,
            new SingleWriterRecorder(1, highestNs, 3), new DutyCycleThrottler(100), pages, FAULT_TIMEOUT_MS, highestNs,
            null);

        sourceThread = new Thread(agent, BackgroundLoop.THREAD_NAME_PREFIX + "source");
        receiverThread = new Thread(receiver, BackgroundLoop.THREAD_NAME_PREFIX + "receiver");
        sourceThread.setDaemon(true);
        receiverThread.setDaemon(true);
        sourceThread.start();
        receiverThread.start();
        awaitResume();
        // The peer threads are new each iteration: let them make their one-time first calls (the
        // selector's first select, class initialisation) before their allocation is counted.
        for (int i = 0; i < WARM_FAULTS; i++)
        {
            faultOnce();
        }
        allocation = new ThreadAllocation();
        allocation.begin();
        iterationStartNs = System.nanoTime();
        pushPagesAtStart = agent.pushPagesSent();
    }

    private Waiter waiter(final WaitStrategy wait, final LinkEnd end)
    {
        final Waiter w = end.newWaiter(wait);
        waiters.add(w);
        return w;
    }

    /** The CPU state comes first on the demand channel; the vCPU (this thread) reads it. */
    private void awaitResume()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FAULT_TIMEOUT_MS);
        while (control.resumedNs() == 0)
        {
            receiver.pollDemand(1);
            checkRunning();
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("the CPU state did not arrive within " + FAULT_TIMEOUT_MS + " ms");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Reports the push rate and the allocation, stops both threads and closes the link.
     */
    @TearDown(Level.Iteration)
    public void stopMigration()
    {
        final long pushedPages = agent.pushPagesSent() - pushPagesAtStart;
        final double seconds = (System.nanoTime() - iterationStartNs) / 1e9;
        allocation.end();
        if (load != null)
        {
            load.pushMBps = ((double)pushedPages * GuestMemory.PAGE_SIZE) / seconds / 1e6;
            load.threadAllocBytesPerOp = allocation.threadAllocBytesPerOp;
        }
        final String failure = control.failure();
        control.requestStop();
        try
        {
            IterationChecks.join(sourceThread);
            IterationChecks.join(receiverThread);
        }
        finally
        {
            linkPair.close();
            waiters.forEach(Waiter::close);
            waiters.clear();
        }
        if (failure != null)
        {
            throw new IllegalStateException("the migration failed: " + failure);
        }
        IterationChecks.checkPresentPages(sourceMemory, destinationMemory, present);
    }

    /** Frees both guests. */
    @TearDown(Level.Trial)
    public void free()
    {
        Resources.closeAll(sourceMemory, destinationMemory);
    }

    private void checkRunning()
    {
        if (!control.isRunning())
        {
            throw new IllegalStateException("the migration failed: " + control.failure());
        }
    }

    /**
     * One fault on a random page that is not present, and the wait until it is.
     *
     * @param load the iteration's secondary results, filled in at its end.
     * @return the page.
     */
    @Benchmark
    public long fault(final Load load)
    {
        this.load = load;
        final ThreadAllocation allocation = this.allocation;
        allocation.opStart();
        final long page = faultOnce();
        allocation.opEnd();
        return page;
    }

    private long faultOnce()
    {
        long page = present.nextClearBit(random.nextLong(memoryPages));
        if (page < 0)
        {
            page = present.nextClearBit(0);
            if (page < 0)
            {
                throw new IllegalStateException("every page arrived within the iteration: give the benchmark more memory");
            }
        }
        mmu.access(page);
        checkRunning();
        return page;
    }
}
