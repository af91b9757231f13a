package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.ParkingSleeper;
import io.vcspbench.core.destination.DigestVerifier;
import io.vcspbench.core.destination.FaultHandler;
import io.vcspbench.core.destination.FaultingRegions;
import io.vcspbench.core.destination.FaultSignal;
import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.destination.QuasiMmu;
import io.vcspbench.core.destination.Vcpu;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.FaultBackend;
import io.vcspbench.core.memory.FaultingRegion;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.IntegrityCheck;
import io.vcspbench.core.metrics.SeriesSampler;
import io.vcspbench.core.source.SourceVcpu;
import io.vcspbench.core.storage.SharedStorage;
import io.vcspbench.core.workload.AccessPattern;
import io.vcspbench.core.workload.Pattern;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;

import java.util.List;

/**
 * The destination of any migration: guest memory, the page receiver ("vcsp-receiver"), the vCPU
 * running the workload through the quasi-MMU once the CPU state has arrived ("vcsp-vcpu") and the
 * series sampler ("vcsp-sampler"). The same for every algorithm: pre-copy's rounds arrive before the
 * CPU state, post-copy's pages after it (see {@link PageReceiver} for the one rule). With the uffd
 * fault backend the memory is a userfaultfd region and a fault handler thread ("vcsp-uffd") serves the
 * vCPU's real faults, sharing the vCPU's waiter (the two never wait at the same time: while the
 * handler serves a fault the vCPU sleeps in the kernel). Used by the in-process run and by
 * {@code vcsp destination} in its own process. Owns its memory: {@link #close()} releases it.
 */
public final class DestinationSide implements AutoCloseable
{
    private final MigrationConfig config;
    private final NanoClock clock;
    private final GuestMemory memory;
    private final PageBitmap present;
    private final long highestLatencyNs;
    private final DutyCycleThrottler throttler;
    private final PageReceiver receiver;
    private final QuasiMmu mmu;
    private final Vcpu vcpu;
    private final Waiter receiverWaiter;
    private final Waiter vcpuWaiter;
    private final SeriesSampler sampler;
    private final Thread receiverThread;
    private final Thread vcpuThread;
    private final Thread samplerThread;
    /** The uffd backend's fault handler thread, null with the quasi-MMU. */
    private final Thread handlerThread;

    /**
     * @param config  the run's configuration.
     * @param link    the destination's link end.
     * @param control run state shared with whoever waits for the end.
     * @param clock   time source.
     */
    public DestinationSide(final MigrationConfig config, final LinkEnd link, final MigrationControl control,
        final NanoClock clock)
    {
        this(config, link, control, clock, null, null);
    }

    /**
     * @param config  the run's configuration.
     * @param link    the destination's link end.
     * @param control run state shared with whoever waits for the end.
     * @param clock   time source.
     * @param local   the source when it runs in this process (its vCPU's work joins the series), else null.
     * @param storage shared storage for the snapshot and the backup, or null when the run needs none.
     */
    DestinationSide(final MigrationConfig config, final LinkEnd link, final MigrationControl control,
        final NanoClock clock, final SourceSide local, final SharedStorage storage)
    {
        this.config = config;
        this.clock = clock;
        final long pages = config.memoryPages();
        highestLatencyNs = (config.faultTimeoutMs() + 1_000) * 1_000_000L;
        // uffd: throws UnsupportedOperationException saying what is missing (Java 22+, the build, the kernel).
        memory = config.faultBackend() == FaultBackend.UFFD ? GuestMemory.over(FaultingRegions.open(pages)) :
            GuestMemory.allocate(pages);
        final FaultingRegion region = memory.faultingRegion();
        present = new PageBitmap(pages);
        final SingleWriterRecorder latency = new SingleWriterRecorder(1, highestLatencyNs, 3);
        throttler = new DutyCycleThrottler(config.periodMs() * 1_000_000L, config.throttlePercent(), clock,
            ParkingSleeper.INSTANCE);
        // The receiver's thread waits on the push channel; the vCPU's on the demand channel, whose
        // replies it reads itself while it is stalled.
        receiverWaiter = link.newWaiter(config.waitStrategy());
        vcpuWaiter = link.newWaiter(config.waitStrategy());
        receiverWaiter.watch(link.push());
        vcpuWaiter.watch(link.demand());
        final FaultSignal signal = new FaultSignal(vcpuWaiter);
        final boolean demandOnly = !config.push().enabled();
        receiver = new PageReceiver(memory, present, link, control, receiverWaiter, signal, clock,
            config.faultTimeoutMs(), demandOnly);
        receiver.useStorage(storage, config.linkTimeoutMs());
        mmu = new QuasiMmu(present, link.demand(), receiver, signal, control, clock, latency,
            throttler, config.prefetchPages(), config.faultTimeoutMs(), highestLatencyNs, region);
        final boolean writer = config.pattern() == Pattern.WRITER;
        final AccessPattern pattern = AccessPattern.create(writer ? config.writerOrder().pattern() : config.pattern(),
            config.workloadPages(), config.seed());
        // With the push off the workload makes one pass over its working set and the run ends there.
        // Pre-copy rounds may run for the whole run's time before the CPU state comes; post-copy's
        // comes at once.
        final long resumeTimeoutMs = config.algorithm().precopyPhase() ? config.runTimeoutMs() : config.faultTimeoutMs();
        vcpu = new Vcpu(memory, mmu, pattern, throttler, control, receiver, vcpuWaiter, clock, resumeTimeoutMs,
            demandOnly ? pattern.passAccesses() : Long.MAX_VALUE);
        final SourceVcpu sourceVcpu = local == null ? null : local.vcpu();
        final DutyCycleThrottler sourceThrottler = local == null ? null : local.throttler();
        sampler = sourceVcpu == null ?
            new SeriesSampler(clock, (int)Math.min(1_000_000, config.runTimeoutMs() / 100 + 2),
                vcpu.bytesProcessed()::get, receiver::linkBytesReceived, throttler::runNs, throttler::sleptNs,
                latency, highestLatencyNs) :
            // The guest runs at the source during the rounds and here after the switch: the series follows it.
            new SeriesSampler(clock, (int)Math.min(1_000_000, config.runTimeoutMs() / 100 + 2),
                () -> vcpu.bytesProcessed().get() + sourceVcpu.bytesProcessed().get(), receiver::linkBytesReceived,
                () -> throttler.runNs() + sourceThrottler.runNs(), () -> throttler.sleptNs() + sourceThrottler.sleptNs(),
                latency, highestLatencyNs);
        receiverThread = RunThreads.named(receiver, "vcsp-receiver", control);
        vcpuThread = RunThreads.named(vcpu, "vcsp-vcpu", control);
        samplerThread = RunThreads.named(sampler, "vcsp-sampler", control);
        handlerThread = region == null ? null :
            RunThreads.named(new FaultHandler(region, mmu, control), "vcsp-uffd", control);
    }

