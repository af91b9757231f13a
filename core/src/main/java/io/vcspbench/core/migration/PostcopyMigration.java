package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.metrics.IntegrityCheck;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Post-copy migrations, for {@code postcopy}, {@code postcopy-prefetch}, {@code vcsp} and
 * {@code vcsp-prefetch}: the algorithms differ only in E and N. The CPU state moves first and the
 * destination vCPU resumes at once; missing pages are faulted in over the demand channel while the
 * source pushes the rest. {@link #run()} runs both halves in this process; {@link #runSource} and
 * {@link #runDestination} run one half each, in two processes joined by a TCP link. Every thread is
 * joined and all off-heap memory released before these return (memory is leaked only if a thread
 * refuses to stop, since it might still touch it).
 */
public final class PostcopyMigration
{
    private static final NanoClock CLOCK = SystemNanoClock.INSTANCE;

    private final MigrationConfig config;

    /**
     * @param config a post-copy family configuration.
     * @throws IllegalArgumentException if the algorithm is not of the post-copy family.
     */
    public PostcopyMigration(final MigrationConfig config)
    {
        checkPostcopy(config);
        this.config = config;
    }

    /**
     * Runs both halves in this process over a link of the configured kind, to the end or to the
     * first failure or deadline.
     *
     * @return the result; failures are reported in it.
     */
    public MigrationResult run()
    {
        return run(MigrationProgress.NONE);
    }

    /**
     * As {@link #run()}, reporting progress about every 100 ms on this thread.
     *
     * @param progress receives progress snapshots.
     * @return the result; failures are reported in it.
     */
    public MigrationResult run(final MigrationProgress progress)
    {
        final long startEpochMs = System.currentTimeMillis();
        final MigrationControl control = new MigrationControl();
        try (LinkPair link = Links.openInProcess(config.linkConfig()))
        {
            final SourceSide source = new SourceSide(config, link.source(), control, CLOCK);
            DestinationSide destination = null;
            boolean releasable = true;
            try
            {
                destination = new DestinationSide(config, link.destination(), control, CLOCK);
                final DestinationSide d = destination;
                final List<Thread> workers = new ArrayList<>(d.workers());
                workers.add(source.thread());
                d.samplerThread().start();
                workers.forEach(Thread::start);

                RunThreads.awaitEnd(control, workers, config.runTimeoutMs(),
                    () -> d.present().cardinality() + " of " + d.present().size() + " pages present",
                    () -> d.reportProgress(progress));
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
                return d.result(control, source.agent().switchoverStartNs(), bytesOnWire, integrity, startEpochMs);
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
        checkPostcopy(config);
        final MigrationControl control = new MigrationControl();
        final SourceSide source = new SourceSide(config, link, control, CLOCK);
        boolean releasable = true;
        try
        {
            final long startNs = CLOCK.nanoTime();
            source.thread().start();
            RunThreads.awaitEnd(control, List.of(source.thread()), config.runTimeoutMs(),
                () -> source.agent().sentCount() + " of " + config.memoryPages() + " pages sent", () -> { });
            final String stuck = RunThreads.joinAll(List.of(source.thread()), null);
            if (stuck != null)
            {
                releasable = false;
                control.fail(stuck);
            }
            final var agent = source.agent();
            return new SourceOutcome(control.failure(), agent.sentCount(), agent.demandPagesSent(),
                agent.pushPagesSent(), agent.requestsReceived(), link.bytesSent(), (CLOCK.nanoTime() - startNs) / 1e6);
        }
        finally
        {
            if (releasable)
            {
                source.close();
            }
        }
    }

    /**
     * Runs the destination half on an open link end: the vCPU resumes when the CPU state arrives,
     * and every page is checked against what the source announced it holds.
     *
     * @param config the run's configuration.
     * @param link   the destination's end, handshake done.
     * @return the result; failures are reported in it.
     */
    public static MigrationResult runDestination(final MigrationConfig config, final LinkEnd link)
    {
        checkPostcopy(config);
        final long startEpochMs = System.currentTimeMillis();
        final MigrationControl control = new MigrationControl();
        final DestinationSide d = new DestinationSide(config, link, control, CLOCK);
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
            final IntegrityCheck integrity = d.checkIntegrity(null);
            // One host has one monotonic clock, so the source's stamp is usable; across hosts it is not,
            // and the switchover is then measured from the CPU state's arrival.
            final long resumedNs = control.resumedNs();
            final long sourceStopNs = d.receiver().sourceSwitchoverNs();
            final boolean plausible = resumedNs > 0 && sourceStopNs <= resumedNs && resumedNs - sourceStopNs < 10_000_000_000L;
            final long switchoverStartNs = plausible ? sourceStopNs : (resumedNs > 0 ? resumedNs : CLOCK.nanoTime());
            return d.result(control, switchoverStartNs, link.bytesSent() + link.bytesReceived(), integrity,
                startEpochMs);
        }
        finally
        {
            if (releasable)
            {
                d.close();
            }
        }
    }

    private static void checkPostcopy(final MigrationConfig config)
    {
        if (config.algorithm().precopyPhase())
        {
            throw new IllegalArgumentException("algorithm '" + config.algorithm().cliName() +
                "' is not a post-copy algorithm");
        }
    }
}
