package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * {@code vcsp sweep}: the cartesian grid of every option of {@code vcsp run} given as a comma list
 * (with ranges, {@code 10,20,...,100} and {@code 1,2,4,...,64}), or a preset of the VCSP paper;
 * each point repeated, one folder per run, {@code runs.csv} growing a row per finished run, then
 * the median and spread of each point, the best point for {@code --optimize}, and for a preset
 * the paper's Table 3 beside ours. A failed run is recorded and the sweep goes on. Exit code 0
 * when every run succeeded, 1 when one failed, 2 for bad usage. Not thread-safe: picocli fills
 * the fields, then calls {@link #call()} once.
 */
@Command(
    name = "sweep",
    abbreviateSynopsis = true,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Runs a grid of migrations: every option of 'vcsp run' may be a comma list, and the sweep runs " +
            "every combination (the cartesian product), each --repeat times, one result folder per run.",
        "Exit code 0 when every run succeeded, 1 when at least one failed (the sweep goes on past it), 2 on bad usage." },
    // The footer is wrapped by hand: picocli wraps long footer lines without indenting them.
    footer = {
        "",
        "Lists and ranges:",
        "  --throttle 25,50,75,100    the values given",
        "  --throttle 10,20,...,100   arithmetic: the step is the difference of the",
        "                             two values before '...'",
        "  --prefetch 1,2,4,...,64    geometric: three or more values before '...'",
        "                             with a common ratio",
        "  The value after '...' ends the range and must be reached exactly; lists and",
        "  ranges mix (1,2,...,5,10,20,...,50). The grid is the cartesian product of",
        "  the lists, the first option varying slowest; combinations that come out the",
        "  same (postcopy ignores --throttle and --prefetch) run once.",
        "  --dirty-schedule 'rising;50@0s,300@5s'   schedules hold commas: give",
        "                             several separated by ';'",
        "",
        "Presets (the options a preset sets may not be given too; the others may, also",
        "as lists; --latency-us replaces the presets' 100 us, --push the paper and",
        "quick presets' pair of push modes):",
        "  paper  the VCSP paper's Table 2: workloads 8,16,32,64,128,256,512 MiB in",
        "         2048 MiB of guest memory, pattern window, a 1000 Mbit/s paced link",
        "         with 100 us one-way latency (a LAN's 200 us round trip), four",
        "         algorithms each at its own setting (not a product of E and N):",
        "         postcopy N=1 E=100, postcopy-prefetch N=10 E=100, vcsp N=1 E=50,",
        "         vcsp-prefetch N=10 E=50; each with the push off (the paper's demand",
        "         paging + prefetch) and on (QEMU's background push); repeat 3. About",
        "         40 minutes on two cores.",
        "  quick  the same shape with workloads 8,16,32 MiB in 64 MiB: about a minute.",
        "  paper and quick end by printing and writing table3.md, the VCSP paper's",
        "  Table 3: the improvement of each algorithm over postcopy (%%, positive =",
        "  better) in downtime, total time, pages and throughput, each as the paper",
        "  defines it and as we do; ours as the mean over the workloads and as the",
        "  best one (the paper's \"up to\"), for push off and push on, beside the",
        "  paper's published figures.",
        "  tune   the E x N surface: vcsp-prefetch at E 10,25,50,75,100 x N 1,4,16,64,",
        "         patterns window and random, push off and push 200 Mbit/s, an 8 MiB",
        "         working set in 16 MiB over a 1000 Mbit/s link with 100 us latency;",
        "         repeat 3. A few minutes. Its report has a heatmap per metric, the",
        "         Pareto front of downtime against workload throughput, and whether",
        "         the best point is distinguishable from its neighbours.",
        "  barrier  Jin 2011's migration barrier: a 64 MiB guest written all over by",
        "         pattern writer at 20,50,100,150,180,200,250,300 Mbit/s (10..150%% of a",
        "         200 Mbit/s paced link), each migrated by precopy, precopy-throttled",
        "         and auto-converge; repeat 1. About 10 minutes. Ends with barrier.md:",
        "         downtime, total time, rounds and stop-and-copy pages per rate.",
        "  hybrid  Li and Cao 2023's hybrids: hybrid-k for k = 1,2,3,4,5,6,8,10,",
        "         adaptive-hybrid and parallel-hybrid, with precopy and postcopy as",
        "         references, on a 32 MiB guest written by pattern writer on two",
        "         schedules: rising (50@0s,150@1s,300@2s,600@3s) and bursts; a",
        "         200 Mbit/s paced link, --max-rounds 10 (may be given); repeat 3.",
        "         About 4.5 minutes. A point this build cannot run (parallel-hybrid",
        "         until it lands) is skipped with one line saying why. The report's",
        "         hybrid sections hold the paper's Tables 4/5 layout, PA-hybrid",
        "         against 1-hybrid beside the paper's -23.2 %% time and -26.7 %% data,",
        "         and time and data against k.",
        "",
        "Output folder (--out, default results/<yyyyMMdd-HHmmss>-sweep):",
        "  runs.csv    one row per run, appended and flushed as each run ends: the",
        "              config keys, repeat, status (ok|failed), failure, then the",
        "              scalar metrics",
        "  points.csv  one row per point: runs ok and failed, then the median, min",
        "              and max of every metric",
        "  pNNN-rR-<algorithm>-E<e>-N<n>/  each run's result.json, fault-latency.hlog",
        "  index.html, report.md  the report of the sweep's runs (as vcsp report)",
        "  table3.md   with --preset paper or quick",
        "  barrier.md  with --preset barrier",
        "  sweep.json  the grid's options, the shard, points and repeats",
        "",
        "Across machines (--shard K/N): each runs every N-th point from point K with",
        "all its repeats into its own folder (runs.csv, run folders, sweep.json, no",
        "summaries); 'vcsp report' given every shard's folder and --out merges them",
        "into the sweep's folder, byte for byte what one machine would have written.",
        "",
        "Progress: on a terminal one line redrawn in place (runs done, point and its",
        "settings, repeat, time elapsed and left); otherwise one line per finished",
        "run. Ctrl-C stops the sweep: the runs that finished stay intact, and where",
        "they are is printed. A failed run (error, timeout, integrity mismatch) is",
        "marked failed in runs.csv and the sweep goes on." })