    /** @return the receiver and vCPU threads (and the uffd fault handler's), not started. */
    public List<Thread> workers()
    {
        return handlerThread == null ? List.of(receiverThread, vcpuThread) :
            List.of(receiverThread, vcpuThread, handlerThread);
    }

    /** @return the sampler thread, not started; stop it with {@link #stopSampler()}. */
    public Thread samplerThread()
    {
        return samplerThread;
    }

    /** Tells the sampler to take its last window and stop. */
    public void stopSampler()
    {
        sampler.stop();
    }

    /**
     * Hands a snapshot of the run to a progress listener; any thread.
     *
     * @param progress the listener.
     */
    public void reportProgress(final MigrationProgress progress)
    {
        progress.onProgress(present.cardinality(), present.size(), mmu.faults(), throttler.achievedSharePercent());
    }

    /** @return the present bitmap B. */
    public PageBitmap present()
    {
        return present;
    }

    /**
     * Checks every page after the threads stopped against the source's memory, in this process
     * (across processes {@link #receiveDigests} checks them against the source's digests).
     *
     * @param source the source's memory.
     * @return the outcome.
     */
    public IntegrityCheck checkIntegrity(final GuestMemory source)
    {
        final long pages = config.memoryPages();
        // With the push off only what the requests asked for moves: every page present must be right.
        final boolean presentOnly = !config.push().enabled();
        if (!presentOnly && receiver.presentCount() != pages)
        {
            return new IntegrityCheck(pages, pages - receiver.presentCount(), present.nextClearBit(0));
        }
        return IntegrityCheck.compare(source, memory, present, vcpu.writtenHere(), presentOnly);
    }

    /**
     * After the source died and the destination finished from the backup, in two processes: the
     * source's digests cannot come, so only presence is checked (every page must be present).
     *
     * @return pages checked for presence, and the missing ones as mismatches.
     */
    public IntegrityCheck checkIntegrityUnverified()
    {
        final long pages = config.memoryPages();
        final long missing = config.push().enabled() ? pages - receiver.presentCount() : 0;
        return new IntegrityCheck(pages, missing, missing == 0 ? -1 : present.nextClearBit(0));
    }

    /**
     * The integrity check when the source runs in another process: reads the digests the source
     * sends after COMPLETE and checks every page against them. Call after every thread has stopped.
     *
     * @param link the destination's link end.
     * @return the outcome.
     * @throws io.vcspbench.core.link.LinkException if the digests do not arrive within the fault timeout.
     */
    public IntegrityCheck receiveDigests(final LinkEnd link)
    {
        return DigestVerifier.receive(link, memory, present, vcpu.writtenHere(), !config.push().enabled(),
            config.waitStrategy().newIdleStrategy(), clock, config.faultTimeoutMs());
    }

    /** @return the receiver (its counters, and the source's stamps carried in the CPU state). */
    public PageReceiver receiver()
    {
        return receiver;
    }

    /** @return the quasi-MMU (faults, requests, stall time). */
    QuasiMmu mmu()
    {
        return mmu;
    }

    /** @return the vCPU (work done, run time, pages written here). */
    Vcpu vcpu()
    {
        return vcpu;
    }

    /** @return the vCPU's throttler. */
    DutyCycleThrottler throttler()
    {
        return throttler;
    }

    /** @return the sampler (series, latency histograms); read after it stopped. */
    SeriesSampler sampler()
    {
        return sampler;
    }

    /** Releases the memory and the waiters; call only after every thread has stopped. */
    @Override
    public void close()
    {
        receiverWaiter.close();
        vcpuWaiter.close();
        memory.close();
    }
}
