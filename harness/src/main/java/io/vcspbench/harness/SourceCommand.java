package io.vcspbench.harness;

import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkSecret;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.TcpListener;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationRunner;
import io.vcspbench.core.migration.Settings;
import io.vcspbench.core.migration.Migration;
import io.vcspbench.core.migration.SourceOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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
    /** Longest wait for the destination: a day. */
    static final long MAX_ACCEPT_TIMEOUT_MS = 86_400_000L;

    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7070",
        description = "Address to listen on (default: ${DEFAULT-VALUE}; only this machine unless a host is given).")
    private String listen;

    @Option(names = "--accept-timeout-ms", paramLabel = "<ms>", defaultValue = "120000",
        description = "How long to wait for the destination, ms (default: ${DEFAULT-VALUE}).")
    private long acceptTimeoutMs;

    @Option(names = "--jfr", paramLabel = "FILE", description = JfrRecording.HELP)
    private Path jfr;

    @Option(names = "--secret-file", paramLabel = "FILE", description = PeerSecret.FILE_HELP)
    private String secretFile;

    @Option(names = "--insecure", description = PeerSecret.INSECURE_HELP)
    private boolean insecure;

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
            if (acceptTimeoutMs < 1 || acceptTimeoutMs > MAX_ACCEPT_TIMEOUT_MS)
            {
                // The bound keeps the deadline (now + timeout, in ns) from overflowing.
                throw new IllegalArgumentException("--accept-timeout-ms must be in [1, " + MAX_ACCEPT_TIMEOUT_MS +
                    "] (a day), was " + acceptTimeoutMs);
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
            final String unwritable = jfr == null ? null : JfrRecording.check(jfr);
            if (unwritable != null)
            {
                throw new IllegalArgumentException(unwritable);
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
        final JfrRecording recording = JfrRecording.startFor(jfr, spec.commandLine());
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
            if (recording != null)
            {
                recording.close();
                out.println("jfr recording: " + recording.file());
            }
            out.flush();
            err.flush();
        }
    }

    /** The configuration from the settings given; the link is TCP, whatever a default says. */
    private MigrationConfig buildConfig()
    {
        if (SettingOptions.given(spec, Settings.DIRTY_RATE) && SettingOptions.given(spec, Settings.DIRTY_SCHEDULE))
        {
            throw new IllegalArgumentException(ConfigOptions.BOTH_DIRTY_RATES);
        }
        final MigrationConfig.Builder b = MigrationConfig.builder().link(LinkKind.TCP);
        SettingOptions.apply(spec, b);
        if (SettingOptions.given(spec, Settings.MEMORY) && !SettingOptions.given(spec, Settings.WORKLOAD))
        {
            final long memoryMiB = (Long)spec.findOption(Settings.MEMORY.option()).getValue();
            b.workloadMiB(Math.min(memoryMiB, MigrationConfig.builder().build().workloadMiB()));
        }
        return b.build();
    }

    static String describe(final InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }
}
