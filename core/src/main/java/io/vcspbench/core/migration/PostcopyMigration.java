package io.vcspbench.core.migration;

import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.ParkingSleeper;
import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.destination.QuasiMmu;
import io.vcspbench.core.destination.Vcpu;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.IntegrityCheck;
import io.vcspbench.core.metrics.SeriesSampler;
import io.vcspbench.core.source.SourceAgent;
import io.vcspbench.core.workload.AccessPattern;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.List;

/**
 * One post-copy migration in this process, for {@code postcopy}, {@code postcopy-prefetch},
 * {@code vcsp} and {@code vcsp-prefetch}: the algorithms differ only in E and N. The CPU state moves
 * first and the destination vCPU resumes at once; missing pages are faulted in over the demand
 * channel while the source pushes the rest. Four threads: source agent ("vcsp-source"), page
 * receiver ("vcsp-receiver"), vCPU ("vcsp-vcpu") and series sampler ("vcsp-sampler"); all are
 * joined and all off-heap memory released before {@link #run()} returns.
 */
public final class PostcopyMigration
{
    /** How long a thread gets to stop after the run ended or failed, ms. */
    static final long STOP_GRACE_MS = 10_000;

    private final MigrationConfig config;
    private final NanoClock clock = SystemNanoClock.INSTANCE;

    /**
     * @param config a post-copy family configuration.
     * @throws IllegalArgumentException if the algorithm is not of the post-copy family.
     */
    public PostcopyMigration(final MigrationConfig config)
    {
        if (config.algorithm().precopyPhase())
        {
            throw new IllegalArgumentException("algorithm '" + config.algorithm().cliName() + "' is not a post-copy algorithm");
        }
        this.config = config;
    }

