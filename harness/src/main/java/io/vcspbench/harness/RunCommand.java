package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;
import io.vcspbench.core.migration.MigrationRunner;
import io.vcspbench.core.migration.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vcsp run}: one migration, optionally repeated, each into its own result folder. Options
 * come from the settings table ({@link Settings}, through {@link SettingOptions}); those left out
 * leave the {@link MigrationConfig} default in place, so the defaults live in one place. Exit code 0 when every repeat succeeded, 1 when one failed, 2 for bad
 * usage. Not thread-safe: picocli fills the fields, then calls {@link #call()} once.
 */
@Command(
    name = "run",
    abbreviateSynopsis = true,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Runs one migration and writes result.json and fault-latency.hlog into a new folder; with --jfr FILE also a " +
            "JDK Flight Recording of it.",
        "Exit code 0 on success, 1 when the run failed (error, timeout or integrity mismatch), 2 on bad usage." })
public final class RunCommand implements Callable<Integer>
{
    /** Written next to result.json when the engine threw, so the one-line reason is not all there is. */
    public static final String STACK_TRACE_FILE = "stacktrace.txt";

    /** Most repeats of one run or one sweep point. */
    static final int MAX_REPEAT = 1000;

    private static final String RUN_FAILED = "run failed: ";

    @Spec
    private CommandSpec spec;

    @Option(names = "--repeat", paramLabel = "<R>", defaultValue = "1",
        description = "Runs the migration R times, into <folder>/repeat-1 .. repeat-R when R > 1 (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Result folder: a new or empty folder, never one that already holds a result.json " +
            "(default: results/<yyyyMMdd-HHmmss>-<algorithm>-E<e>-N<n>, with -2, -3, .. appended if taken).")
    private Path out;

    @Option(names = "--jfr", paramLabel = "FILE", description = JfrRecording.HELP)
    private Path jfr;

    @Option(names = "--progress", paramLabel = "<when>", defaultValue = "auto",
        description = "Live line with pages present, faults and CPU share every 100 ms: auto (only when output is " +
            "a terminal), always or never (default: ${DEFAULT-VALUE}).")
    private String progress;

    private final Engine engine;
    private final Path resultsRoot;
    private final Clock clock;
    private final ResultWriter resultWriter = new ResultWriter();

    /**
     * @param engine      runs one migration; {@code MigrationRunner::run} in production, a fake in tests.
     * @param resultsRoot where folders are created when {@code --out} is not given.
     * @param clock       the wall clock.
     * @return the command with an option per setting of the table.
     */
    public static picocli.CommandLine commandLine(final Engine engine, final Path resultsRoot, final Clock clock)
    {
        return SettingOptions.commandLine(new RunCommand(engine, resultsRoot, clock), SettingOptions.Mode.RUN);
    }

    /**
     * @param engine      runs one migration; {@code MigrationRunner::run} in production, a fake in tests.
     * @param resultsRoot where folders are created when {@code --out} is not given.
     * @param clock       the wall clock that names folders and stamps runs the engine could not finish.
     */
    public RunCommand(final Engine engine, final Path resultsRoot, final Clock clock)
    {
        this.engine = engine;
        this.resultsRoot = resultsRoot;
        this.clock = clock;
    }

