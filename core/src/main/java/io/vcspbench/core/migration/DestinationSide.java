package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.ParkingSleeper;
import io.vcspbench.core.destination.FaultSignal;
import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.destination.QuasiMmu;
import io.vcspbench.core.destination.Vcpu;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.IntegrityCheck;
import io.vcspbench.core.metrics.Series;
import io.vcspbench.core.metrics.SeriesSampler;
import io.vcspbench.core.workload.AccessPattern;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;

import java.util.List;

/**
 * The destination half of a post-copy migration: guest memory, the page receiver ("vcsp-receiver"),
 * the vCPU running the workload through the quasi-MMU ("vcsp-vcpu") and the series sampler
 * ("vcsp-sampler"). Used by the in-process run and by {@code vcsp destination} in its own process.
 * Owns its memory: {@link #close()} releases it.
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

    /**
     * @param config  the run's configuration.
     * @param link    the destination's link end.
     * @param control run state shared with whoever waits for the end.
     * @param clock   time source.
     */
    public DestinationSide(final MigrationConfig config, final LinkEnd link, final MigrationControl control,
        final NanoClock clock)
    {
        this.config = config;
        this.clock = clock;
        final long pages = config.memoryPages();
        highestLatencyNs = (config.faultTimeoutMs() + 1_000) * 1_000_000L;
        memory = GuestMemory.allocate(pages);
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
            config.faultTimeoutMs(), false, demandOnly);
        mmu = new QuasiMmu(present, link.demand(), receiver, signal, control, clock, latency,
            throttler, config.prefetchPages(), config.faultTimeoutMs(), highestLatencyNs);
        final AccessPattern pattern = AccessPattern.create(config.pattern(), config.workloadPages(), config.seed());
        // With the push off the workload makes one pass over its working set and the run ends there.
        vcpu = new Vcpu(memory, mmu, pattern, throttler, control, receiver, vcpuWaiter, clock, config.faultTimeoutMs(),
            demandOnly ? pattern.passAccesses() : Long.MAX_VALUE);
        sampler = new SeriesSampler(clock, (int)Math.min(1_000_000, config.runTimeoutMs() / 100 + 2),
            vcpu.bytesProcessed()::get, receiver::linkBytesReceived, throttler::runNs, throttler::sleptNs,
            latency, highestLatencyNs);
        receiverThread = RunThreads.named(receiver, "vcsp-receiver", control);
        vcpuThread = RunThreads.named(vcpu, "vcsp-vcpu", control);
        samplerThread = RunThreads.named(sampler, "vcsp-sampler", control);
    }

    /** @return the receiver and vCPU threads, not started. */
    public List<Thread> workers()
    {
        return List.of(receiverThread, vcpuThread);
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
     * Checks every page after the threads stopped: against the source's memory when it is in this
     * process, else against the contents the source announced in its CPU state.
     *
     * @param source the source's memory, or null when the source is in another process.
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
        return source != null ? IntegrityCheck.compare(source, memory, present, vcpu.writtenHere(), presentOnly) :
            IntegrityCheck.againstPattern(receiver.sourceMemorySeed(), memory, present, vcpu.writtenHere(), presentOnly);
    }

    /**
     * Builds the result once every thread has stopped.
     *
     * @param control          the run's state (failure, resume and completion times).
     * @param switchoverStartNs when the source stopped its vCPU, on this process's clock.
     * @param bytesOnWire      bytes sent in both directions.
     * @param integrity        the integrity check.
     * @param startEpochMs     wall-clock start of the run.
     * @return the result.
     */
    public MigrationResult result(final MigrationControl control, final long switchoverStartNs,
        final long bytesOnWire, final IntegrityCheck integrity, final long startEpochMs)
    {
        final String failure = control.failure() != null ? control.failure() : integrity.failure();
        final long resumedNs = control.resumedNs();
        final long endNs = control.allPresentNs() != 0 ? control.allPresentNs() : clock.nanoTime();
        final double switchoverMs = resumedNs > 0 ? Math.max(0, resumedNs - switchoverStartNs) / 1e6 : 0;
        final double totalMs = (endNs - switchoverStartNs) / 1e6;
        final double workloadSeconds = (vcpu.stoppedNs() - vcpu.startedNs()) / 1e9;
        final double stallMs = mmu.stallNs() / 1e6;
        final Series series = sampler.series();

        return MigrationResult.builder(config)
            .measured(totalMs, receiver, vcpu.bytesProcessed(), workloadSeconds, throttler, sampler)
            .failure(failure)
            .downtimeMs(switchoverMs + stallMs)
            .switchoverMs(switchoverMs)
            .bytesOnWire(bytesOnWire)
            .pageRequests(mmu.requests())
            .faults(mmu.faults())
            .integrity(integrity)
            .series(series)
            .startEpochMs(startEpochMs)
            .demandPaging(demandPaging(switchoverStartNs, stallMs, series))
            .build();
    }

    private DemandPagingStats demandPaging(final long switchoverStartNs, final double stallMs, final Series series)
    {
        final long demandPages = receiver.replyHeadsReceived();
        final long lastPageNs = receiver.lastPageArrivedNs();
        final double lastPageMs = lastPageNs == 0 ? 0 : Math.max(0, lastPageNs - switchoverStartNs) / 1e6;
        // The series' time 0 is the sampler's start; the source may have stopped before it (two processes).
        final double fromMs = (switchoverStartNs - sampler.startNs()) / 1e6;
        final double sampledMBps = lastPageNs == 0 ? Double.NaN :
            series.meanLinkMBps(fromMs, Math.max(fromMs, (lastPageNs - sampler.startNs()) / 1e6));
        return new DemandPagingStats(
            demandPages,
            receiver.demandPagesReceived() - demandPages,
            receiver.pushPagesReceived(),
            mmu.requests() - demandPages,
            receiver.linkBytesReceived(),
            stallMs,
            lastPageMs,
            sampledMBps);
    }

    /** @return the receiver, for the source's switchover time as carried in the CPU state. */
    public PageReceiver receiver()
    {
        return receiver;
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
