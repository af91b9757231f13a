package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.destination.QuasiMmu;
import io.vcspbench.core.destination.Vcpu;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.metrics.IntegrityCheck;
import io.vcspbench.core.metrics.Series;
import io.vcspbench.core.metrics.SeriesSampler;
import io.vcspbench.core.source.PrecopySender;
import io.vcspbench.core.source.SourceAgent;
import io.vcspbench.core.source.SourceVcpu;
import io.vcspbench.core.storage.PageFileReader;
import io.vcspbench.core.storage.SharedStorage;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one orchestrator: runs any algorithm ({@link Compositions} says which phases) in this process
 * ({@link #run}), or one half of it in each of two processes joined by a TCP link
 * ({@link #runSource}, {@link #runDestination}). It starts the threads of a {@link SourceSide} and
 * a {@link DestinationSide}, waits for the end with the run's deadline, joins every thread, checks
 * integrity, builds the result with {@link MigrationResult#builder} and releases all off-heap memory
 * (leaking it only if a thread refuses to stop, since it might still touch it).
 *
 * <p>Metrics as DESIGN.md defines them, the same formulas for every algorithm: the migration starts
 * with the source's first phase (round 1 of pre-copy, or the switchover when there are no rounds);
 * the switchover pause runs from the source vCPU's stop to the CPU state's arrival; downtime is that
 * pause plus the destination vCPU's fault stalls (none after stop-and-copy); total time runs to the
 * last page present; the guest's work counts wherever it ran (the source vCPU during the rounds, the
 * destination vCPU after the switch).
 */
public final class Migration
{
    private static final NanoClock CLOCK = SystemNanoClock.INSTANCE;

    private Migration()
    {
    }

    /**
     * Runs both halves in this process over a link of the configured kind, to the end or to the first
     * failure or deadline, reporting progress about every 100 ms on this thread.
     *
     * @param config   what to run.
     * @param progress receives progress snapshots.
     * @return the result; failures are reported in it.
     */
    public static MigrationResult run(final MigrationConfig config, final MigrationProgress progress)
    {
        final long startEpochMs = System.currentTimeMillis();
        final MigrationControl control = new MigrationControl();
        try (SharedStorage storage = openStorage(config, true);
            LinkPair link = Links.openInProcess(config.linkConfig()))
        {
            final SourceSide source = new SourceSide(config, link.source(), control, CLOCK, false, storage);
            DestinationSide destination = null;
            boolean releasable = true;
            try
            {
                destination = new DestinationSide(config, link.destination(), control, CLOCK, source, storage);
                final DestinationSide d = destination;
                final List<Thread> workers = new ArrayList<>(d.workers());
                workers.addAll(source.threads());
                d.samplerThread().start();
                workers.forEach(Thread::start);

                final LinkCutter cutter = new LinkCutter(config.cutLinkAfterMs(), control, link.source());
                RunThreads.awaitEnd(control, workers, config.runTimeoutMs(), () -> describe(source, d),
                    () -> {
                        cutter.check();
                        report(progress, source, d, control);
                    });
                stopSourceVcpu(source);
                d.stopSampler();
                final String stuck = RunThreads.joinAll(workers, d.samplerThread());
                if (stuck != null)
                {
                    releasable = false;
                    control.fail(stuck);
                    throw new IllegalStateException(stuck);
                }
                final IntegrityCheck integrity = d.checkIntegrity(source.memory());
                final long bytesOnWire = link.source().bytesSent() + link.destination().bytesSent();
                return result(config, control, d, source, storage, source.startNs(), source.pauseNs(), bytesOnWire,
                    integrity, startEpochMs);
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

    /**
     * Runs the source half on an open link end (the other half runs in another process).
     *
     * @param config the run's configuration; memory size and seed must be the destination's.
     * @param link   the source's end, handshake done.
     * @return what the source saw.
     */
    public static SourceOutcome runSource(final MigrationConfig config, final LinkEnd link)
    {
        final MigrationControl control = new MigrationControl();
        final SharedStorage storage = openStorage(config, false);
        final SourceSide source;
        try
        {
            source = new SourceSide(config, link, control, CLOCK, true, storage);
        }
        catch (final RuntimeException e)
        {
            closeQuietly(storage);
            throw e;
        }
        boolean releasable = true;
        try
        {
            final long startNs = CLOCK.nanoTime();
            source.threads().forEach(Thread::start);
            RunThreads.awaitEnd(control, source.threads(), config.runTimeoutMs(),
                () -> source.pagesSent() + " pages sent of " + config.memoryPages(), () -> { });
            stopSourceVcpu(source);
            final String stuck = RunThreads.joinAll(source.threads(), null);
            if (stuck != null)
            {
                releasable = false;
                control.fail(stuck);
            }
            if (control.failure() != null && stuck == null)
            {
                PeerVerdict.sendErrorQuietly(link, "the source failed: " + control.failure());
            }
            final SourceAgent agent = source.agent();
            return new SourceOutcome(control.failure(), source.pagesSent(),
                agent == null ? 0 : agent.demandPagesSent(), agent == null ? 0 : agent.pushPagesSent(),
                agent == null ? 0 : agent.requestsReceived(), link.bytesSent(), (CLOCK.nanoTime() - startNs) / 1e6);
        }
        finally
        {
            if (releasable)
            {
                source.close();
            }
            closeQuietly(storage);
        }
    }

    /**
     * Runs the destination half on an open link end: the vCPU resumes when the CPU state arrives, and
     * every page is checked against what the source announced it holds.
     *
     * @param config the run's configuration.
     * @param link   the destination's end, handshake done.
     * @return the result; failures are reported in it.
     */
    public static MigrationResult runDestination(final MigrationConfig config, final LinkEnd link)
    {
        final long startEpochMs = System.currentTimeMillis();
        final MigrationControl control = new MigrationControl();
        final SharedStorage storage = openStorage(config, false);
        final DestinationSide d;
        try
        {
            d = new DestinationSide(config, link, control, CLOCK, null, storage);
        }
        catch (final RuntimeException e)
        {
            closeQuietly(storage);
            throw e;
        }
        boolean releasable = true;
        try
        {
            d.samplerThread().start();
            d.workers().forEach(Thread::start);
            RunThreads.awaitEnd(control, d.workers(), config.runTimeoutMs(),
                () -> d.present().cardinality() + " of " + d.present().size() + " pages present", () -> { });
            d.stopSampler();
            final String stuck = RunThreads.joinAll(d.workers(), d.samplerThread());
            if (stuck != null)
            {
                releasable = false;
                control.fail(stuck);
                throw new IllegalStateException(stuck);
            }
            IntegrityCheck integrity = new IntegrityCheck(0, 0, -1);
            if (control.linkLost() != null)
            {
                // The source is gone: its digests will not come. Every page is present (or the run failed).
                integrity = d.checkIntegrityUnverified();
            }
            else if (control.isRunning())
            {
                try
                {
                    integrity = d.receiveDigests(link);
                }
                catch (final LinkException e)
                {
                    control.fail("destination: " + e.getMessage());
                }
            }
            if (control.linkLost() == null)
            {
                // The source succeeds only on this verdict, so both sides report the same outcome.
                final String failure = control.failure() != null ? control.failure() : integrity.failure();
                if (failure == null)
                {
                    try
                    {
                        PeerVerdict.sendVerified(link, integrity.pagesChecked(), config.faultTimeoutMs());
                    }
                    catch (final LinkException e)
                    {
                        control.fail("destination: could not confirm the last page to the source: " + e.getMessage());
                    }
                }
                else
                {
                    PeerVerdict.sendErrorQuietly(link, "the destination failed: " + failure);
                }
            }
            // One host has one monotonic clock, so the source's stamps are usable; across hosts they are
            // not, and the switchover is then measured from the CPU state's arrival.
            final long resumedNs = control.resumedNs();
            final PageReceiver receiver = d.receiver();
            final long sourceStopNs = receiver.sourceSwitchoverNs();
            final boolean plausible = resumedNs > 0 && sourceStopNs <= resumedNs && resumedNs - sourceStopNs < 10_000_000_000L;
            final long pauseNs = plausible ? sourceStopNs : (resumedNs > 0 ? resumedNs : CLOCK.nanoTime());
            final long startNs = plausible && receiver.sourceStartNs() > 0 ? receiver.sourceStartNs() : pauseNs;
            return result(config, control, d, null, storage, startNs, pauseNs, link.bytesSent() + link.bytesReceived(),
                integrity, startEpochMs);
        }
        finally
        {
            if (releasable)
            {
                d.close();
            }
            closeQuietly(storage);
        }
    }

    /**
     * Opens the run's shared storage when it needs one: in one process a temporary directory, or a
     * folder of its own in {@code --storage DIR}; across processes {@code DIR} itself, which both sides
     * must be given.
     */
    private static SharedStorage openStorage(final MigrationConfig config, final boolean oneProcess)
    {
        if (!config.usesStorage())
        {
            return null;
        }
        final String dir = config.storageDir();
        final String reason = oneProcess ? null : twoProcessUnsupported(config);
        if (reason != null)
        {
            throw new IllegalArgumentException(reason);
        }
        try
        {
            return SharedStorage.builder()
                .directory(dir.isEmpty() ? null : Path.of(dir))
                .runId(oneProcess && !dir.isEmpty() ? "run-" + System.currentTimeMillis() + "-" + System.nanoTime() : null)
                .rateMbit(config.storageMbit())
                .clock(CLOCK)
                .open();
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("--storage: " + e.getMessage(), e);
        }
    }

    /**
     * Says, before anything is allocated, whether a configuration can run split across two
     * processes ({@link #runSource}, {@link #runDestination}), beyond what {@link MigrationRunner#unsupported}
     * says of any run.
     *
     * @param config what to run.
     * @return null when it can, else a one-line reason naming the option.
     */
    public static String twoProcessUnsupported(final MigrationConfig config)
    {
        if (config.usesStorage() && config.storageDir().isEmpty())
        {
            return "--algorithm " + config.algorithm().cliName() + (config.backup() ? " with --backup on" : "") +
                " across two processes needs --storage DIR, a directory both sides reach (shared storage)";
        }
        return null;
    }

    private static void closeQuietly(final SharedStorage storage)
    {
        if (storage != null)
        {
            try
            {
                storage.close();
            }
            catch (final RuntimeException e)
            {
                // a temporary directory left behind is not worth failing a finished run for
            }
        }
    }

    /**
     * Fault injection in one process ({@code --cut-link-after-ms T}): T ms after the switch the source
     * dies as its host would, its link end closed under it; checked on the orchestrating thread about
     * every 100 ms.
     */
    private static final class LinkCutter
    {
        private final long afterNs;
        private final MigrationControl control;
        private final LinkEnd sourceEnd;
        private boolean cut;

        LinkCutter(final long afterMs, final MigrationControl control, final LinkEnd sourceEnd)
        {
            this.afterNs = afterMs * 1_000_000L;
            this.control = control;
            this.sourceEnd = sourceEnd;
        }

        void check()
        {
            final long resumedNs = control.resumedNs();
            if (afterNs > 0 && !cut && resumedNs != 0 && CLOCK.nanoTime() - resumedNs >= afterNs)
            {
                cut = true;
                control.killSource();
                sourceEnd.close();
            }
        }
    }

    /** The source vCPU runs until a phase pauses it; after a failure or timeout nobody has. */
    private static void stopSourceVcpu(final SourceSide source)
    {
        if (source.sender() != null)
        {
            source.sender().finish(source.throttler().throttlePercent());
        }
    }

    private static String describe(final SourceSide source, final DestinationSide d)
    {
        final PrecopySender sender = source.sender();
        final String phase = source.engine().current() == null ? "starting" : source.engine().current().name();
        return phase + (sender != null ? ", round " + (sender.roundCount() + 1) : "") + ", " +
            d.present().cardinality() + " of " + d.present().size() + " pages present";
    }

    private static void report(final MigrationProgress progress, final SourceSide source, final DestinationSide d,
        final MigrationControl control)
    {
        if (control.resumedNs() == 0 && source.sender() != null)
        {
            progress.onPrecopyProgress(source.sender().roundCount() + 1, d.present().cardinality(), d.present().size(),
                source.throttler().throttlePercent(), source.throttler().achievedSharePercent());
        }
        else
        {
            d.reportProgress(progress);
        }
    }

    /**
     * Builds the result once every thread has stopped.
     *
     * @param source  the source when it ran in this process (its rounds and vCPU), else null.
     * @param startNs when the migration began at the source, on this process's clock.
     * @param pauseNs when the source vCPU stopped for the switchover or stop-and-copy, on this clock.
     */
    private static MigrationResult result(final MigrationConfig config, final MigrationControl control,
        final DestinationSide d, final SourceSide source, final SharedStorage storage, final long startNs,
        final long pauseNs, final long bytesOnWire, final IntegrityCheck integrity, final long startEpochMs)
    {
        final PageReceiver receiver = d.receiver();
        final QuasiMmu mmu = d.mmu();
        final Vcpu vcpu = d.vcpu();
        final String failure = control.failure() != null ? control.failure() : integrity.failure();
        final long resumedNs = control.resumedNs();
        final long endNs = control.allPresentNs() != 0 ? control.allPresentNs() : CLOCK.nanoTime();
        final double switchoverMs = resumedNs > 0 && pauseNs > 0 ? Math.max(0, resumedNs - pauseNs) / 1e6 : 0;
        final double stallMs = mmu.stallNs() / 1e6;
        final boolean postcopy = receiver.postcopyFollows();

        long workBytes = vcpu.bytesProcessed().get();
        double workSeconds = vcpu.startedNs() == 0 ? 0 : (vcpu.stoppedNs() - vcpu.startedNs()) / 1e9;
        double share = d.throttler().achievedSharePercent();
        final SourceVcpu sourceVcpu = source == null ? null : source.vcpu();
        if (sourceVcpu != null && sourceVcpu.startedNs() != 0)
        {
            workBytes += sourceVcpu.bytesProcessed().get();
            workSeconds += (sourceVcpu.stoppedNs() - sourceVcpu.startedNs()) / 1e9;
            if (!postcopy)
            {
                share = source.throttler().achievedSharePercent(); // the guest ran at the source only
            }
        }
        else if (source == null && receiver.sourceWorkNs() > 0)
        {
            // Two processes: the source reported its vCPU's work in the CPU state.
            workBytes += receiver.sourceWorkBytes();
            workSeconds += receiver.sourceWorkNs() / 1e9;
            if (!postcopy && !Double.isNaN(receiver.sourceSharePercent()))
            {
                share = receiver.sourceSharePercent();
            }
        }
        final Series series = d.sampler().series();
        final MigrationResult.Builder b = MigrationResult.builder(config)
            .measured((endNs - startNs) / 1e6, receiver, workBytes, workSeconds, share, d.sampler())
            .failure(failure)
            .downtimeMs(switchoverMs + stallMs)
            .switchoverMs(switchoverMs)
            .bytesOnWire(bytesOnWire)
            .integrity(integrity)
            .series(series)
            .startEpochMs(startEpochMs);
        if (postcopy || !config.algorithm().precopyPhase())
        {
            b.pageRequests(mmu.requests()).faults(mmu.faults())
                .demandPaging(demandPaging(d, mmu, pauseNs, stallMs, series));
        }
        if ((config.algorithm().precopyPhase() && !config.algorithm().purePrecopy()) || config.usesStorage())
        {
            final long precopyPages = receiver.pagesReceived() - receiver.demandPagesReceived() -
                receiver.pushPagesAfterResume();
            b.hybrid(new HybridStats(
                resumedNs > 0 ? Math.max(0, resumedNs - startNs) / 1e6 : 0,
                postcopy && resumedNs > 0 ? Math.max(0, endNs - resumedNs) / 1e6 : 0,
                precopyPages,
                receiver.discardedPages(),
                storageBytes(storage, source, receiver),
                source != null ? source.backupPages() : backupRecords(storage, receiver),
                receiver.backupPagesLoaded()));
        }
        final PrecopySender sender = source == null ? null : source.sender();
        if (sender == null && receiver.roundsSeen() > 0)
        {
            // Two processes: what the destination saw of the rounds (their timings stay at the source).
            b.precopyRounds(receiver.roundsSeen());
            if (receiver.stopCopyPagesSeen() >= 0)
            {
                b.stopCopyPages(receiver.stopCopyPagesSeen());
            }
            if (postcopy)
            {
                b.switchRound(receiver.roundsSeen());
            }
        }
        if (sender != null)
        {
            b.precopyRounds(sender.roundCount()).rounds(sender.rounds());
            if (sender.stopCopyPages() >= 0)
            {
                b.stopCopyPages(sender.stopCopyPages());
            }
            if (sender.owedAtSwitch() >= 0)
            {
                b.switchRound(sender.roundCount());
            }
        }
        return b.build();
    }

    /**
     * Bytes the source wrote to shared storage: in one process the storage counted them; across
     * processes the files the source wrote are as long as they are. Reads move the same data again
     * and are not counted (Li and Cao's total data is what goes from source to target).
     */
    private static long storageBytes(final SharedStorage storage, final SourceSide source, final PageReceiver receiver)
    {
        if (storage == null)
        {
            return 0;
        }
        if (source != null)
        {
            return storage.bytesWritten();
        }
        long written = 0;
        if (receiver.snapshotPagesLoaded() > 0 || receiver.roundsSeen() > 0)
        {
            written += fileLength(storage.staticDataPath());
        }
        if (receiver.backupAvailable())
        {
            written += fileLength(storage.backupPath());
        }
        return written;
    }

    private static long backupRecords(final SharedStorage storage, final PageReceiver receiver)
    {
        if (storage == null || !receiver.backupAvailable())
        {
            return 0;
        }
        try (PageFileReader reader = storage.openBackup())
        {
            return reader.recordCount();
        }
        catch (final IOException e)
        {
            return 0;
        }
    }

    private static long fileLength(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.size(file) : 0;
        }
        catch (final IOException e)
        {
            return 0;
        }
    }

    private static DemandPagingStats demandPaging(final DestinationSide d, final QuasiMmu mmu,
        final long switchoverStartNs, final double stallMs, final Series series)
    {
        final PageReceiver receiver = d.receiver();
        final SeriesSampler sampler = d.sampler();
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
            receiver.pushPagesAfterResume(),
            mmu.requests() - demandPages,
            receiver.linkBytesAfterResume(),
            stallMs,
            lastPageMs,
            sampledMBps);
    }
}
