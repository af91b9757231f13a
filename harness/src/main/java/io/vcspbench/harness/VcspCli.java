package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The {@code vcsp} command line: the entry point of {@code harness/target/vcsp.jar}. Each
 * subcommand is its own class registered in the constructor; the engine, the output streams, the
 * results root and the clock are injected so tests drive the whole CLI in-process. Exit codes:
 * 0 success, 1 failed run, 2 bad usage with a one-line reason. Not thread-safe: one instance per
 * invocation.
 */
@Command(
    name = "vcsp",
    mixinStandardHelpOptions = true,
    versionProvider = VcspCli.Version.class,
    usageHelpAutoWidth = true,
    synopsisSubcommandLabel = "COMMAND",
    description = {
        "Emulates the memory side of live VM migration and measures it.",
        "Exit code 0 on success, 1 on a failed run, 2 on bad usage." })
public final class VcspCli implements Callable<Integer>
{
    /** Where result folders go when {@code --out} is not given, relative to the working directory. */
    public static final Path DEFAULT_RESULTS_ROOT = Paths.get("results");

    @Spec
    private CommandSpec spec;

    private final CommandLine commandLine;

    /**
     * A CLI that prints to System.out and System.err and writes results under {@link #DEFAULT_RESULTS_ROOT}.
     *
     * @param engine runs one migration; {@code MigrationRunner::run} in production.
     */
    public VcspCli(final Engine engine)
    {
        this(engine, systemWriter(System.out), systemWriter(System.err), DEFAULT_RESULTS_ROOT, Clock.systemDefaultZone());
    }

    /**
     * @param engine      runs one migration; {@code MigrationRunner::run} in production, a fake in tests.
     * @param out         where results and help go.
     * @param err         where errors go.
     * @param resultsRoot where result folders go when {@code --out} is not given.
     * @param clock       names result folders and stamps runs.
     */
    public VcspCli(
        final Engine engine,
        final PrintWriter out,
        final PrintWriter err,
        final Path resultsRoot,
        final Clock clock)
    {
        final OneLineErrors errors = new OneLineErrors();
        // Subcommands first: the setters below reach only the subcommands already added.
        commandLine = new CommandLine(this)
            .addSubcommand(RunCommand.commandLine(engine, resultsRoot, clock))
            .addSubcommand(SweepCommand.commandLine(engine, resultsRoot, clock))
            .addSubcommand(SettingOptions.commandLine(new SourceCommand(), SettingOptions.Mode.SOURCE))
            .addSubcommand("destination", DestinationCommands.create(resultsRoot, clock))
            .addSubcommand(new ReportCommand());
        commandLine
            .setOut(out)
            .setErr(err)
            .setParameterExceptionHandler(errors)
            .setExecutionExceptionHandler(errors);
    }

    /**
     * Runs the command line in this process.
     *
     * @param args the arguments, e.g. {@code run --algorithm vcsp --throttle 50}.
     * @return the exit code: 0 success, 1 failed run, 2 bad usage.
     */
    public int run(final String... args)
    {
        return commandLine.execute(args);
    }

    /**
     * Runs the command line against the real engine.
     *
     * @param args the arguments.
     * @return the exit code: 0 success, 1 failed run, 2 bad usage.
     */
    public static int execute(final String... args)
    {
        return new VcspCli(Engine.PRODUCTION).run(args);
    }

    /**
     * The entry point of {@code vcsp.jar}.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /**
     * Called when no subcommand is given, which is bad usage.
     *
     * @return never.
     * @throws ParameterException naming the commands.
     */
    @Override
    public Integer call()
    {
        throw new ParameterException(spec.commandLine(),
            "missing command, one of " + String.join(", ", spec.subcommands().keySet()));
    }

    private static PrintWriter systemWriter(final PrintStream stream)
    {
        return new PrintWriter(new OutputStreamWriter(stream, consoleCharset(stream == System.err)), true);
    }

    private static Charset consoleCharset(final boolean stderr)
    {
        // Java 18+ names the console's encoding; 17 has the sun.* property, else the platform default.
        String name = System.getProperty(stderr ? "stderr.encoding" : "stdout.encoding");
        if (name == null)
        {
            name = System.getProperty(stderr ? "sun.stderr.encoding" : "sun.stdout.encoding");
        }
        try
        {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        }
        catch (final RuntimeException ex)
        {
            return Charset.defaultCharset();
        }
    }

    /** {@code --version}: the harness version from the jar's Maven descriptor, and the JVM. */
    public static final class Version implements IVersionProvider
    {
        private static final String POM_PROPERTIES = "/META-INF/maven/io.vcspbench/vcsp-harness/pom.properties";

        /** {@inheritDoc} */
        @Override
        public String[] getVersion()
        {
            String version = "(development build)";
            try (InputStream in = VcspCli.class.getResourceAsStream(POM_PROPERTIES))
            {
                if (in != null)
                {
                    final Properties properties = new Properties();
                    properties.load(in);
                    version = properties.getProperty("version", version);
                }
            }
            catch (final IOException ex)
            {
                // Keep the placeholder: a version string is not worth failing --version for.
            }

            return new String[]{
                "vcsp " + version,
                "JVM " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")" };
        }
    }
}