public final class SweepCommand implements java.util.concurrent.Callable<Integer>
{
    /** Repeats per point when neither --repeat nor a preset says. */
    public static final int DEFAULT_REPEAT = 3;

    /** Points shown by --optimize: the best and the runners-up. */
    public static final int OPTIMIZE_ROWS = 5;

    /** The per-point summary file in the sweep folder. */
    public static final String POINTS_FILE = "points.csv";

    /** The barrier table the barrier preset writes in the sweep folder. */
    public static final String BARRIER_FILE = "barrier.md";

    /** The Table 3 file a preset writes in the sweep folder. */
    public static final String TABLE3_FILE = "table3.md";

    /** Options that do not change the grid or its summaries, left out of the manifest. */
    private static final Set<String> NOT_GRID = Set.of("--out", "--shard", "--progress", "--warmup", "--jfr");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Spec
    private CommandSpec spec;

    @Option(names = "--repeat", paramLabel = "<R>",
        description = "Runs each point R times; medians and min..max are over the repeats (default: " + DEFAULT_REPEAT +
            ", or the preset's).")
    private Integer repeat;

    @Option(names = "--progress", paramLabel = "<when>", defaultValue = "auto",
        description = "Progress bar redrawn in place: auto (only when output is a terminal; plain lines otherwise), " +
            "always or never (default: ${DEFAULT-VALUE}).")
    private String progress;

    @Option(names = "--warmup", paramLabel = "<W>", defaultValue = "1",
        description = "Runs the first point W times before the sweep and records nothing of them, so that the first " +
            "recorded run does not pay for JIT compilation (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Sweep folder: a new or empty folder, never one that already holds a sweep " +
            "(default: results/<yyyyMMdd-HHmmss>-sweep, with -2, -3, .. appended if taken).")
    private Path out;

