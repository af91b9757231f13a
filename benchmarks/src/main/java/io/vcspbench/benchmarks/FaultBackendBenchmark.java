package io.vcspbench.benchmarks;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.destination.FaultHandler;
import io.vcspbench.core.destination.FaultSignal;
import io.vcspbench.core.destination.FaultingRegions;
import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.destination.QuasiMmu;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.FaultingRegion;
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
import java.util.concurrent.locks.LockSupport;

/**
 * One fault on a page that has not arrived, the benchmark thread being the destination vCPU, by fault
 * backend:
 * <ul>
 *   <li>{@code mmu}: the quasi-MMU. A bitmap check misses; the vCPU sends the REQUEST and reads the
 *   reply itself (what every run measured before the uffd backend).</li>
 *   <li>{@code uffd}: a real fault. The vCPU touches the page (native), traps in the kernel; the
 *   {@link FaultHandler} thread reads the fault from userfaultfd, sends the same REQUEST and reads the
 *   reply; the receiver installs the page with UFFDIO_COPY, which wakes the vCPU.</li>
 *   <li>{@code floor}: the same kernel round trip with nothing of ours in it, the "C-like" floor of
 *   uffd: a handler thread reads the fault and installs the page (and the N - 1 after it) from the
 *   source's memory in this process at once, no link, no request. What uffd costs above it is ours.</li>
 * </ul>
 * The mmu and uffd variants run the real {@link SourceAgent} and {@link PageReceiver} over an
 * in-process link with CRC32C, unpaced, fresh each iteration; with {@code push=on} the source pushes
 * every other page meanwhile at 1 Gbit/s ({@code --push 1000}: the push is paced, the fault replies are
 * not, as the floor's are not; the floor's push is a thread installing pages at the same rate), with
 * {@code push=off} only requested pages move. Secondary result: {@code threadAllocBytesPerOp}, what the
 * benchmark thread and the iteration's own threads allocate per fault ({@link ThreadAllocation}). Faults go to random pages not yet
 * present, so copies do not stay in the cache. The uffd and floor variants need Java 22+, Linux and a
 * build made on a JDK 22+: the bench launcher runs them only when its probe finds them.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 6, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
@State(Scope.Thread)
public class FaultBackendBenchmark
{
    /** A fault that takes longer than this has hung: the iteration fails rather than waits. */
    static final long FAULT_TIMEOUT_MS = 10_000;
    /** Faults each fresh iteration takes before it is measured (first calls, class initialisation). */
    static final int WARM_FAULTS = 128;
    /** The push's rate with {@code push=on}, Mbit/s: the papers' 1 Gbit/s. */
    static final long PUSH_MBIT = 1000;
    /** Pages in a pushed frame (and in a batch of the floor's push): a migration's default on an unpaced link. */
    static final int PUSH_BATCH = MigrationConfig.defaultPushBatchPages(0);

    /** {@code mmu}, {@code uffd} or {@code floor}. */
    @Param({ "mmu", "uffd", "floor" })
    public String backend;

    /** {@code off}: only faults move pages; {@code on}: the push streams meanwhile at 1 Gbit/s. */
    @Param({ "off", "on" })
    public String push;

    /** N, pages one fault brings. */
    @Param({ "1", "10" })
    public int pages;

    /**
     * Guest memory per side, MiB; 0 = N × 256 + 512, room for the faults of a half-second iteration
     * (about 100 000 a second at best, each using N pages) and the push. Longer iterations need more.
     */
    @Param({ "0" })
    public int memoryMiB;

    private final SplittableRandom random = new SplittableRandom(7);
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private GuestMemory sourceMemory;
    private GuestMemory plainMemory;
    private long memoryPages;
    private boolean pushOn;

    private GuestMemory destination;
    private PageBitmap present;
    private MigrationControl control;
    private LinkPair linkPair;
    private QuasiMmu mmu;
    private FaultingRegion floorRegion;
    private volatile boolean floorStop;
    private volatile String floorFailure;
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
        /** Bytes allocated per fault by the benchmark thread and the iteration's own threads. */
        public double threadAllocBytesPerOp;
    }

    /** Allocates and fills the source's memory, and the quasi-MMU's destination memory, once. */
    @Setup(Level.Trial)
    public void allocate()
    {
        if (!List.of("mmu", "uffd", "floor").contains(backend) || !List.of("on", "off").contains(push))
        {
            throw new IllegalArgumentException("backend must be mmu|uffd|floor and push on|off, were " + backend +
                " and " + push);
        }
        pushOn = "on".equals(push);
        final long mib = memoryMiB > 0 ? memoryMiB : pages * 256L + 512;
        memoryPages = mib << 20 >> GuestMemory.PAGE_SHIFT;
        sourceMemory = GuestMemory.allocate(memoryPages);
        sourceMemory.fillPattern(11);
        if ("mmu".equals(backend))
        {
            plainMemory = GuestMemory.allocate(memoryPages);
        }
    }

    /** A fresh migration (or, for the floor, a fresh region and its threads) per iteration. */
    @Setup(Level.Iteration)
    public void start()
    {
        present = new PageBitmap(memoryPages);
        control = new MigrationControl();
        if ("floor".equals(backend))
        {
            startFloor();
        }
        else
        {
            startMigration();
        }
        // The threads are new each iteration: let them make their one-time first calls before their
        // allocation is counted.
        for (int i = 0; i < WARM_FAULTS; i++)
        {
            faultOnce();
        }
        allocation = new ThreadAllocation();
        allocation.begin();
    }

    private void startMigration()
    {
        final int pushBatch = PUSH_BATCH;
        linkPair = Links.openInProcess(LinkConfig.builder()
            .kind(LinkKind.IPC)
            .memoryPages(memoryPages)
            .maxPagesPerFrame(Math.max(pages, pushBatch))
            .bandwidthMbit(0)
            .checkCrc(true)
            .build());
        final FaultingRegion region = "uffd".equals(backend) ? FaultingRegions.open(memoryPages) : null;
        destination = region == null ? plainMemory : GuestMemory.over(region);
        final LinkEnd source = linkPair.source();
        final LinkEnd end = linkPair.destination();
        final Waiter sourceWaiter = waiter(source);
        final Waiter receiverWaiter = waiter(end);
        final Waiter vcpuWaiter = waiter(end);
        receiverWaiter.watch(end.push());
        vcpuWaiter.watch(end.demand());
        final FaultSignal signal = new FaultSignal(vcpuWaiter);
        final SourceAgent agent = new SourceAgent(sourceMemory, source, control, sourceWaiter, SystemNanoClock.INSTANCE,
            pages, pushBatch, Math.max(pages, pushBatch), FAULT_TIMEOUT_MS, 11, pushOn ? PushMode.rate(PUSH_MBIT) : PushMode.OFF);
        final PageReceiver receiver = new PageReceiver(destination, present, end, control, receiverWaiter, signal,
            SystemNanoClock.INSTANCE, FAULT_TIMEOUT_MS, !pushOn);
        final long highestNs = TimeUnit.MILLISECONDS.toNanos(FAULT_TIMEOUT_MS + 1_000);
        mmu = new QuasiMmu(present, end.demand(), receiver, signal, control, SystemNanoClock.INSTANCE,
            new SingleWriterRecorder(1, highestNs, 3), new DutyCycleThrottler(100), pages, FAULT_TIMEOUT_MS, highestNs,
            region);
        startThread(agent, "source");
        startThread(receiver, "receiver");
        if (region != null)
        {
            startThread(new FaultHandler(region, mmu, control), "uffd");
        }
        // The CPU state comes first on the demand channel; the vCPU (this thread) reads it.
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

    private void startFloor()
    {
        floorStop = false;
        floorFailure = null;
        floorRegion = FaultingRegions.open(memoryPages);
        destination = GuestMemory.over(floorRegion);
        final FaultingRegion region = floorRegion;
        final FaultingRegion.Installer onFault = region.newInstaller();
        startThread(() ->
        {
            try
            {
                while (!floorStop)
                {
                    final long page = region.awaitFault(20);
                    if (page >= 0)
                    {
                        final long end = Math.min(memoryPages, page + pages);
                        for (long p = page; p < end; p++)
                        {
                            onFault.install(p, sourceMemory.pageAddress(p), 1);
                            present.set(p);
                        }
                    }
                }
            }
            catch (final RuntimeException e)
            {
                floorFailure = e.toString();
            }
            finally
            {
                region.unregister();
            }
        }, "floor-handler");
        if (pushOn)
        {
            final FaultingRegion.Installer pusher = region.newInstaller();
            final int batch = PUSH_BATCH;
            // A batch of pages every batch * 4 KiB * 8 bits / 1 Gbit/s: the push's rate on the papers' link.
            final long batchNs = (long)batch * GuestMemory.PAGE_SIZE * 8 * 1_000 / PUSH_MBIT;
            startThread(() ->
            {
                try
                {
                    long dueNs = System.nanoTime();
                    for (long p = 0; p < memoryPages && !floorStop; p += batch)
                    {
                        final long end = Math.min(memoryPages, p + batch);
                        for (long q = p; q < end; q++)
                        {
                            if (!present.get(q))
                            {
                                pusher.install(q, sourceMemory.pageAddress(q), 1);
                                present.set(q);
                            }
                        }
                        dueNs += batchNs;
                        final long waitNs = dueNs - System.nanoTime();
                        if (waitNs > 0)
                        {
                            LockSupport.parkNanos(waitNs);
                        }
                    }
                }
                catch (final RuntimeException e)
                {
                    floorFailure = e.toString();
                }
            }, "floor-push");
        }
    }

    private Waiter waiter(final LinkEnd end)
    {
        final Waiter w = end.newWaiter(WaitStrategy.BLOCK);
        waiters.add(w);
        return w;
    }

    private void startThread(final Runnable task, final String name)
    {
        final Thread t = new Thread(task, BackgroundLoop.THREAD_NAME_PREFIX + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Stops the iteration's threads, checks the pages that arrived and frees the region. */
    @TearDown(Level.Iteration)
    public void stop()
    {
        allocation.end();
        if (load != null)
        {
            load.threadAllocBytesPerOp = allocation.threadAllocBytesPerOp;
        }
        final String failure = failure();
        control.requestStop();
        floorStop = true;
        try
        {
            for (final Thread t : threads)
            {
                IterationChecks.join(t);
            }
            if (failure == null)
            {
                IterationChecks.checkPresentPages(sourceMemory, destination, present);
            }
        }
        finally
        {
            threads.clear();
            Resources.closeAll(linkPair);
            linkPair = null;
            waiters.forEach(Waiter::close);
            waiters.clear();
            if (destination != plainMemory)
            {
                destination.close(); // the region: unregistered, unmapped
            }
            floorRegion = null;
        }
        if (failure != null)
        {
            throw new IllegalStateException("the iteration failed: " + failure);
        }
    }

    /** Frees the source's and the quasi-MMU's memory. */
    @TearDown(Level.Trial)
    public void free()
    {
        Resources.closeAll(sourceMemory, plainMemory);
    }

    private String failure()
    {
        return floorFailure != null ? floorFailure : control.failure();
    }

    private void checkRunning()
    {
        final String failure = failure();
        if (failure != null)
        {
            throw new IllegalStateException("the iteration failed: " + failure);
        }
    }

    /**
     * One fault on a random page that has not arrived, and the wait until it has.
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
        // A random page not present yet: not the first gap after a random one, which under the push would
        // often be the page the push is about to bring.
        long page = random.nextLong(memoryPages);
        for (int tries = 0; tries < 64 && present.get(page); tries++)
        {
            page = random.nextLong(memoryPages);
        }
        if (present.get(page))
        {
            page = present.nextClearBit(0);
            if (page < 0)
            {
                throw new IllegalStateException("every page arrived within the iteration: give the benchmark more memory");
            }
        }
        if (floorRegion != null)
        {
            if (!present.get(page))
            {
                floorRegion.touch(page);
            }
        }
        else
        {
            mmu.access(page);
        }
        checkRunning();
        return page;
    }
}
