package io.vcspbench.harness;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkSecret;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.TcpListener;
import io.vcspbench.core.migration.Algorithm;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationRunner;
import io.vcspbench.core.migration.Migration;
import io.vcspbench.core.migration.SourceOutcome;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.Pattern;
import io.vcspbench.core.workload.WriterOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vcsp source}: the source half of a migration in its own process. Listens, takes one
 * destination ({@code vcsp destination --connect}), checks it agrees on memory size, pacing and CRC,
 * then runs the algorithm's source phases: pre-copy rounds while its own vCPU runs the workload (the
 * pre-copy family and the hybrids), stop-and-copy or the switchover, and post-copy's serving and
 * pushing; once the destination has every page it sends a digest of each page for the destination's
 * integrity check. Both sides take the same algorithm and workload options; the destination decides
 * E and N and writes the result folder. Connections that fail the handshake (a differing configuration,
 * no or another shared secret, silence, garbage) are turned away in one line each while it waits on.
 * Exit 0 when the destination confirmed every page (VERIFIED), 1 on
 * a failure (refused or lost peer, timeout), 2 on bad usage.
 */
@Command(
    name = "source",
    abbreviateSynopsis = true,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Runs the source half of a migration in this process and waits for one destination to connect.",
        "Give both sides the same --memory-mib, --seed, --bandwidth-mbit, --latency-us and --no-crc; the handshake " +
            "refuses a destination that differs.",
        "Give both sides the same --algorithm and workload options too (--pattern, --workload-mib, the pre-copy and " +
            "hybrid settings): the source runs the rounds, the destination the vCPU after the switch.",
        "Exit code 0 on success, 1 when the migration failed, 2 on bad usage." })