    @Option(names = "--jfr", paramLabel = "FILE",
        description = "Records a JDK Flight Recording of the sweep's runs (not the warm-up) into FILE, as 'vcsp run --jfr'.")
    private Path jfr;

    @Option(names = "--optimize", paramLabel = "<metric>",
        converter = SweepObjective.Converter.class, completionCandidates = SweepObjective.Names.class,
        description = "After the sweep, print the best point for ${COMPLETION-CANDIDATES}: lowest median downtime, " +
            "lowest median total migration time, or highest median workload throughput, with its min..max, " +
            "and the runners-up.")
    private SweepObjective optimize;

    @Option(names = "--shard", paramLabel = "K/N",
        description = "Runs only the K-th of N disjoint slices of the grid (every N-th point from point K, with all " +
            "its repeats), so N machines can share a sweep; 'vcsp report' merges the N shard folders into the " +
            "sweep's folder and report (default: the whole grid).")
    private String shard;

    @Option(names = "--preset", paramLabel = "<name>",
        converter = SweepPreset.Converter.class, completionCandidates = SweepPreset.Names.class,
        description = "A ready grid: ${COMPLETION-CANDIDATES} (see below); ends with the VCSP Table 3 comparison.")
    private SweepPreset preset;

    private final Engine engine;
    private final Path resultsRoot;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final BooleanSupplier terminal;
    /** One line per reason a preset's points were skipped, filled by {@link #points()}. */
    private final List<String> skippedLines = new ArrayList<>();

    /**
     * @param engine      runs one migration; {@code MigrationRunner::run} in production, a fake in tests.
     * @param resultsRoot where the sweep folder is created when {@code --out} is not given.
     * @param clock       the wall clock.
     * @return the command with an option per setting of the table, each taking a list.
     */
    public static picocli.CommandLine commandLine(final Engine engine, final Path resultsRoot, final Clock clock)
    {
        return SettingOptions.commandLine(new SweepCommand(engine, resultsRoot, clock), SettingOptions.Mode.SWEEP);
    }

    /**
     * A sweep that draws its progress bar when stdout is a terminal.
     *
     * @param engine      runs one migration; {@code MigrationRunner::run} in production, a fake in tests.
     * @param resultsRoot where the sweep folder is created when {@code --out} is not given.
     * @param clock       the wall clock that names the folder and stamps runs the engine could not finish.
     */
    public SweepCommand(final Engine engine, final Path resultsRoot, final Clock clock)
    {
        this(engine, resultsRoot, clock, System::nanoTime, () -> System.console() != null);
    }

    /**
     * @param engine      runs one migration.
     * @param resultsRoot where the sweep folder is created when {@code --out} is not given.
     * @param clock       the wall clock.
     * @param nanoTime    the monotonic clock of the progress display's elapsed and left times.
     * @param terminal    whether stdout is a terminal, asked once per sweep.
     */
    public SweepCommand(
        final Engine engine,
        final Path resultsRoot,
        final Clock clock,
        final LongSupplier nanoTime,
        final BooleanSupplier terminal)
    {
        this.engine = engine;
        this.resultsRoot = resultsRoot;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.terminal = terminal;
    }

