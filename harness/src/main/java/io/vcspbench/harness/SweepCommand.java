package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;
import io.vcspbench.reports.PaperTable3;
import io.vcspbench.reports.RunsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    resourceBundle = "io.vcspbench.harness.ConfigDefaults",
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

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String LIST = " A comma list or range sweeps it.";
    private static final String NAMES = " A comma list sweeps it.";

    @Spec
    private CommandSpec spec;

    @Option(names = "--algorithm", paramLabel = "<name,...>", completionCandidates = EnumOptions.AlgorithmNames.class,
        description = "Migration algorithms: ${COMPLETION-CANDIDATES} (default: ${bundle:default.algorithm})." + NAMES)
    private String algorithm;

    @Option(names = "--throttle", paramLabel = "<E,...>",
        description = "E: share of CPU time the vCPU may run during migration, percent 1..100 " +
            "(default: ${bundle:default.throttlePercent.throttled}; the algorithms that do not throttle always run at " +
            "${bundle:default.throttlePercent.unthrottled})." + LIST)
    private String throttlePercent;

    @Option(names = "--prefetch", paramLabel = "<N,...>",
        description = "N: most pages one fault request returns (default: ${bundle:default.prefetchPages.prefetching}; " +
            "the algorithms that do not prefetch always use ${bundle:default.prefetchPages.notPrefetching})." + LIST)
    private String prefetchPages;

    @Option(names = "--workload-mib", paramLabel = "<MiB,...>",
        description = "Working set the workload touches, MiB, at most --memory-mib (default: ${bundle:default.workloadMiB})." +
            LIST)
    private String workloadMiB;

    @Option(names = "--memory-mib", paramLabel = "<MiB,...>",
        description = "Guest memory, MiB (default: ${bundle:default.memoryMiB})." + LIST)
    private String memoryMiB;

    @Option(names = "--pattern", paramLabel = "<name,...>", completionCandidates = EnumOptions.PatternNames.class,
        description = "Memory access patterns: ${COMPLETION-CANDIDATES} (default: ${bundle:default.pattern})." + NAMES)
    private String pattern;

    @Option(names = "--link", paramLabel = "<kind,...>", completionCandidates = EnumOptions.LinkNames.class,
        description = "Link transports: ${COMPLETION-CANDIDATES} (default: ${bundle:default.link})." + NAMES)
    private String link;

    @Option(names = "--bandwidth-mbit", paramLabel = "<Mbit/s,...>",
        description = "Link bandwidth, Mbit/s, 0 = unpaced (default: ${bundle:default.bandwidthMbit})." + LIST)
    private String bandwidthMbit;

    @Option(names = "--latency-us", paramLabel = "<us,...>",
        description = "Added one-way link latency, microseconds (default: ${bundle:default.latencyUs})." + LIST)
    private String latencyUs;

    @Option(names = "--period-ms", paramLabel = "<ms,...>",
        description = "Throttle duty-cycle period, ms (default: ${bundle:default.periodMs})." + LIST)
    private String periodMs;

    @Option(names = "--seed", paramLabel = "<seed,...>",
        description = "Seed of guest memory contents and of the random patterns (default: ${bundle:default.seed})." + LIST)
    private String seed;

    @Option(names = "--wait-strategy", paramLabel = "<name,...>", completionCandidates = EnumOptions.WaitStrategyNames.class,
        description = "How a faulting vCPU waits and service threads idle: ${COMPLETION-CANDIDATES} " +
            "(default: ${bundle:default.waitStrategy})." + NAMES)
    private String waitStrategy;

    @Option(names = "--fault-timeout-ms", paramLabel = "<ms,...>",
        description = "Deadline for one fault to be served, ms (default: ${bundle:default.faultTimeoutMs})." + LIST)
    private String faultTimeoutMs;

    @Option(names = "--run-timeout-ms", paramLabel = "<ms,...>",
        description = "Deadline for one whole migration, ms (default: ${bundle:default.runTimeoutMs})." + LIST)
    private String runTimeoutMs;

    @Option(names = "--no-crc",
        description = "Do not check the CRC32C of page payloads, in every run (checked by default).")
    private boolean noCrc;

    @Option(names = "--push-batch-pages", paramLabel = "<pages,...>",
        description = "Most pages in one background-push frame (default: 15 unpaced, a 64 KiB frame; on a paced link as many as leave in 100 µs, ${bundle:default.pushBatchPages} at ${bundle:default.bandwidthMbit} Mbit/s)." + LIST)
    private String pushBatchPages;

    @Option(names = "--max-rounds", paramLabel = "<rounds,...>",
        description = "Pre-copy: most rounds before stop-and-copy (default: ${bundle:default.maxRounds})." + LIST)
    private String maxRounds;

    @Option(names = "--stop-copy-kib", paramLabel = "<KiB,...>",
        description = "Pre-copy: stop and copy once the dirty set is at most this, KiB " +
            "(default: ${bundle:default.stopCopyKiB})." + LIST)
    private String stopCopyKiB;

    @Option(names = "--jin-c", paramLabel = "<C,...>",
        description = "precopy-throttled: Jin 2011's C (default: ${bundle:default.jinC})." + LIST)
    private String jinC;

    @Option(names = "--hybrid-rounds", paramLabel = "<k,...>",
        description = "hybrid-k: pre-copy rounds before the switch to post-copy (default: ${bundle:default.hybridRounds})." +
            LIST)
    private String hybridRounds;

    @Option(names = "--max-downtime-ms", paramLabel = "<ms,...>",
        description = "adaptive-hybrid: stop-and-copy once what is left can be sent within this at the last round's " +
            "rate, ms (default: ${bundle:default.maxDowntimeMs})." + LIST)
    private String maxDowntimeMs;

    @Option(names = "--storage", paramLabel = "DIR",
        description = "Shared storage for parallel-hybrid's snapshot and the backup: a directory; each run gets a " +
            "folder of its own in it (default: a temporary one per run).")
    private String storageDir;

    @Option(names = "--storage-mbit", paramLabel = "<Mbit/s,...>",
        description = "Shared storage's rate, Mbit/s, 0 = as fast as the disk goes (default: ${bundle:default.storageMbit})." +
            LIST)
    private String storageMbit;

    @Option(names = "--backup", paramLabel = "<on|off,...>",
        description = "Save the pages post-copy still owes to shared storage at the switch (default: on for " +
            "parallel-hybrid, off otherwise)." + LIST)
    private String backup;

    @Option(names = "--link-timeout-ms", paramLabel = "<ms,...>",
        description = "Post-copy: give the link up after this long without a word while pages are owed, ms " +
            "(default: ${bundle:default.linkTimeoutMs})." + LIST)
    private String linkTimeoutMs;

    @Option(names = "--cut-link-after-ms", paramLabel = "<ms,...>",
        description = "Fault injection: the source dies this long after the switch, ms, 0 = never " +
            "(default: ${bundle:default.cutLinkAfterMs})." + LIST)
    private String cutLinkAfterMs;

    @Option(names = "--dirty-rate-mbit", paramLabel = "<Mbit/s,...>",
        description = "Pattern writer: rate at which the guest dirties memory, Mbit/s " +
            "(default: ${bundle:default.dirtyRateMbit})." + LIST)
    private String dirtyRateMbit;

    @Option(names = "--dirty-schedule", paramLabel = "<rate@time,...;...>", description = ConfigOptions.DIRTY_SCHEDULE_HELP +
        " Several schedules separated by ';' (quoted for the shell) sweep it.")
    private String dirtySchedule;

    @Option(names = "--writer-order", paramLabel = "<order,...>", completionCandidates = EnumOptions.WriterOrderNames.class,
        description = "Pattern writer: page orders, ${COMPLETION-CANDIDATES} (default: ${bundle:default.writerOrder})." +
            NAMES)
    private String writerOrder;

    @Option(names = "--push", paramLabel = "<on|off|Mbit/s,...>",
        description = "Post-copy: push the pages nobody asked for: on (as fast as the link takes them), off (demand paging " +
            "and prefetch only, the VCSP paper's model: the run ends when the workload's pass is done and every " +
            "page it asked for is present), or a rate in Mbit/s below the link's (default: ${bundle:default.push})." + LIST)
    private String push;

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

    @Option(names = "--preset", paramLabel = "<name>",
        converter = SweepPreset.Converter.class, completionCandidates = SweepPreset.Names.class,
        description = "A ready grid: ${COMPLETION-CANDIDATES} (see below); ends with the VCSP Table 3 comparison.")
    private SweepPreset preset;

    private final Engine engine;
    private final Path resultsRoot;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final BooleanSupplier terminal;
    private final ResultWriter resultWriter = new ResultWriter();
    /** One line per reason a preset's points were skipped, filled by {@link #points()}. */
    private final List<String> skippedLines = new ArrayList<>();

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
        final List<SweepPoint> points = points();
        final int repeats = repeat != null ? repeat : preset != null ? preset.repeat() : DEFAULT_REPEAT;
        if (repeats < 1)
        {
            throw usage("--repeat must be at least 1, was " + repeats);
        }
        if (warmup < 0)
        {
            throw usage("--warmup must be at least 0, was " + warmup);
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

        final String unwritable = jfr == null ? null : JfrRecording.check(jfr);
        if (unwritable != null)
        {
            throw usage(unwritable);
        }

        final List<String> varying = varyingKeys(points);
        final int digits = Math.max(3, Integer.toString(points.size()).length());
        final Path folder = chooseFolder(points, repeats, digits);
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        final int runs = points.size() * repeats;

        stdout.println("sweep: " + points.size() + (points.size() == 1 ? " point" : " points") + " x " + repeats +
            (repeats == 1 ? " repeat" : " repeats") + " = " + runs + " runs" +
            (varying.isEmpty() ? "" : ", varying " + String.join(", ", varying)) +
            (preset == null ? "" : ", preset " + preset.cliName()));
        skippedLines.forEach(stdout::println);
        stdout.println("point 1 of " + points.size() + ":");
        for (final String line : RunSummary.configLines(points.get(0).config()))
        {
            stdout.println(line);
        }
        stdout.println("folder: " + folder);
        stdout.flush();

        warmUp(points.get(0).config(), stdout);

        final Environment environment = Environment.capture();
        final AtomicInteger done = new AtomicInteger();
        final AtomicBoolean complete = new AtomicBoolean();
        int failed = 0;
        final JfrRecording recording = JfrRecording.startFor(jfr, spec.commandLine());
        try (RunsCsv csv = new RunsCsv(folder.resolve(RunsCsv.FILE));
             SweepProgress progress = new SweepProgress(showProgress, stdout, stderr, nanoTime, runs,
                 SweepProgress.terminalColumns(), true))
        {
            final Thread hook = interruptedHook(progress, stderr, folder, done, runs, complete);
            try
            {
                for (final SweepPoint point : points)
                {
                    final String settings = settings(point.config(), varying);
                    for (int r = 1; r <= repeats; r++)
                    {
                        final String what = "point " + point.number() + "/" + points.size() +
                            (settings.isEmpty() ? "" : " " + settings) + ", repeat " + r + "/" + repeats;
                        progress.started(what);
                        final Path runFolder = folder.resolve(runName(point, r, digits));
                        final RunOutcome outcome = runOnce(point.config(), environment, runFolder);
                        csv.append(point.config(), r, outcome.failure(), outcome.metrics());
                        if (outcome.failure() == null)
                        {
                            point.succeeded(outcome.metrics());
                        }
                        else
                        {
                            point.failed();
                            failed++;
                        }
                        done.incrementAndGet();
                        progress.finished(what, outcome.failure(), brief(outcome.metrics()));
                    }
                }
            }
            finally
            {
                complete.set(true);
                removeHook(hook);
                if (recording != null)
                {
                    recording.close();
                    stdout.println("jfr recording: " + recording.file());
                }
            }
        }
        catch (final IOException ex)
        {
            stderr.println("vcsp sweep: cannot write " + folder.resolve(RunsCsv.FILE) + " (" + OneLineErrors.oneLine(ex) +
                "); " + done.get() + " of " + runs + " runs finished, in " + folder);
            stderr.flush();
            return OneLineErrors.FAILED;
        }

        report(points, varying, repeats, folder, stdout, stderr);

        if (failed > 0)
        {
            stderr.println(failed + " of " + runs + " runs failed; see the failure column of " +
                folder.resolve(RunsCsv.FILE));
        }
        stdout.println("results: " + folder);
        stdout.flush();
        stderr.flush();
        return failed == 0 ? 0 : OneLineErrors.FAILED;
    }

    private List<SweepPoint> points()
    {
        final List<SweepAxes.Dimension> dimensions = new ArrayList<>();
        if (dirtyRateMbit != null && dirtySchedule != null)
        {
            throw usage(ConfigOptions.BOTH_DIRTY_RATES);
        }
        if (dirtySchedule != null && preset != null && preset.keys().contains("dirtyRateMbit") &&
            !preset.keys().contains("dirtySchedule"))
        {
            throw usage("--dirty-schedule cannot go with --preset " + preset.cliName() + ", which sets --dirty-rate-mbit; " +
                "drop --preset and give the grid yourself");
        }
        for (final SweepAxes.Axis axis : SweepAxes.ALL)
        {
            final String text = spec.findOption(axis.option()).getValue();
            if (text == null)
            {
                continue;
            }
            if (preset != null && preset.keys().contains(axis.key()))
            {
                throw usage(axis.option() + " is set by --preset " + preset.cliName() +
                    "; leave it out, or drop --preset and give the grid yourself");
            }
            try
            {
                dimensions.add(axis.dimension(text));
            }
            catch (final IllegalArgumentException ex)
            {
                throw usage(ex.getMessage());
            }
        }
        if (preset != null)
        {
            dimensions.addAll(preset.dimensions(push != null));
        }

        final List<MigrationConfig> configs;
        try
        {
            configs = SweepAxes.grid(b ->
            {
                if (preset != null)
                {
                    preset.base(b);
                }
                if (noCrc)
                {
                    b.checkCrc(false);
                }
            }, dimensions);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage(ConfigOptions.inOptionNames(ex.getMessage()));
        }

        final List<SweepPoint> points = new ArrayList<>(configs.size());
        final Map<String, Integer> skipped = new LinkedHashMap<>();
        for (final MigrationConfig config : configs)
        {
            final String unsupported = engine.unsupported(config);
            if (unsupported != null && preset != null && preset.skipsUnsupported())
            {
                skipped.merge(unsupported, 1, Integer::sum);
                continue;
            }
            if (unsupported != null)
            {
                throw usage(unsupported);
            }
            points.add(new SweepPoint(points.size() + 1, config));
        }
        if (points.isEmpty())
        {
            throw usage("this build can run no point of --preset " + preset.cliName() + ": " +
                String.join("; ", skipped.keySet()));
        }
        skipped.forEach((reason, count) -> skippedLines.add("skipped " + count + (count == 1 ? " point" : " points") +
            " of --preset " + preset.cliName() + ": " + reason));
        return points;
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

    private void warmUp(final MigrationConfig config, final PrintWriter stdout)
    {
        for (int i = 1; i <= warmup; i++)
        {
            stdout.print("warm-up " + i + "/" + warmup + " (point 1, not recorded) ... ");
            stdout.flush();
            final long start = nanoTime.getAsLong();
            String failure;
            try
            {
                final MigrationResult result = engine.run(config);
                failure = result == null ? "no result" : ResultWriter.failureReason(result);
            }
            catch (final Exception | OutOfMemoryError | StackOverflowError ex)
            {
                failure = OneLineErrors.oneLine(ex);
            }
            // A failed warm-up only warms less; the recorded run of the same point will say what is wrong.
            stdout.println((failure == null ? "done" : "failed (" + failure + ")") + " in " +
                SweepProgress.duration(nanoTime.getAsLong() - start));
            stdout.flush();
        }
    }

    /** What one run left: why it failed (null when it succeeded) and its scalar metrics (null without a result). */
    private record RunOutcome(String failure, Map<String, Object> metrics)
    {
    }

    private RunOutcome runOnce(final MigrationConfig config, final Environment environment, final Path folder)
    {
        final long startEpochMs = clock.millis();
        MigrationResult result = null;
        Throwable crash = null;
        try
        {
            result = engine.run(config);
        }
        catch (final Exception | OutOfMemoryError | StackOverflowError ex)
        {
            // The run is lost but the sweep is not: record the reason and go on to the next run.
            crash = ex;
        }
        final long endEpochMs = clock.millis();
        final Map<String, Object> metrics = result == null ? null : result.scalarMetrics();

        try
        {
            return new RunOutcome(resultWriter.record(folder, config, result, crash, environment, startEpochMs,
                endEpochMs), metrics);
        }
        catch (final IOException | RuntimeException ex)
        {
            return new RunOutcome("could not write the results to " + folder + ": " + OneLineErrors.oneLine(ex), metrics);
        }
    }

    private void report(
        final List<SweepPoint> points,
        final List<String> varying,
        final int repeats,
        final Path folder,
        final PrintWriter stdout,
        final PrintWriter stderr)
    {
        stdout.println();
        stdout.println("medians per point, min..max over the runs that succeeded:");
        final List<List<String>> rows = new ArrayList<>();
        for (final SweepPoint p : points)
        {
            rows.add(List.of(
                Integer.toString(p.number()),
                settings(p.config(), varying),
                p.okRuns() + "/" + (p.okRuns() + p.failedRuns()),
                spread(p, "downtimeMs"),
                spread(p, "totalMigrationTimeMs"),
                spread(p, "pagesTransferred"),
                spread(p, "workloadThroughputMBps")));
        }
        printTable(stdout, List.of("point", "settings", "ok", "downtime ms", "total time ms", "pages",
            "throughput MB/s"), rows, 2);

        try
        {
            writePoints(folder.resolve(POINTS_FILE), points);
        }
        catch (final IOException | RuntimeException ex)
        {
            stderr.println("vcsp sweep: cannot write " + folder.resolve(POINTS_FILE) + ": " + OneLineErrors.oneLine(ex));
        }

        if (optimize != null)
        {
            stdout.println();
            printOptimum(stdout, points, varying);
        }

        // The tune preset's summary is the report's tuning surface.
        if (preset == SweepPreset.BARRIER || preset != null && preset.table3())
        {
            final String file = preset.table3() ? TABLE3_FILE : BARRIER_FILE;
            final String markdown = preset.table3() ? table3(points, varying, repeats) : barrier(points, repeats);
            stdout.println();
            stdout.print(markdown);
            try
            {
                Files.writeString(folder.resolve(file), markdown, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                stdout.println();
                stdout.println((preset.table3() ? "table 3: " : "barrier: ") + folder.resolve(file));
            }
            catch (final IOException | RuntimeException ex)
            {
                stderr.println("vcsp sweep: cannot write " + folder.resolve(file) + ": " + OneLineErrors.oneLine(ex));
            }
        }

        try
        {
            final List<Path> written = RunsReport.write(List.of(folder), folder);
            stdout.println();
            stdout.println("report: " + written.get(written.size() - 1));
            if (preset == SweepPreset.HYBRID)
            {
                stdout.println("hybrid tables (Li and Cao 2023's Tables 4/5 layout, PA-hybrid against 1-hybrid, time " +
                    "and data against k): the sections \"" + RunsReport.HYBRID_TITLE + "\" and \"" +
                    RunsReport.HYBRID_K_TITLE + "\" of " + written.get(0));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            stderr.println("vcsp sweep: cannot write the report into " + folder + ": " + OneLineErrors.oneLine(ex) +
                "; vcsp report " + folder + " tries again");
        }
        stdout.flush();
    }

    /**
     * Ranks the points by the median of the objective's metric, best first; points without a
     * successful run are left out. Ties keep grid order.
     *
     * @param points    the sweep's points.
     * @param objective what to rank by.
     * @return the ranked points.
     */
    static List<SweepPoint> rank(final List<SweepPoint> points, final SweepObjective objective)
    {
        final List<SweepPoint> ranked = new ArrayList<>();
        for (final SweepPoint p : points)
        {
            if (!Double.isNaN(p.median(objective.metric())))
            {
                ranked.add(p);
            }
        }
        ranked.sort(Comparator.comparing((SweepPoint p) -> p.median(objective.metric()), objective::compare));
        return ranked;
    }

    private void printOptimum(final PrintWriter stdout, final List<SweepPoint> points, final List<String> varying)
    {
        final String metric = optimize.metric();
        final List<SweepPoint> ranked = rank(points, optimize);
        if (ranked.isEmpty())
        {
            stdout.println("optimize " + optimize.cliName() + ": no point has a successful run");
            return;
        }

        final SweepPoint best = ranked.get(0);
        final MigrationConfig c = best.config();
        final List<String> others = new ArrayList<>(varying);
        others.remove("throttlePercent");
        others.remove("prefetchPages");
        final String rest = settings(c, others);
        stdout.println("best for " + optimize.cliName() + " (" + (optimize.higherIsBetter() ? "highest" : "lowest") +
            " median " + metric + "): E=" + c.throttlePercent() + " N=" + c.prefetchPages() +
            (rest.isEmpty() ? "" : " " + rest) + " (point " + best.number() + ")");
        stdout.println("  median " + num(best.median(metric)) + " " + optimize.unit() + ", min..max " +
            num(best.min(metric)) + ".." + num(best.max(metric)) + " " + optimize.unit() + " over " + best.okRuns() +
            " of " + (best.okRuns() + best.failedRuns()) + " runs");

        final List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(OPTIMIZE_ROWS, ranked.size()); i++)
        {
            final SweepPoint p = ranked.get(i);
            rows.add(List.of(
                Integer.toString(i + 1),
                Integer.toString(p.number()),
                settings(p.config(), varying),
                num(p.median(metric)),
                num(p.min(metric)) + ".." + num(p.max(metric)),
                p.okRuns() + "/" + (p.okRuns() + p.failedRuns())));
        }
        printTable(stdout, List.of("rank", "point", "settings", "median " + optimize.unit(),
            "min..max " + optimize.unit(), "ok"), rows, 3);
    }

    private String table3(final List<SweepPoint> points, final List<String> varying, final int repeats)
    {
        // Algorithms are compared under the same conditions: within a push block, on the same
        // workload and whatever else was swept too.
        final List<String> conditions = new ArrayList<>(varying);
        conditions.removeAll(List.of("algorithm", "throttlePercent", "prefetchPages", "workloadMiB", "push"));
        final List<PaperTable3.Medians> medians = new ArrayList<>();
        for (final SweepPoint p : points)
        {
            if (p.okRuns() == 0)
            {
                continue;
            }
            final String extra = settings(p.config(), conditions);
            final Map<String, Double> values = new LinkedHashMap<>();
            for (final String metric : PaperTable3.METRICS)
            {
                values.put(metric, p.median(metric));
            }
            medians.add(new PaperTable3.Medians(
                p.config().algorithm().cliName(),
                "push " + p.config().push().cliName() + (p.config().push().paced() ? " Mbit/s" : ""),
                p.config().workloadMiB() + " MiB" + (extra.isEmpty() ? "" : " " + extra),
                values));
        }

        final MigrationConfig c = points.get(0).config();
        final String bandwidth = c.bandwidthMbit() == 0 ? "unpaced" : c.bandwidthMbit() + " Mbit/s";
        return "# vcsp sweep --preset " + preset.cliName() + "\n\n" +
            "Guest memory " + c.memoryMiB() + " MiB, pattern " + c.pattern().cliName() + ", link " +
            c.link().cliName() + " " + bandwidth + " with " + c.latencyUs() + " \u00b5s one-way latency, " + repeats +
            (repeats == 1 ? " repeat" : " repeats") + " per point; settings: postcopy N=1 E=100, postcopy-prefetch " +
            "N=10 E=100, vcsp N=1 E=50, vcsp-prefetch N=10 E=50; push " + pushModes(points) +
            ". Every run is a row of runs.csv.\n\n" +
            PaperTable3.render(medians);
    }

    private static String pushModes(final List<SweepPoint> points)
    {
        final Set<String> modes = new LinkedHashSet<>();
        points.forEach(p -> modes.add(p.config().push().cliName()));
        return String.join(" and ", modes);
    }

    /**
     * Jin's migration barrier as a table: per dirty rate (also as a share of the link's rate) and
     * algorithm, the medians of downtime, total time, rounds, stop-and-copy pages and throughput.
     */
    static String barrier(final List<SweepPoint> points, final int repeats)
    {
        final MigrationConfig c = points.get(0).config();
        final StringBuilder sb = new StringBuilder();
        sb.append("# vcsp sweep --preset barrier\n\n")
            .append("Jin 2011's migration barrier: a ").append(c.workloadMiB()).append(" MiB working set in ")
            .append(c.memoryMiB()).append(" MiB written by the writer (").append(c.writerOrder().cliName())
            .append(") while pre-copy sends it over the ").append(c.link().cliName()).append(" link paced at ")
            .append(c.bandwidthMbit()).append(" Mbit/s; max ").append(c.maxRounds()).append(" rounds, stop-and-copy at ")
            .append(c.stopCopyKiB()).append(" KiB, Jin's C ").append(c.jinC()).append("; ").append(repeats)
            .append(repeats == 1 ? " repeat" : " repeats").append(" per point, medians. Every run is a row of runs.csv.\n\n")
            .append("| dirty rate Mbit/s | % of link | algorithm | downtime ms | total ms | rounds | stop-and-copy pages | ")
            .append("workload MB/s | CPU share % |\n")
            .append("|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (final SweepPoint p : points)
        {
            final MigrationConfig pc = p.config();
            sb.append("| ").append(pc.dirtyRateMbit())
                .append(" | ").append(pc.bandwidthMbit() > 0 ?
                    String.format(Locale.ROOT, "%.0f", 100.0 * pc.dirtyRateMbit() / pc.bandwidthMbit()) : "-")
                .append(" | ").append(pc.algorithm().cliName());
            if (p.okRuns() == 0)
            {
                sb.append(" | failed | | | | | |\n");
                continue;
            }
            sb.append(" | ").append(num(p.median("downtimeMs")))
                .append(" | ").append(num(p.median("totalMigrationTimeMs")))
                .append(" | ").append(count(p.median("precopyRounds")))
                .append(" | ").append(count(p.median("stopCopyPages")))
                .append(" | ").append(num(p.median("workloadThroughputMBps")))
                .append(" | ").append(num(p.median("achievedCpuSharePercent")))
                .append(" |\n");
        }
        return sb.toString();
    }

    private static void writePoints(final Path file, final List<SweepPoint> points) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        final List<String> header = new ArrayList<>(RunsCsv.CONFIG_KEYS);
        header.add("okRuns");
        header.add("failedRuns");
        for (final String m : RunsCsv.METRIC_KEYS)
        {
            header.add(m + "Median");
            header.add(m + "Min");
            header.add(m + "Max");
        }
        csvRow(sb, header);
        for (final SweepPoint p : points)
        {
            final Map<String, Object> settings = p.config().toMap();
            final List<String> row = new ArrayList<>(header.size());
            for (final String key : RunsCsv.CONFIG_KEYS)
            {
                row.add(String.valueOf(settings.get(key)));
            }
            row.add(Integer.toString(p.okRuns()));
            row.add(Integer.toString(p.failedRuns()));
            for (final String m : RunsCsv.METRIC_KEYS)
            {
                row.add(csvNumber(p.median(m)));
                row.add(csvNumber(p.min(m)));
                row.add(csvNumber(p.max(m)));
            }
            csvRow(sb, row);
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
    }

    private static void csvRow(final StringBuilder sb, final List<String> fields)
    {
        for (int i = 0; i < fields.size(); i++)
        {
            sb.append(i == 0 ? "" : ",").append(RunsCsv.escape(fields.get(i)));
        }
        sb.append("\r\n");
    }

    private static String csvNumber(final double v)
    {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /**
     * @param points the sweep's points.
     * @return the config keys whose value differs between points, in {@code toMap()} order.
     */
    static List<String> varyingKeys(final List<SweepPoint> points)
    {
        final Set<String> varying = new LinkedHashSet<>();
        final Map<String, Object> first = points.get(0).config().toMap();
        for (final SweepPoint p : points)
        {
            for (final Map.Entry<String, Object> e : p.config().toMap().entrySet())
            {
                if (!Objects.equals(first.get(e.getKey()), e.getValue()))
                {
                    varying.add(e.getKey());
                }
            }
        }
        final List<String> ordered = new ArrayList<>();
        for (final String key : first.keySet())
        {
            if (varying.contains(key))
            {
                ordered.add(key);
            }
        }
        return ordered;
    }

    /**
     * @param config a point's configuration.
     * @param keys   the keys to show.
     * @return e.g. "vcsp-prefetch E=50 N=10 workload-mib=16".
     */
    static String settings(final MigrationConfig config, final List<String> keys)
    {
        final Map<String, Object> map = config.toMap();
        final StringBuilder sb = new StringBuilder();
        for (final String key : keys)
        {
            if (sb.length() > 0)
            {
                sb.append(' ');
            }
            final Object value = map.get(key);
            switch (key)
            {
                case "algorithm" -> sb.append(value);
                case "throttlePercent" -> sb.append("E=").append(value);
                case "prefetchPages" -> sb.append("N=").append(value);
                default ->
                {
                    final String option = ConfigOptions.optionFor(key);
                    sb.append(option == null ? key : option.substring(2)).append('=').append(value);
                }
            }
        }
        return sb.toString();
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

    private Thread interruptedHook(
        final SweepProgress progress,
        final PrintWriter stderr,
        final Path folder,
        final AtomicInteger done,
        final int runs,
        final AtomicBoolean complete)
    {
        final Thread hook = new Thread(() ->
        {
            if (!complete.get())
            {
                progress.endLine();
                stderr.println("vcsp sweep: interrupted after " + done.get() + " of " + runs + " runs; the runs " +
                    "that finished are intact in " + folder + " (" + RunsCsv.FILE + " has a row for each)");
                stderr.flush();
            }
        }, "vcsp-sweep-interrupted");
        try
        {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // Already shutting down: nothing will run, so there is nothing to report.
        }
        return hook;
    }

    private static void removeHook(final Thread hook)
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // Shutting down: the hook runs, sees the sweep complete and says nothing.
        }
    }

    private static String brief(final Map<String, Object> metrics)
    {
        if (metrics == null)
        {
            return "";
        }
        return "downtime " + num(metrics.get("downtimeMs")) + " ms, total " + num(metrics.get("totalMigrationTimeMs")) +
            " ms, throughput " + num(metrics.get("workloadThroughputMBps")) + " MB/s";
    }

    private static String spread(final SweepPoint p, final String metric)
    {
        final double median = p.median(metric);
        if (Double.isNaN(median))
        {
            return "-";
        }
        return num(median) + " (" + num(p.min(metric)) + ".." + num(p.max(metric)) + ")";
    }

    /** A count's median: whole when it is whole (an odd number of repeats), else one decimal. */
    private static String count(final double value)
    {
        if (!Double.isFinite(value))
        {
            return "-";
        }
        return String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f" : "%.1f", value);
    }

    private static String num(final Object value)
    {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()))
        {
            return "-";
        }
        final double v = n.doubleValue();
        if (value instanceof Long || value instanceof Integer || v == Math.rint(v) && Math.abs(v) >= 1000)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.2f", v);
    }

    private static void printTable(
        final PrintWriter out, final List<String> header, final List<List<String>> rows, final int textColumns)
    {
        final int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++)
        {
            width[i] = header.get(i).length();
            for (final List<String> row : rows)
            {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        final List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (final List<String> row : all)
        {
            final StringBuilder sb = new StringBuilder("  ");
            for (int i = 0; i < width.length; i++)
            {
                final String cell = row.get(i);
                final String pad = " ".repeat(width[i] - cell.length());
                sb.append(i < textColumns ? cell + pad : pad + cell).append(i + 1 < width.length ? "  " : "");
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private ParameterException usage(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

}