public final class SourceCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7070",
        description = "Address to listen on (default: ${DEFAULT-VALUE}; only this machine unless a host is given).")
    private String listen;

    @Option(names = "--accept-timeout-ms", paramLabel = "<ms>", defaultValue = "120000",
        description = "How long to wait for the destination, ms (default: ${DEFAULT-VALUE}).")
    private long acceptTimeoutMs;

    @Option(names = "--secret-file", paramLabel = "FILE", description = PeerSecret.FILE_HELP)
    private String secretFile;

    @Option(names = "--insecure", description = PeerSecret.INSECURE_HELP)
    private boolean insecure;

    @Option(names = "--algorithm", paramLabel = "<name>",
        converter = EnumOptions.AlgorithmConverter.class, completionCandidates = EnumOptions.AlgorithmNames.class,
        description = "Migration algorithm, as the destination's: ${COMPLETION-CANDIDATES} (default: as vcsp run).")
    private Algorithm algorithm;

    @Option(names = "--memory-mib", paramLabel = "<MiB>", description = "Guest memory, MiB (default: as vcsp run).")
    private Long memoryMiB;

    @Option(names = "--workload-mib", paramLabel = "<MiB>",
        description = "Working set the source vCPU touches during pre-copy, MiB (default: as vcsp run).")
    private Long workloadMiB;

    @Option(names = "--pattern", paramLabel = "<name>",
        converter = EnumOptions.PatternConverter.class, completionCandidates = EnumOptions.PatternNames.class,
        description = "The source vCPU's workload during pre-copy: ${COMPLETION-CANDIDATES} (default: as vcsp run).")
    private Pattern pattern;

    @Option(names = "--period-ms", paramLabel = "<ms>",
        description = "Throttle duty-cycle period of the source vCPU, ms (default: as vcsp run).")
    private Long periodMs;

    @Option(names = "--fault-timeout-ms", paramLabel = "<ms>",
        description = "How long a frame may wait for room on the link, ms (default: as vcsp run).")
    private Long faultTimeoutMs;

    @Option(names = "--max-rounds", paramLabel = "<rounds>",
        description = "Pre-copy: most rounds before stop-and-copy (default: as vcsp run).")
    private Integer maxRounds;

    @Option(names = "--stop-copy-kib", paramLabel = "<KiB>",
        description = "Pre-copy: stop and copy once the dirty set is at most this, KiB (default: as vcsp run).")
    private Long stopCopyKiB;

    @Option(names = "--jin-c", paramLabel = "<C>", description = "precopy-throttled: Jin 2011's C (default: as vcsp run).")
    private Double jinC;

    @Option(names = "--hybrid-rounds", paramLabel = "<k>",
        description = "hybrid-k: pre-copy rounds before the switch to post-copy (default: as vcsp run).")
    private Integer hybridRounds;

    @Option(names = "--max-downtime-ms", paramLabel = "<ms>",
        description = "adaptive-hybrid: the downtime limit that decides stop-and-copy, ms (default: as vcsp run).")
    private Long maxDowntimeMs;

    @Option(names = "--dirty-rate-mbit", paramLabel = "<Mbit/s>",
        description = "Pattern writer: rate at which the guest dirties memory, Mbit/s (default: as vcsp run).")
    private Long dirtyRateMbit;

    @Option(names = "--dirty-schedule", paramLabel = "<rate@time,...>", description = ConfigOptions.DIRTY_SCHEDULE_HELP)
    private String dirtySchedule;

    @Option(names = "--storage", paramLabel = "DIR",
        description = "Shared storage, the same directory as the destination's: parallel-hybrid's snapshot and the " +
            "backup of the pages owed.")
    private String storageDir;

    @Option(names = "--storage-mbit", paramLabel = "<Mbit/s>",
        description = "Shared storage's rate, Mbit/s, 0 = as fast as the disk goes (default: as vcsp run).")
    private Long storageMbit;

    @Option(names = "--backup", paramLabel = "<on|off>",
        description = "Save the pages post-copy still owes to shared storage at the switch, as the destination's " +
            "(default: on for parallel-hybrid, off otherwise).")
    private String backup;

    @Option(names = "--writer-order", paramLabel = "<order>",
        converter = EnumOptions.WriterOrderConverter.class, completionCandidates = EnumOptions.WriterOrderNames.class,
        description = "Pattern writer: page order, ${COMPLETION-CANDIDATES} (default: as vcsp run).")
    private WriterOrder writerOrder;

    @Option(names = "--seed", paramLabel = "<seed>", description = "Seed of guest memory contents (default: as vcsp run).")
    private Long seed;

    @Option(names = "--bandwidth-mbit", paramLabel = "<Mbit/s>",
        description = "Link bandwidth this side sends at, Mbit/s, 0 = unpaced (default: as vcsp run).")
    private Long bandwidthMbit;

    @Option(names = "--latency-us", paramLabel = "<us>", description = "Added one-way latency, µs (default: as vcsp run).")
    private Long latencyUs;

    @Option(names = "--no-crc", description = "Do not check payload CRC32C.")
    private boolean noCrc;

    @Option(names = "--push-batch-pages", paramLabel = "<pages>",
        description = "Most pages in one background-push frame (default: as vcsp run).")
    private Integer pushBatchPages;

    @Option(names = "--push", paramLabel = "<on|off|Mbit/s>", converter = EnumOptions.PushModeConverter.class,
        description = "Push the pages nobody asked for: on, off (demand paging only) or a rate in Mbit/s below the " +
            "link's; give the destination the same (default: as vcsp run).")
    private PushMode push;

    @Option(names = "--wait-strategy", paramLabel = "<name>",
        converter = EnumOptions.WaitStrategyConverter.class, completionCandidates = EnumOptions.WaitStrategyNames.class,
        description = "How the source idles: ${COMPLETION-CANDIDATES} (default: as vcsp run).")
    private WaitStrategy waitStrategy;

    @Option(names = "--run-timeout-ms", paramLabel = "<ms>",
        description = "Deadline for the migration once connected, ms (default: as vcsp run).")
    private Long runTimeoutMs;

    @Override
    public Integer call()
    {
        final InetSocketAddress address;
        final MigrationConfig config;
        final LinkSecret secret;
        try
        {
            address = HostPort.parse("--listen", listen);
            secret = PeerSecret.resolve(secretFile);
            final String exposed = PeerSecret.refusal("--listen", address, secret, insecure);
            if (exposed != null)
            {
                throw new IllegalArgumentException(exposed);
            }
            if (acceptTimeoutMs < 1)
            {
                throw new IllegalArgumentException("--accept-timeout-ms must be at least 1, was " + acceptTimeoutMs);
            }
            config = buildConfig();
            final String reason = MigrationRunner.unsupported(config);
            if (reason != null)
            {
                throw new IllegalArgumentException(reason);
            }
            final String split = Migration.twoProcessUnsupported(config);
            if (split != null)
            {
                throw new IllegalArgumentException(split);
            }
        }
        catch (final IllegalArgumentException e)
        {
            throw new ParameterException(spec.commandLine(), ConfigOptions.inOptionNames(e.getMessage()));
        }

        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String warning = PeerSecret.warning("--listen", address, secret, insecure);
        if (warning != null)
        {
            err.println("source: " + warning);
            err.flush();
        }
        try (TcpListener listener = Links.listen(config.linkConfig(), address, secret))
        {
            out.println("source: listening on " + describe(listener.localAddress()) + " with " + config.memoryMiB() +
                " MiB, " + config.bandwidthMbit() + " Mbit/s, seed " + config.seed() + (secret.isSet() ?
                ", shared secret required" : "") + "; waiting for the destination");
            out.flush();
            final SourceOutcome outcome;
            try (LinkEnd link = listener.accept(acceptTimeoutMs, line ->
            {
                err.println("source: " + line);
                err.flush();
            }))
            {
                out.println("source: destination connected" + (secret.isSet() ? " and proved the shared secret" : "") +
                    ", migrating");
                out.flush();
                outcome = Migration.runSource(config, link);
            }
            if (!outcome.succeeded())
            {
                err.println("source failed: " + outcome.failure());
                return 1;
            }
            out.printf("source: sent %d pages (%d on demand, %d pushed) for %d fault requests, %.1f MB in %.1f ms; " +
                "the destination confirmed them%n",
                outcome.pagesSent(), outcome.demandPagesSent(), outcome.pushPagesSent(), outcome.requests(),
                outcome.bytesSent() / 1e6, outcome.elapsedMs());
            return 0;
        }
        catch (final LinkException e)
        {
            err.println("source failed: " + e.getMessage());
            return 1;
        }
        finally
        {
            out.flush();
            err.flush();
        }
    }

    /**
     * The configuration from the options given: each goes through the axis of {@link SweepAxes} for its
     * setting, the one parser {@code sweep} uses, so a value means the same here as there (the typed
     * fields above give picocli's conversion errors and the help).
     */
    private MigrationConfig buildConfig()
    {
        final MigrationConfig.Builder b = MigrationConfig.builder().link(LinkKind.TCP);
        for (final SweepAxes.Axis axis : SweepAxes.ALL)
        {
            final OptionSpec option = spec.findOption(axis.option());
            if (option == null || option.originalStringValues().isEmpty())
            {
                continue;
            }
            final List<String> typed = option.originalStringValues();
            final List<Object> values = axis.parse(typed.get(typed.size() - 1));
            if (values.size() != 1)
            {
                throw new IllegalArgumentException(axis.option() + " takes one value here, was " + typed.get(typed.size() - 1));
            }
            axis.set().accept(b, values.get(0));
        }
        if (memoryMiB != null && workloadMiB == null)
        {
            b.workloadMiB(Math.min(memoryMiB, MigrationConfig.builder().build().workloadMiB()));
        }
        if (dirtyRateMbit != null && dirtySchedule != null)
        {
            throw new IllegalArgumentException(ConfigOptions.BOTH_DIRTY_RATES);
        }
        if (noCrc)
        {
            b.checkCrc(false);
        }
        return b.build();
    }

    static String describe(final InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }
}