    /**
     * Validates the options, chooses the folders, runs the migration {@code --repeat} times and
     * writes and summarises each result.
     *
     * @return 0 when every repeat succeeded, 1 when at least one failed.
     * @throws ParameterException for bad usage, which the CLI turns into one line and exit code 2.
     */
    @Override
    public Integer call()
    {
        final MigrationConfig config = buildConfig();
        if (repeat < 1 || repeat > MAX_REPEAT)
        {
            throw usage("--repeat must be in [1, " + MAX_REPEAT + "], was " + repeat);
        }
        final boolean showProgress;
        try
        {
            showProgress = LiveProgress.wanted(progress, () -> System.console() != null);
        }
        catch (final IllegalArgumentException e)
        {
            throw usage(e.getMessage());
        }
        final String unsupported = engine.unsupported(config);
        if (unsupported != null)
        {
            throw usage(unsupported);
        }

        if (jfr != null)
        {
            final String reason = JfrRecording.check(jfr);
            if (reason != null)
            {
                throw usage(reason);
            }
        }

        final Path base = chooseFolder(config);
        final List<Path> folders = ResultFolders.repeatFolders(base, repeat);
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();

        for (final String line : RunSummary.configLines(config))
        {
            stdout.println(line);
        }
        stdout.flush();

        final Environment environment = Environment.capture();
        final JfrRecording recording = JfrRecording.startFor(jfr, spec.commandLine());
        int failed = 0;
        try
        {
            for (int i = 0; i < repeat; i++)
            {
                final String title = repeat == 1 ? "run" : "run " + (i + 1) + " of " + repeat;
                if (!runOnce(config, environment, folders.get(i), title, stdout, stderr, showProgress))
                {
                    failed++;
                }
            }
        }
        finally
        {
            if (recording != null)
            {
                recording.close();
                stdout.println("jfr recording: " + recording.file());
            }
        }

        if (repeat > 1 && failed > 0)
        {
            stderr.println(failed + " of " + repeat + " runs failed");
        }
        stdout.println("results: " + base);
        stdout.flush();
        stderr.flush();
        return failed == 0 ? 0 : 1;
    }

    private boolean runOnce(
        final MigrationConfig config,
        final Environment environment,
        final Path folder,
        final String title,
        final PrintWriter stdout,
        final PrintWriter stderr,
        final boolean showProgress)
    {
        final long startEpochMs = clock.millis();
        MigrationResult result = null;
        Throwable crash = null;
        final LiveProgress live = showProgress ? new LiveProgress(stdout) : null;
        try
        {
            result = live == null ? engine.run(config) : engine.run(config, live);
        }
        catch (final Exception | OutOfMemoryError | StackOverflowError ex)
        {
            // The run is lost but the process is not: record the reason and go on to the next repeat.
            crash = ex;
        }
        finally
        {
            if (live != null)
            {
                live.clear();
            }
        }
        final long endEpochMs = clock.millis();

        final String failure;
        try
        {
            failure = resultWriter.record(folder, config, result, crash, environment, startEpochMs, endEpochMs);
        }
        catch (final IOException | RuntimeException ex)
        {
            stderr.println(RUN_FAILED + "could not write the results to " + folder + ": " + OneLineErrors.oneLine(ex));
            stderr.flush();
            return false;
        }

        if (result != null)
        {
            RunSummary.print(stdout, title, result, folder);
        }
        else
        {
            stdout.println(title + ": " + RunSummary.describe(config));
            stdout.println("  folder            " + folder);
        }
        stdout.flush();

        if (failure != null)
        {
            stderr.println(RUN_FAILED + failure);
            stderr.flush();
            return false;
        }
        return true;
    }

    private MigrationConfig buildConfig()
    {
        if (SettingOptions.given(spec, Settings.DIRTY_RATE) && SettingOptions.given(spec, Settings.DIRTY_SCHEDULE))
        {
            throw usage(ConfigOptions.BOTH_DIRTY_RATES);
        }
        final MigrationConfig.Builder b = MigrationConfig.builder();
        SettingOptions.apply(spec, b);
        try
        {
            return b.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage(ConfigOptions.inOptionNames(ex.getMessage()));
        }
    }

    private Path chooseFolder(final MigrationConfig config)
    {
        if (out == null)
        {
            final String name = ResultFolders.defaultName(config, clock.millis(), clock.getZone());
            try
            {
                return ResultFolders.claimNew(resultsRoot, name);
            }
            catch (final IOException | RuntimeException ex)
            {
                throw usage("cannot create a result folder under " + resultsRoot + " (" + OneLineErrors.oneLine(ex) +
                    "); give a writable folder with --out");
            }
        }

        final String reason = ResultFolders.prepareOut(out, ResultFolders.repeatFolders(out, repeat));
        if (reason != null)
        {
            throw usage(reason);
        }
        return out;
    }

    private ParameterException usage(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }
}
