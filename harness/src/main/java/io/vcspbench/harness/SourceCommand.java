package io.vcspbench.harness;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.TcpListener;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.Migration;
import io.vcspbench.core.migration.SourceOutcome;
import io.vcspbench.core.source.PushMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/**
 * {@code vcsp source}: the source half of a post-copy migration in its own process. Listens, takes
 * one destination ({@code vcsp destination --connect}), checks it agrees on memory size, pacing and
 * CRC, then sends the CPU state, serves faults and pushes the rest. The destination decides the
 * algorithm, E and N and writes the result folder. Exit 0 when the destination reported every page
 * present, 1 on a failure (refused or lost peer, timeout), 2 on bad usage.
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

    @Option(names = "--memory-mib", paramLabel = "<MiB>", description = "Guest memory, MiB (default: as vcsp run).")
    private Long memoryMiB;

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
        try
        {
            address = HostPort.parse("--listen", listen);
            if (acceptTimeoutMs < 1)
            {
                throw new IllegalArgumentException("--accept-timeout-ms must be at least 1, was " + acceptTimeoutMs);
            }
            config = buildConfig();
        }
        catch (final IllegalArgumentException e)
        {
            throw new ParameterException(spec.commandLine(), ConfigOptions.inOptionNames(e.getMessage()));
        }

        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (TcpListener listener = Links.listen(config.linkConfig(), address))
        {
            out.println("source: listening on " + describe(listener.localAddress()) + " with " + config.memoryMiB() +
                " MiB, " + config.bandwidthMbit() + " Mbit/s, seed " + config.seed() + "; waiting for the destination");
            out.flush();
            final SourceOutcome outcome;
            try (LinkEnd link = listener.accept(acceptTimeoutMs))
            {
                out.println("source: destination connected, migrating");
                out.flush();
                outcome = Migration.runSource(config, link);
            }
            if (!outcome.succeeded())
            {
                err.println("source failed: " + outcome.failure());
                return 1;
            }
            out.printf("source: sent %d pages (%d on demand, %d pushed) for %d fault requests, %.1f MB in %.1f ms%n",
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

    private MigrationConfig buildConfig()
    {
        final MigrationConfig.Builder b = MigrationConfig.builder().link(LinkKind.TCP);
        if (memoryMiB != null)
        {
            b.memoryMiB(memoryMiB).workloadMiB(Math.min(memoryMiB, MigrationConfig.builder().build().workloadMiB()));
        }
        if (seed != null)
        {
            b.seed(seed);
        }
        if (bandwidthMbit != null)
        {
            b.bandwidthMbit(bandwidthMbit);
        }
        if (latencyUs != null)
        {
            b.latencyUs(latencyUs);
        }
        if (noCrc)
        {
            b.checkCrc(false);
        }
        if (pushBatchPages != null)
        {
            b.pushBatchPages(pushBatchPages);
        }
        if (push != null)
        {
            b.push(push);
        }
        if (waitStrategy != null)
        {
            b.waitStrategy(waitStrategy);
        }
        if (runTimeoutMs != null)
        {
            b.runTimeoutMs(runTimeoutMs);
        }
        return b.build();
    }

    static String describe(final InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }
}