    /**
     * Runs the migration to the end, or to its first failure or deadline.
     *
     * @return the result; failures are reported in it.
     */
    public MigrationResult run()
    {
        final long startEpochMs = System.currentTimeMillis();
        final LinkConfig linkConfig = config.linkConfig();
        final long pages = config.memoryPages();
        final MigrationControl control = new MigrationControl();
        final long highestLatencyNs = (config.faultTimeoutMs() + 1_000) * 1_000_000L;

        final GuestMemory sourceMemory = GuestMemory.allocate(pages);
        GuestMemory destinationMemory = null;
        boolean releasable = true;
        try
        {
            destinationMemory = GuestMemory.allocate(pages);
            sourceMemory.fillPattern(config.seed());
            final PageBitmap present = new PageBitmap(pages);
            final SingleWriterRecorder latency = new SingleWriterRecorder(1, highestLatencyNs, 3);
            final DutyCycleThrottler throttler = new DutyCycleThrottler(config.periodMs() * 1_000_000L,
                config.throttlePercent(), clock, ParkingSleeper.INSTANCE);

            try (LinkPair link = Links.openInProcess(linkConfig))
            {
                final SourceAgent source = new SourceAgent(sourceMemory, link.source(), control,
                    config.waitStrategy().newIdleStrategy(), clock, config.prefetchPages(), config.pushBatchPages(),
                    linkConfig.maxPagesPerFrame(), config.faultTimeoutMs());
                final PageReceiver receiver = new PageReceiver(destinationMemory, present, link.destination(), control,
                    config.waitStrategy().newIdleStrategy(), clock, config.faultTimeoutMs());
                final QuasiMmu mmu = new QuasiMmu(present, link.destination().demand(), control,
                    config.waitStrategy().newIdleStrategy(), clock, latency, throttler, config.prefetchPages(),
                    config.faultTimeoutMs(), highestLatencyNs);
                final Vcpu vcpu = new Vcpu(destinationMemory, mmu,
                    AccessPattern.create(config.pattern(), config.workloadPages(), config.seed()),
                    throttler, control, config.waitStrategy().newIdleStrategy(), clock, config.faultTimeoutMs());
                final SeriesSampler sampler = new SeriesSampler(clock,
                    (int)Math.min(1_000_000, config.runTimeoutMs() / 100 + 2),
                    vcpu.bytesProcessed()::get, receiver.linkBytes()::get, throttler::runNs, throttler::sleptNs,
                    latency, highestLatencyNs);

                final Thread samplerThread = new Thread(sampler, "vcsp-sampler");
                final Thread receiverThread = new Thread(receiver, "vcsp-receiver");
                final Thread vcpuThread = new Thread(vcpu, "vcsp-vcpu");
                final Thread sourceThread = new Thread(source, "vcsp-source");
                final List<Thread> workers = List.of(receiverThread, vcpuThread, sourceThread);
                for (final Thread t : workers)
                {
                    // An Error (say a missing --add-opens) must end the run at once, not leave the others waiting.
                    t.setUncaughtExceptionHandler((thread, e) -> control.fail(thread.getName() + ": " + e));
                }
                samplerThread.start();
                for (final Thread t : workers)
                {
                    t.start();
                }

                awaitEnd(control, workers, present);
                sampler.stop();
                final String stuck = joinAll(workers, samplerThread);
                if (stuck != null)
                {
                    // A thread that will not stop may still touch guest memory: leak it rather than free it under them.
                    releasable = false;
                    control.fail(stuck);
                    throw new IllegalStateException(stuck);
                }

                final IntegrityCheck integrity = receiver.presentCount() == pages ?
                    IntegrityCheck.compare(sourceMemory, destinationMemory, present, vcpu.writtenHere()) :
                    new IntegrityCheck(pages, pages - receiver.presentCount(), present.nextClearBit(0));
                String failure = control.failure();
                if (failure == null && integrity.mismatches() > 0)
                {
                    failure = "integrity check failed: " + integrity.mismatches() + " of " + integrity.pagesChecked() +
                        " pages differ, first page " + integrity.firstMismatch();
                }

                final long switchoverStartNs = source.switchoverStartNs();
                final long resumedNs = control.resumedNs();
                final long endNs = control.allPresentNs() != 0 ? control.allPresentNs() : clock.nanoTime();
                final double switchoverMs = resumedNs > 0 ? (resumedNs - switchoverStartNs) / 1e6 : 0;
                final double totalMs = (endNs - switchoverStartNs) / 1e6;
                final double workloadSeconds = (vcpu.stoppedNs() - vcpu.startedNs()) / 1e9;
                final long bytesOnWire = link.source().bytesSent() + link.destination().bytesSent();

                return new MigrationResult(
                    config,
                    failure,
                    switchoverMs + mmu.stallNs() / 1e6,
                    totalMs,
                    switchoverMs,
                    receiver.pagesReceived(),
                    bytesOnWire,
                    mmu.requests(),
                    mmu.faults(),
                    receiver.duplicatePages(),
                    workloadSeconds > 0 ? vcpu.bytesProcessed().get() / workloadSeconds / 1e6 : 0,
                    totalMs > 0 ? receiver.linkBytes().get() / (totalMs / 1e3) / 1e6 : 0,
                    throttler.achievedSharePercent(),
                    sampler.total(),
                    sampler.intervals(),
                    -1,
                    -1,
                    -1,
                    integrity.pagesChecked(),
                    integrity.mismatches(),
                    sampler.series(),
                    List.of(),
                    startEpochMs);
            }
        }
        finally
        {
            if (releasable)
            {
                sourceMemory.close();
                if (destinationMemory != null)
                {
                    destinationMemory.close();
                }
            }
        }
    }

    private void awaitEnd(final MigrationControl control, final List<Thread> workers, final PageBitmap present)
    {
        final long deadlineMs = System.currentTimeMillis() + config.runTimeoutMs();
        for (final Thread t : workers)
        {
            while (t.isAlive())
            {
                final long left = deadlineMs - System.currentTimeMillis();
                if (left <= 0)
                {
                    control.fail("migration did not finish within " + config.runTimeoutMs() + " ms (run timeout): " +
                        present.cardinality() + " of " + present.size() + " pages present");
                    return;
                }
                if (control.failure() != null)
                {
                    return;
                }
                try
                {
                    t.join(Math.min(left, 50));
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    control.fail("interrupted");
                    return;
                }
            }
        }
    }

    private static String joinAll(final List<Thread> workers, final Thread sampler)
    {
        final long deadline = System.currentTimeMillis() + STOP_GRACE_MS;
        String stuck = null;
        for (final Thread t : workers)
        {
            stuck = join(t, deadline, stuck);
        }
        return join(sampler, deadline, stuck);
    }

    private static String join(final Thread t, final long deadlineMs, final String stuck)
    {
        try
        {
            t.join(Math.max(1, deadlineMs - System.currentTimeMillis()));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive())
        {
            return (stuck == null ? "" : stuck + "; ") + "thread " + t.getName() + " did not stop within " + STOP_GRACE_MS + " ms";
        }
        return stuck;
    }
}
