package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.AutoConvergePolicy;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.JinThrottlePolicy;
import io.vcspbench.core.cpu.ThrottlePolicy;
import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.DirtyLog;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.IntegrityCheck;
import io.vcspbench.core.metrics.SeriesSampler;
import io.vcspbench.core.source.PrecopySender;
import io.vcspbench.core.source.SourceVcpu;
import io.vcspbench.core.source.VcpuPause;
import io.vcspbench.core.workload.AccessPattern;
import io.vcspbench.core.workload.Pattern;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Pre-copy migrations, for {@code precopy}, {@code precopy-throttled} and {@code auto-converge}: the
 * guest keeps running at the source ({@link SourceVcpu}, marking its writes in the dirty log) while
 * {@link PrecopySender} sends memory round after round, then pauses it for stop-and-copy; the
 * destination's {@link PageReceiver} takes the rounds and resumes the guest when the CPU state
 * arrives. The three differ only in the {@link ThrottlePolicy} applied to the source vCPU after
 * each round. Both halves run in this process; every thread is joined and all off-heap memory
 * released before {@link #run} returns.
 *
 * <p>Metrics as DESIGN.md defines them for pre-copy: downtime is the stop-and-copy pause (from the
 * pause request to the CPU state's arrival), total migration time runs from the start of round 1 to
 * the last page present, workload throughput is what the source vCPU did while it ran, and the CPU
 * share is the source vCPU's.
 */
public final class PrecopyMigration
{
    private static final NanoClock CLOCK = SystemNanoClock.INSTANCE;

    private final MigrationConfig config;

    /**
     * @param config a pre-copy family configuration.
     * @throws IllegalArgumentException if the algorithm is not pure pre-copy.
     */
    public PrecopyMigration(final MigrationConfig config)
    {
        if (!config.algorithm().purePrecopy())
        {
            throw new IllegalArgumentException("algorithm '" + config.algorithm().cliName() +
                "' is not a pre-copy algorithm");
        }
        this.config = config;
    }

    /**
     * @param config the run's configuration.
     * @return the policy its algorithm applies after each round (a new instance: policies keep state).
     */
    public static ThrottlePolicy policyFor(final MigrationConfig config)
    {
        switch (config.algorithm())
        {
            case PRECOPY_THROTTLED: return new JinThrottlePolicy(config.jinC());
            case AUTO_CONVERGE: return new AutoConvergePolicy();
            default: return ThrottlePolicy.NONE;
        }
    }

    /**
     * Runs both halves in this process, reporting progress about every 100 ms on this thread.
     *
     * @param progress receives progress snapshots.
     * @return the result; failures are reported in it.
     */
    public MigrationResult run(final MigrationProgress progress)
    {
        final long startEpochMs = System.currentTimeMillis();
        final MigrationControl control = new MigrationControl();
        final long pages = config.memoryPages();
        try (LinkPair link = Links.openInProcess(config.linkConfig());
            Waiter receiverWaiter = link.destination().newWaiter(config.waitStrategy()))
        {
            // No vCPU runs at the destination during pre-copy: the receiver reads both channels.
            receiverWaiter.watch(link.destination().push());
            receiverWaiter.watch(link.destination().demand());
            final GuestMemory source = GuestMemory.allocate(pages);
            GuestMemory destination = null;
            boolean releasable = true;
            try
            {
                source.fillPattern(config.seed());
                destination = GuestMemory.allocate(pages);
                final PageBitmap present = new PageBitmap(pages);
                final DirtyLog dirtyLog = new DirtyLog(pages);
                final VcpuPause pause = new VcpuPause();
                final DutyCycleThrottler throttler = new DutyCycleThrottler(config.periodMs() * 1_000_000L,
                    config.throttlePercent(), CLOCK, pause);
                final boolean writer = config.pattern() == Pattern.WRITER;
                final AccessPattern pattern = AccessPattern.create(
                    writer ? config.writerOrder().pattern() : config.pattern(), config.workloadPages(), config.seed());
                final SourceVcpu vcpu = new SourceVcpu(source, dirtyLog, pattern, writer, config.writerSchedule(),
                    throttler, pause, control, CLOCK);
                final PrecopySender sender = new PrecopySender(source, link.source(), control,
                    config.waitStrategy().newIdleStrategy(), CLOCK, dirtyLog, pause, throttler, policyFor(config),
                    config.pushBatchPages(), config.maxRounds(), config.stopCopyKiB(), config.faultTimeoutMs(),
                    config.seed());
                final PageReceiver receiver = new PageReceiver(destination, present, link.destination(), control,
                    receiverWaiter, null, CLOCK, config.faultTimeoutMs(), true, false);
                final long highestLatencyNs = (config.faultTimeoutMs() + 1_000) * 1_000_000L;
                final SeriesSampler sampler = new SeriesSampler(CLOCK,
                    (int)Math.min(1_000_000, config.runTimeoutMs() / 100 + 2), vcpu.bytesProcessed()::get,
                    receiver::linkBytesReceived, throttler::runNs, throttler::sleptNs,
                    new SingleWriterRecorder(1, highestLatencyNs, 3), highestLatencyNs);

                final List<Thread> workers = new ArrayList<>();
                workers.add(RunThreads.named(vcpu, "vcsp-vcpu", control));
                workers.add(RunThreads.named(sender, "vcsp-source", control));
                workers.add(RunThreads.named(receiver, "vcsp-receiver", control));
                final Thread samplerThread = RunThreads.named(sampler, "vcsp-sampler", control);
                samplerThread.start();
                workers.forEach(Thread::start);

                RunThreads.awaitEnd(control, workers, config.runTimeoutMs(),
                    () -> "round " + (sender.roundCount() + 1) + ", " + present.cardinality() + " of " + pages +
                        " pages present",
                    () -> progress.onPrecopyProgress(sender.roundCount() + 1, present.cardinality(), pages,
                        throttler.throttlePercent(), throttler.achievedSharePercent()));
                pause.request();
                sampler.stop();
                final String stuck = RunThreads.joinAll(workers, samplerThread);
                if (stuck != null)
                {
                    releasable = false;
                    control.fail(stuck);
                    throw new IllegalStateException(stuck);
                }
                final IntegrityCheck integrity = receiver.presentCount() == pages ?
                    IntegrityCheck.compare(source, destination, present, null) :
                    new IntegrityCheck(pages, pages - receiver.presentCount(), present.nextClearBit(0));
                final long bytesOnWire = link.source().bytesSent() + link.destination().bytesSent();
                return result(control, sender, receiver, vcpu, throttler, sampler, integrity, bytesOnWire, startEpochMs);
            }
            finally
            {
                if (releasable)
                {
                    source.close();
                    if (destination != null)
                    {
                        destination.close();
                    }
                }
            }
        }
    }

    private MigrationResult result(final MigrationControl control, final PrecopySender sender,
        final PageReceiver receiver, final SourceVcpu vcpu, final DutyCycleThrottler throttler,
        final SeriesSampler sampler, final IntegrityCheck integrity, final long bytesOnWire, final long startEpochMs)
    {
        final String failure = control.failure() != null ? control.failure() : integrity.failure();
        final long pauseNs = sender.pauseRequestNs();
        final long resumedNs = control.resumedNs();
        final double downtimeMs = pauseNs > 0 && resumedNs >= pauseNs ? (resumedNs - pauseNs) / 1e6 : 0;
        final long endNs = control.allPresentNs() != 0 ? control.allPresentNs() : CLOCK.nanoTime();
        final double totalMs = (endNs - sender.startNs()) / 1e6;
        final long vcpuEndNs = vcpu.stoppedNs();
        final double workloadSeconds = (vcpuEndNs - vcpu.startedNs()) / 1e9;
        return MigrationResult.builder(config)
            .measured(totalMs, receiver, vcpu.bytesProcessed(), workloadSeconds, throttler, sampler)
            .failure(failure)
            .downtimeMs(downtimeMs)
            .switchoverMs(downtimeMs)
            .bytesOnWire(bytesOnWire)
            .precopyRounds(sender.roundCount())
            .stopCopyPages(Math.max(0, sender.stopCopyPages()))
            .integrity(integrity)
            .series(sampler.series())
            .rounds(sender.rounds())
            .startEpochMs(startEpochMs)
            .build();
    }
}