    /**
     * Validates every point before anything runs, then runs the grid, writes the files and prints
     * the summaries.
     *
     * @return 0 when every run succeeded, 1 when at least one failed.
     * @throws ParameterException for bad usage, which the CLI turns into one line and exit code 2.
     */
    @Override
    public Integer call()
    {
        final Plan plan = plan();
        final SweepShard slice;
        try
        {
            slice = shard == null ? SweepShard.WHOLE : SweepShard.parse(shard);
        }
        catch (final IllegalArgumentException e)
        {
            throw usage(e.getMessage());
        }
        if (warmup < 0 || warmup > RunCommand.MAX_REPEAT)
        {
            throw usage("--warmup must be in [0, " + RunCommand.MAX_REPEAT + "], was " + warmup);
        }
        final boolean showProgress;
        try
        {
            showProgress = LiveProgress.wanted(progress, terminal);
        }
        catch (final IllegalArgumentException e)
        {
            throw usage(e.getMessage());
        }
        final List<SweepPoint> points = plan.points();
        final List<SweepPoint> mine = slice.of(points);
        if (mine.isEmpty())
        {
            throw usage("--shard " + slice + " holds no point: the grid has " + points.size() + " points; give at most " +
                points.size() + " shards");
        }

        final String unwritable = jfr == null ? null : JfrRecording.check(jfr);
        if (unwritable != null)
        {
            throw usage(unwritable);
        }

        final int repeats = plan.repeats();
        final Path folder = chooseFolder(mine, repeats, plan.digits());
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        final List<SweepRunner.Run> runs = new ArrayList<>();
        for (final SweepPoint point : mine)
        {
            for (int r = 1; r <= repeats; r++)
            {
                runs.add(new SweepRunner.Run(point, r, folder.resolve(runName(point, r, plan.digits()))));
            }
        }

        stdout.println("sweep: " + points.size() + (points.size() == 1 ? " point" : " points") + " x " + repeats +
            (repeats == 1 ? " repeat" : " repeats") + " = " + points.size() * repeats + " runs" +
            (plan.varying().isEmpty() ? "" : ", varying " + String.join(", ", plan.varying())) +
            (preset == null ? "" : ", preset " + preset.cliName()) +
            (slice.whole() ? "" : "; shard " + slice + ": " + mine.size() + (mine.size() == 1 ? " point, " : " points, ") +
                runs.size() + " runs"));
        skippedLines.forEach(stdout::println);
        stdout.println("point " + mine.get(0).number() + " of " + points.size() + ":");
        for (final String line : RunSummary.configLines(mine.get(0).config()))
        {
            stdout.println(line);
        }
        stdout.println("folder: " + folder);
        stdout.flush();
        try
        {
            SweepShard.write(folder, new SweepShard.Manifest(gridArgs(), slice, points.size(), repeats));
        }
        catch (final IOException | RuntimeException ex)
        {
            stderr.println("vcsp sweep: cannot write " + folder.resolve(SweepShard.MANIFEST) + ": " +
                OneLineErrors.oneLine(ex));
            stderr.flush();
            return OneLineErrors.FAILED;
        }

        final SweepRunner runner = new SweepRunner(engine, clock, nanoTime, warmup);
        runner.warmUp(runs.get(0).point(), stdout);
        final JfrRecording recording = JfrRecording.startFor(jfr, spec.commandLine());
        final SweepRunner.Outcome outcome;
        try
        {
            outcome = runner.run(runs, points.size(), repeats, plan.varying(), folder, showProgress, stdout, stderr);
        }
        finally
        {
            if (recording != null)
            {
                recording.close();
                stdout.println("jfr recording: " + recording.file());
            }
        }
        if (outcome.error() != null)
        {
            stderr.println("vcsp sweep: " + outcome.error() + "; " + outcome.done() + " of " + runs.size() +
                " runs finished, in " + folder);
            stderr.flush();
            return OneLineErrors.FAILED;
        }

        if (slice.whole())
        {
            new SweepSummaries(preset, optimize).report(points, plan.varying(), repeats, folder, stdout, stderr);
        }
        else
        {
            stdout.println();
            stdout.println("shard " + slice + " done. Once every shard is done, 'vcsp report <each shard's folder> " +
                "--out DIR' merges them into the sweep's folder and report, as one machine would have written them.");
        }

        if (outcome.failed() > 0)
        {
            stderr.println(outcome.failed() + " of " + runs.size() + " runs failed; see the failure column of " +
                folder.resolve(RunsCsv.FILE));
        }
        stdout.println("results: " + folder);
        stdout.flush();
        stderr.flush();
        return outcome.failed() == 0 ? 0 : OneLineErrors.FAILED;
    }

