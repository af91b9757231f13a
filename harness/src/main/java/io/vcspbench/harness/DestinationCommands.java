package io.vcspbench.harness;

import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkSecret;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;
import io.vcspbench.core.migration.MigrationRunner;
import io.vcspbench.core.migration.Migration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code vcsp destination --connect HOST:PORT [run options]}: the destination half in its own
 * process. It is {@code vcsp run} with every run option and the same result folder, plus
 * {@code --connect}, and an engine that connects to a {@code vcsp source} instead of starting one:
 * the destination decides E and N, runs the vCPU once the CPU state has come and writes the results;
 * the algorithm and workload options must be the source's (the source runs the pre-copy rounds).
 */
final class DestinationCommands
{
    /** Default address, as {@code vcsp source} listens by default. */
    static final String DEFAULT_CONNECT = "127.0.0.1:7070";

    private DestinationCommands()
    {
    }

    /**
     * @param resultsRoot where result folders go when --out is not given.
     * @param clock       names folders.
     * @return the subcommand, ready to add under {@code vcsp}.
     */
    static CommandLine create(final Path resultsRoot, final Clock clock)
    {
        final OptionSpec[] connect = new OptionSpec[1];
        final OptionSpec[] secretFile = new OptionSpec[1];
        final OptionSpec[] insecure = new OptionSpec[1];
        final CommandLine[] command = new CommandLine[1];
        // The secret as read when the options were checked: read once, the warning said once, for every repeat.
        final LinkSecret[] checkedSecret = new LinkSecret[1];
        final Engine engine = new Engine()
        {
            @Override
            public MigrationResult run(final MigrationConfig config)
            {
                final InetSocketAddress address = HostPort.parse("--connect", connect[0].getValue());
                final LinkSecret secret = checkedSecret[0] != null ? checkedSecret[0] :
                    PeerSecret.resolve(secretFile[0].getValue());
                try (LinkEnd link = Links.connect(config.linkConfig(), address, secret))
                {
                    return Migration.runDestination(config, link);
                }
            }

            @Override
            public String unsupported(final MigrationConfig config)
            {
                final String reason = MigrationRunner.unsupported(config);
                if (reason != null)
                {
                    return reason;
                }
                if (config.cutLinkAfterMs() > 0)
                {
                    return "--cut-link-after-ms injects a failure in one process ('vcsp run'); across processes " +
                        "kill the source (kill -9) instead";
                }
                final String split = Migration.twoProcessUnsupported(config);
                if (split != null)
                {
                    return split;
                }
                try
                {
                    final InetSocketAddress address = HostPort.parse("--connect", connect[0].getValue());
                    final LinkSecret secret = PeerSecret.resolve(secretFile[0].getValue());
                    final String refusal = PeerSecret.refusal("--connect", address, secret, insecure(command[0]));
                    if (refusal == null)
                    {
                        checkedSecret[0] = secret;
                        final String warning = PeerSecret.warning("--connect", address, secret, insecure(command[0]));
                        if (warning != null)
                        {
                            command[0].getErr().println("destination: " + warning);
                            command[0].getErr().flush();
                        }
                    }
                    return refusal;
                }
                catch (final IllegalArgumentException e)
                {
                    return e.getMessage();
                }
            }
        };
        command[0] = RunCommand.commandLine(engine, resultsRoot, clock);
        final CommandSpec spec = command[0].getCommandSpec();
        spec.name("destination");
        spec.usageMessage().description(
            "Runs the destination half of a migration in this process, connected to a 'vcsp source', and writes",
            "result.json and fault-latency.hlog into a new folder. Takes every option of 'vcsp run' (--link is tcp);",
            "give --memory-mib, --seed, --bandwidth-mbit, --latency-us and --no-crc as given to the source.",
            "Exit code 0 on success, 1 when the run failed (refused or lost source, timeout, integrity), 2 on bad usage.");
        connect[0] = OptionSpec.builder("--connect").paramLabel("HOST:PORT").type(String.class)
            .defaultValue(DEFAULT_CONNECT)
            .description("Address of the listening source (default: ${DEFAULT-VALUE}).").build();
        spec.addOption(connect[0]);
        secretFile[0] = OptionSpec.builder("--secret-file").paramLabel("FILE").type(String.class)
            .description(PeerSecret.FILE_HELP).build();
        spec.addOption(secretFile[0]);
        insecure[0] = OptionSpec.builder("--insecure").arity("0").description(PeerSecret.INSECURE_HELP).build();
        spec.addOption(insecure[0]);
        // The halves meet over TCP whatever --link says; the default must say so in result.json too.
        command[0].setDefaultValueProvider(arg -> arg instanceof OptionSpec && "--link".equals(((OptionSpec)arg).longestName()) ? "tcp" : null);
        return command[0];
    }

    private static boolean insecure(final CommandLine command)
    {
        return command.getParseResult() != null && command.getParseResult().hasMatchedOption("--insecure");
    }
}
