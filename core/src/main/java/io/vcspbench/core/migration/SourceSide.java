package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.AutoConvergePolicy;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.JinThrottlePolicy;
import io.vcspbench.core.cpu.ThrottlePolicy;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.DirtyLog;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.storage.PageFileWriter;
import io.vcspbench.core.storage.SharedStorage;
import io.vcspbench.core.source.DigestSender;
import io.vcspbench.core.source.PrecopySender;
import io.vcspbench.core.source.SourceAgent;
import io.vcspbench.core.source.SourceEngine;
import io.vcspbench.core.source.SourcePhase;
import io.vcspbench.core.source.SourceVcpu;
import io.vcspbench.core.source.VcpuPause;
import io.vcspbench.core.workload.AccessPattern;
import io.vcspbench.core.workload.Pattern;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source of any migration: guest memory filled from the seed; for algorithms with pre-copy
 * rounds, the source vCPU running the workload (marking its writes in the dirty log, under its own
 * throttle) and the {@link PrecopySender}; for algorithms with a post-copy phase, the
 * {@link SourceAgent} that serves faults and pushes; and the {@link SourceEngine} that runs the
 * algorithm's phases ({@link Compositions}) on thread "vcsp-source". Used by the in-process run and
 * by {@code vcsp source}. Owns its memory: {@link #close()} releases it.
 */
public final class SourceSide implements AutoCloseable
{
    /** Most pages one request may ask for at the source; the destination's N decides below that. */
    static final int MAX_REQUEST_PAGES = 65_536;

    private final MigrationConfig config;
    private final GuestMemory memory;
    private final DutyCycleThrottler throttler;
    private final VcpuPause pause;
    private final SourceVcpu vcpu;
    private final PrecopySender sender;
    private final SourceAgent agent;
    private final Waiter waiter;
    private final SourceEngine engine;
    private final SharedStorage storage;
    private volatile boolean snapshotDone;
    private long backupPages;
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param config  the run's configuration (memory size, seed, algorithm and its settings).
     * @param link    the source's link end.
     * @param control run state shared with whoever waits for the end.
     * @param clock   time source.
     */
    public SourceSide(final MigrationConfig config, final LinkEnd link, final MigrationControl control,
        final NanoClock clock)
    {
        this(config, link, control, clock, false, null);
    }

    /**
     * @param config  the run's configuration.
     * @param link    the source's link end.
     * @param control run state shared with whoever waits for the end.
     * @param clock   time source.
     * @param remote  true when the destination runs in another process: the source then sends a
     *                digest of every page once the migration is over, for its integrity check.
     * @param storage shared storage for the snapshot and the backup, or null when the run needs none.
     */
    SourceSide(final MigrationConfig config, final LinkEnd link, final MigrationControl control,
        final NanoClock clock, final boolean remote, final SharedStorage storage)
    {
        this.config = config;
        this.storage = storage;
        final long pages = config.memoryPages();
        final boolean rounds = config.algorithm().precopyPhase();
        final boolean postcopy = !config.algorithm().purePrecopy();
        memory = GuestMemory.allocate(pages);
        Waiter w = null;
        try
        {
            memory.fillPattern(config.seed());
            if (rounds)
            {
                final DirtyLog dirtyLog = new DirtyLog(pages);
                pause = new VcpuPause();
                throttler = new DutyCycleThrottler(config.periodMs() * 1_000_000L, config.throttlePercent(), clock,
                    pause);
                final boolean writer = config.pattern() == Pattern.WRITER;
                final AccessPattern pattern = AccessPattern.create(
                    writer ? config.writerOrder().pattern() : config.pattern(), config.workloadPages(), config.seed());
                vcpu = new SourceVcpu(memory, dirtyLog, pattern, writer, config.writerSchedule(), throttler, pause,
                    control, clock);
                sender = new PrecopySender(memory, link, control, config.waitStrategy().newIdleStrategy(), clock,
                    dirtyLog, pause, throttler, policyFor(config), config.pushBatchPages(), roundCapacity(config),
                    config.stopCopyKiB(), config.faultTimeoutMs(), config.seed());
                sender.reportWorkOf(vcpu);
            }
            else
            {
                pause = null;
                throttler = null;
                vcpu = null;
                sender = null;
            }
            if (postcopy)
            {
                w = link.newWaiter(config.waitStrategy());
                agent = new SourceAgent(memory, link, control, w, clock, MAX_REQUEST_PAGES, config.pushBatchPages(),
                    config.linkConfig().maxPagesPerFrame(), config.faultTimeoutMs(), config.seed(), config.push());
                if (config.push().enabled() && !config.usesStorage())
                {
                    agent.expectEveryPageSentBeforeComplete();
                }
            }
            else
            {
                agent = null;
            }
        }
        catch (final RuntimeException e)
        {
            if (w != null)
            {
                w.close();
            }
            memory.close();
            throw e;
        }
        waiter = w;
        final int initialPercent = throttler == null ? 100 : throttler.throttlePercent();
        final SourcePhase digests = !remote ? null : SourcePhase.of("page digests and the verdict", () -> {
            final DigestSender digestSender = new DigestSender(memory, link, control,
                config.waitStrategy().newIdleStrategy(), clock, config.faultTimeoutMs());
            digestSender.send();
            // Success only once the destination has checked the last page (issue 14): not on COMPLETE alone.
            digestSender.awaitVerified(config.push().enabled());
            return true;
        });
        engine = new SourceEngine(Compositions.phases(config, this), control, digests,
            () -> {
                if (sender != null)
                {
                    sender.finish(initialPercent);
                }
            });
        if (vcpu != null)
        {
            final Thread t = RunThreads.named(vcpu, "vcsp-source-vcpu", control);
            pause.bind(t);
            threads.add(t);
        }
        if (config.algorithm() == Algorithm.PARALLEL_HYBRID)
        {
            threads.add(RunThreads.named(() -> writeSnapshot(control), "vcsp-snapshot", control));
        }
        threads.add(RunThreads.named(engine, "vcsp-source", control));
    }

    /**
     * @param config the run's configuration.
     * @return the policy its algorithm applies to the source vCPU after each round (a new instance:
     * policies keep state).
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

    private static int roundCapacity(final MigrationConfig config)
    {
        // Parallel-hybrid's round 1 (while the snapshot is written) comes before As-hybrid's rounds.
        return config.algorithm() == Algorithm.HYBRID_K ? config.hybridRounds() :
            config.algorithm() == Algorithm.PARALLEL_HYBRID ? config.maxRounds() + 1 : config.maxRounds();
    }

    /** Channel 1 of parallel-hybrid: all of memory to shared storage while the rounds use the link. */
    private void writeSnapshot(final MigrationControl control)
    {
        try (PageFileWriter writer = storage.createStaticData(memory.pageCount()))
        {
            writer.write(memory, 0, memory.pageCount());
        }
        catch (final IOException | RuntimeException e)
        {
            if (!control.sourceKilled())
            {
                control.fail("source: snapshot to shared storage failed: " + e.getMessage());
            }
            return;
        }
        snapshotDone = true;
    }

    /** @return whether the snapshot is complete in shared storage (parallel-hybrid). */
    boolean snapshotDone()
    {
        return snapshotDone;
    }

    /**
     * PbData: saves the pages the destination lacks to the backup file of shared storage, complete
     * (forced to disk) before the CPU state goes, so a link failure during post-copy can be survived.
     * Runs on the source's thread with the source vCPU stopped: its time is part of the switchover.
     *
     * @param owed the pages owed, or null for every page (post-copy with nothing sent before).
     * @return pages saved.
     */
    long writeBackup(final PageBitmap owed)
    {
        try (PageFileWriter writer = storage.createBackup(memory.pageCount()))
        {
            if (owed == null)
            {
                writer.write(memory, 0, memory.pageCount());
            }
            else
            {
                for (long p = owed.nextSetBit(0); p >= 0; p = owed.nextSetBit(p + 1))
                {
                    writer.write(memory, p);
                }
            }
            backupPages = writer.pagesWritten();
            return backupPages;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("saving the pages owed to shared storage failed: " + e.getMessage(), e);
        }
    }

    /** @return pages saved to the backup, 0 if none. */
    long backupPages()
    {
        return backupPages;
    }

    /** @return the configuration. */
    MigrationConfig config()
    {
        return config;
    }

    /** @return the pre-copy sender, or null when the algorithm has no rounds. */
    public PrecopySender sender()
    {
        return sender;
    }

    /** @return the post-copy agent, or null when the algorithm has no post-copy phase. */
    public SourceAgent agent()
    {
        return agent;
    }

    /** @return the source vCPU, or null when the algorithm has no rounds (it never runs here). */
    public SourceVcpu vcpu()
    {
        return vcpu;
    }

    /** @return the source vCPU's throttler, or null when it never runs. */
    public DutyCycleThrottler throttler()
    {
        return throttler;
    }

    /** @return the engine running the phases. */
    public SourceEngine engine()
    {
        return engine;
    }

    /** @return the source's memory (valid until {@link #close()}). */
    public GuestMemory memory()
    {
        return memory;
    }

    /** @return the source's threads (vCPU if any, then the engine), not started. */
    public List<Thread> threads()
    {
        return threads;
    }

    /** @return when the migration began at the source (round 1, or the switchover when there are no rounds), ns; 0 before. */
    public long startNs()
    {
        if (sender != null && sender.startNs() != 0)
        {
            return sender.startNs();
        }
        return agent != null ? agent.switchoverStartNs() : 0;
    }

    /** @return when the source vCPU was stopped for the switchover or stop-and-copy, ns; 0 before. */
    public long pauseNs()
    {
        if (sender != null)
        {
            return sender.pauseRequestNs();
        }
        return agent != null ? agent.switchoverStartNs() : 0;
    }

    /** @return pages sent, resends included, by rounds and post-copy together. */
    public long pagesSent()
    {
        return (sender != null ? sender.pagesSent() : 0) +
            (agent != null ? agent.demandPagesSent() + agent.pushPagesSent() : 0);
    }

    /** Releases the memory and the waiter; call only after every thread has stopped. */
    @Override
    public void close()
    {
        if (waiter != null)
        {
            waiter.close();
        }
        memory.close();
    }
}