    /**
     * The sweep's grid, validated, without running anything: what {@code vcsp report} re-derives from a
     * shard's manifest to merge the shards.
     *
     * @param points  every point of the grid, in grid order.
     * @param repeats repeats per point.
     * @param varying the config keys whose value differs between points.
     * @param digits  the width of point numbers in folder names.
     * @param preset  the preset, or null.
     * @param optimize what {@code --optimize} asked for, or null.
     */
    record Plan(List<SweepPoint> points, int repeats, List<String> varying, int digits, SweepPreset preset,
        SweepObjective optimize)
    {
    }

    /**
     * @return the grid of the options given.
     * @throws ParameterException for bad usage.
     */
    Plan plan()
    {
        final List<SweepPoint> points = points();
        final int repeats = repeat != null ? repeat : preset != null ? preset.repeat() : DEFAULT_REPEAT;
        if (repeats < 1 || repeats > RunCommand.MAX_REPEAT)
        {
            throw usage("--repeat must be in [1, " + RunCommand.MAX_REPEAT + "], was " + repeats);
        }
        return new Plan(points, repeats, SweepSummaries.varyingKeys(points),
            Math.max(3, Integer.toString(points.size()).length()), preset, optimize);
    }

    /** @return the options as typed that define the grid and its summaries, for the manifest. */
    private List<String> gridArgs()
    {
        final List<String> args = new ArrayList<>();
        // In the command's option order, not as typed: shards given the same options in another order are one sweep.
        final List<OptionSpec> given = new ArrayList<>(spec.commandLine().getParseResult().matchedOptions());
        given.sort(java.util.Comparator.comparingInt(spec.options()::indexOf));
        for (final OptionSpec o : given)
        {
            if (NOT_GRID.contains(o.longestName()))
            {
                continue;
            }
            if (o.arity().max == 0)
            {
                args.add(o.longestName());
                continue;
            }
            for (final String value : o.originalStringValues())
            {
                args.add(o.longestName());
                args.add(value);
            }
        }
        return args;
    }

    private List<SweepPoint> points()
    {
        try
        {
            return SweepGrid.points(spec, preset, engine, skippedLines);
        }
        catch (final IllegalArgumentException e)
        {
            throw usage(e.getMessage());
        }
    }

    private Path chooseFolder(final List<SweepPoint> points, final int repeats, final int digits)
    {
        if (out == null)
        {
            final String name = STAMP.format(Instant.ofEpochMilli(clock.millis()).atZone(clock.getZone())) + "-sweep";
            try
            {
                return ResultFolders.claimNew(resultsRoot, name);
            }
            catch (final IOException | RuntimeException ex)
            {
                throw usage("cannot create a sweep folder under " + resultsRoot + " (" + OneLineErrors.oneLine(ex) +
                    "); give a writable folder with --out");
            }
        }

        if (Files.exists(out.resolve(RunsCsv.FILE)))
        {
            throw usage("--out " + out + " already holds a sweep (" + out.resolve(RunsCsv.FILE) +
                "); results never overwrite each other, give a new or empty folder");
        }
        final List<Path> planned = new ArrayList<>();
        for (final SweepPoint point : points)
        {
            for (int r = 1; r <= repeats; r++)
            {
                planned.add(out.resolve(runName(point, r, digits)));
            }
        }
        final String reason = ResultFolders.prepareOut(out, planned);
        if (reason != null)
        {
            throw usage(reason);
        }
        return out;
    }

    /**
     * @param point  the point.
     * @param repeat the repeat, from 1.
     * @param digits width of the point number.
     * @return the run's folder name, e.g. {@code p003-r2-vcsp-prefetch-E50-N10}.
     */
    static String runName(final SweepPoint point, final int repeat, final int digits)
    {
        final MigrationConfig c = point.config();
        return String.format(Locale.ROOT, "p%0" + digits + "d-r%d-%s-E%d-N%d",
            point.number(), repeat, c.algorithm().cliName(), c.throttlePercent(), c.prefetchPages());
    }

    private ParameterException usage(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

}
