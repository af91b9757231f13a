package io.vcspbench.harness;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.migration.Algorithm;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;
import io.vcspbench.core.migration.MigrationRunner;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.DirtySchedule;
import io.vcspbench.core.workload.Pattern;
import io.vcspbench.core.workload.WriterOrder;
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
 * left out stay null and leave the {@link MigrationConfig} default in place, so the defaults live
 * in one place; {@code --help} shows them by reading a default-built configuration
 * ({@link ConfigDefaults}). Exit code 0 when every repeat succeeded, 1 when one failed, 2 for bad
 * usage. Not thread-safe: picocli fills the fields, then calls {@link #call()} once.
 */
@Command(
    name = "run",
    abbreviateSynopsis = true,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    resourceBundle = "io.vcspbench.harness.ConfigDefaults",
    description = {
        "Runs one migration and writes result.json and fault-latency.hlog into a new folder; with --jfr FILE also a " +
            "JDK Flight Recording of it.",
        "Exit code 0 on success, 1 when the run failed (error, timeout or integrity mismatch), 2 on bad usage." })
public final class RunCommand implements Callable<Integer>
{
    /** Written next to result.json when the engine threw, so the one-line reason is not all there is. */
    public static final String STACK_TRACE_FILE = "stacktrace.txt";

    private static final String RUN_FAILED = "run failed: ";

    @Spec
    private CommandSpec spec;

    @Option(names = "--algorithm", paramLabel = "<name>",
        converter = EnumOptions.AlgorithmConverter.class, completionCandidates = EnumOptions.AlgorithmNames.class,
        description = "Migration algorithm: ${COMPLETION-CANDIDATES} (default: ${bundle:default.algorithm}).")
    private Algorithm algorithm;

    @Option(names = "--throttle", paramLabel = "<E>",
        description = "E: share of CPU time the vCPU may run during migration, percent 1..100 " +
            "(default: ${bundle:default.throttlePercent.throttled} for the algorithms that throttle; " +
            "the others always run at ${bundle:default.throttlePercent.unthrottled}).")
    private Integer throttlePercent;

    @Option(names = "--prefetch", paramLabel = "<N>",
        description = "N: most pages one fault request returns " +
            "(default: ${bundle:default.prefetchPages.prefetching} for the algorithms that prefetch; " +
            "the others always use ${bundle:default.prefetchPages.notPrefetching}).")
    private Integer prefetchPages;

    @Option(names = "--workload-mib", paramLabel = "<MiB>",
        description = "Working set the workload touches, MiB, at most --memory-mib " +
            "(default: ${bundle:default.workloadMiB}).")
    private Long workloadMiB;

    @Option(names = "--memory-mib", paramLabel = "<MiB>",
        description = "Guest memory, MiB; every page of it migrates (default: ${bundle:default.memoryMiB}).")
    private Long memoryMiB;

    @Option(names = "--pattern", paramLabel = "<name>",
        converter = EnumOptions.PatternConverter.class, completionCandidates = EnumOptions.PatternNames.class,
        description = "Memory access pattern: ${COMPLETION-CANDIDATES} (default: ${bundle:default.pattern}).")
    private Pattern pattern;

    @Option(names = "--link", paramLabel = "<kind>",
        converter = EnumOptions.LinkConverter.class, completionCandidates = EnumOptions.LinkNames.class,
        description = "Link transport: ${COMPLETION-CANDIDATES} (default: ${bundle:default.link}).")
    private LinkKind link;

    @Option(names = "--bandwidth-mbit", paramLabel = "<Mbit/s>",
        description = "Link bandwidth, Mbit/s, 0 = unpaced (default: ${bundle:default.bandwidthMbit}).")
    private Long bandwidthMbit;

    @Option(names = "--latency-us", paramLabel = "<us>",
        description = "Added one-way link latency, microseconds (default: ${bundle:default.latencyUs}).")
    private Long latencyUs;

    @Option(names = "--period-ms", paramLabel = "<ms>",
        description = "Throttle duty-cycle period, ms (default: ${bundle:default.periodMs}).")
    private Long periodMs;

    @Option(names = "--seed", paramLabel = "<seed>",
        description = "Seed of guest memory contents and of the random patterns (default: ${bundle:default.seed}).")
    private Long seed;

    @Option(names = "--repeat", paramLabel = "<R>", defaultValue = "1",
        description = "Runs the migration R times, into <folder>/repeat-1 .. repeat-R when R > 1 (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Result folder: a new or empty folder, never one that already holds a result.json " +
            "(default: results/<yyyyMMdd-HHmmss>-<algorithm>-E<e>-N<n>, with -2, -3, .. appended if taken).")
    private Path out;

    @Option(names = "--jfr", paramLabel = "FILE", description = JfrRecording.HELP)
    private Path jfr;

    @Option(names = "--wait-strategy", paramLabel = "<name>",
        converter = EnumOptions.WaitStrategyConverter.class, completionCandidates = EnumOptions.WaitStrategyNames.class,
        description = "How a faulting vCPU waits for its page and service threads idle: ${COMPLETION-CANDIDATES} " +
            "(default: ${bundle:default.waitStrategy}).")
    private WaitStrategy waitStrategy;

    @Option(names = "--fault-timeout-ms", paramLabel = "<ms>",
        description = "Deadline for one fault to be served, ms; past it the run fails " +
            "(default: ${bundle:default.faultTimeoutMs}).")
    private Long faultTimeoutMs;

    @Option(names = "--run-timeout-ms", paramLabel = "<ms>",
        description = "Deadline for the whole migration, ms; past it the run fails " +
            "(default: ${bundle:default.runTimeoutMs}).")
    private Long runTimeoutMs;

    @Option(names = "--no-crc",
        description = "Do not check the CRC32C of page payloads (checked by default: checkCrc=${bundle:default.checkCrc}).")
    private Boolean noCrc;

    @Option(names = "--push-batch-pages", paramLabel = "<pages>",
        description = "Most pages in one background-push frame (default: 15 unpaced, a 64 KiB frame; on a paced link as many as leave in 100 µs, ${bundle:default.pushBatchPages} at ${bundle:default.bandwidthMbit} Mbit/s).")
    private Integer pushBatchPages;

    @Option(names = "--progress", paramLabel = "<when>", defaultValue = "auto",
        description = "Live line with pages present, faults and CPU share every 100 ms: auto (only when output is " +
            "a terminal), always or never (default: ${DEFAULT-VALUE}).")
    private String progress;

    @Option(names = "--max-rounds", paramLabel = "<rounds>",
        description = "Pre-copy: most rounds before stop-and-copy (default: ${bundle:default.maxRounds}).")
    private Integer maxRounds;

    @Option(names = "--stop-copy-kib", paramLabel = "<KiB>",
        description = "Pre-copy: stop and copy once the dirty set is at most this, KiB " +
            "(default: ${bundle:default.stopCopyKiB}).")
    private Long stopCopyKiB;

    @Option(names = "--jin-c", paramLabel = "<C>",
        description = "precopy-throttled: Jin 2011's C in E(i+1) = C*B*E(i)/P(i) (default: ${bundle:default.jinC}).")
    private Double jinC;

    @Option(names = "--hybrid-rounds", paramLabel = "<k>",
        description = "hybrid-k: pre-copy rounds before the switch to post-copy (default: ${bundle:default.hybridRounds}).")
    private Integer hybridRounds;

    @Option(names = "--max-downtime-ms", paramLabel = "<ms>",
        description = "adaptive-hybrid: stop-and-copy once what is left can be sent within this at the last round's " +
            "rate, ms (default: ${bundle:default.maxDowntimeMs}).")
    private Long maxDowntimeMs;

    @Option(names = "--storage", paramLabel = "DIR",
        description = "Shared storage for parallel-hybrid's snapshot and the backup: a directory (default: a temporary " +
            "one per run; across two processes give both sides the same directory).")
    private String storageDir;

    @Option(names = "--storage-mbit", paramLabel = "<Mbit/s>",
        description = "Shared storage's rate for reads and writes, Mbit/s, 0 = as fast as the disk goes " +
            "(default: ${bundle:default.storageMbit}).")
    private Long storageMbit;

    @Option(names = "--backup", paramLabel = "<on|off>",
        description = "Save the pages post-copy still owes (PbData) to shared storage at the switch, so a link lost " +
            "during post-copy is survived (default: on for parallel-hybrid, off otherwise).")
    private String backup;

    @Option(names = "--link-timeout-ms", paramLabel = "<ms>",
        description = "Post-copy: give the link up after hearing nothing for this long while pages are owed, ms " +
            "(default: ${bundle:default.linkTimeoutMs}).")
    private Long linkTimeoutMs;

    @Option(names = "--cut-link-after-ms", paramLabel = "<ms>",
        description = "Fault injection in one process: the source dies this long after the switch to post-copy, " +
            "ms, 0 = never (default: ${bundle:default.cutLinkAfterMs}).")
    private Long cutLinkAfterMs;

    @Option(names = "--dirty-rate-mbit", paramLabel = "<Mbit/s>",
        description = "Pattern writer: rate at which the guest dirties memory, Mbit/s " +
            "(default: ${bundle:default.dirtyRateMbit}).")
    private Long dirtyRateMbit;

    @Option(names = "--dirty-schedule", paramLabel = "<rate@time,...>", description = ConfigOptions.DIRTY_SCHEDULE_HELP)
    private String dirtySchedule;

    @Option(names = "--writer-order", paramLabel = "<order>",
        converter = EnumOptions.WriterOrderConverter.class, completionCandidates = EnumOptions.WriterOrderNames.class,
        description = "Pattern writer: page order, ${COMPLETION-CANDIDATES} (default: ${bundle:default.writerOrder}).")
    private WriterOrder writerOrder;

    @Option(names = "--push", paramLabel = "<on|off|Mbit/s>", converter = EnumOptions.PushModeConverter.class,
        description = "Post-copy: push the pages nobody asked for: on (as fast as the link takes them), off (demand paging " +
            "and prefetch only, the VCSP paper's model: the run ends when the workload's pass is done and every " +
            "page it asked for is present), or a rate in Mbit/s below the link's (default: ${bundle:default.push}).")
    private PushMode push;

    private final Engine engine;
    private final Path resultsRoot;
    private final Clock clock;
    private final ResultWriter resultWriter = new ResultWriter();

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
        if (repeat < 1)
        {
            throw usage("--repeat must be at least 1, was " + repeat);
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
        final MigrationConfig.Builder b = MigrationConfig.builder();
        if (algorithm != null)
        {
            b.algorithm(algorithm);
        }
        if (throttlePercent != null)
        {
            b.throttlePercent(throttlePercent);
        }
        if (prefetchPages != null)
        {
            b.prefetchPages(prefetchPages);
        }
        if (workloadMiB != null)
        {
            b.workloadMiB(workloadMiB);
        }
        if (memoryMiB != null)
        {
            b.memoryMiB(memoryMiB);
        }
        if (pattern != null)
        {
            b.pattern(pattern);
        }
        if (link != null)
        {
            b.link(link);
        }
        if (bandwidthMbit != null)
        {
            b.bandwidthMbit(bandwidthMbit);
        }
        if (latencyUs != null)
        {
            b.latencyUs(latencyUs);
        }
        if (periodMs != null)
        {
            b.periodMs(periodMs);
        }
        if (seed != null)
        {
            b.seed(seed);
        }
        if (waitStrategy != null)
        {
            b.waitStrategy(waitStrategy);
        }
        if (faultTimeoutMs != null)
        {
            b.faultTimeoutMs(faultTimeoutMs);
        }
        if (runTimeoutMs != null)
        {
            b.runTimeoutMs(runTimeoutMs);
        }
        if (noCrc != null && noCrc)
        {
            b.checkCrc(false);
        }
        if (pushBatchPages != null)
        {
            b.pushBatchPages(pushBatchPages);
        }
        if (maxRounds != null)
        {
            b.maxRounds(maxRounds);
        }
        if (stopCopyKiB != null)
        {
            b.stopCopyKiB(stopCopyKiB);
        }
        if (jinC != null)
        {
            b.jinC(jinC);
        }
        if (hybridRounds != null)
        {
            b.hybridRounds(hybridRounds);
        }
        if (maxDowntimeMs != null)
        {
            b.maxDowntimeMs(maxDowntimeMs);
        }
        if (storageDir != null)
        {
            b.storageDir(storageDir);
        }
        if (storageMbit != null)
        {
            b.storageMbit(storageMbit);
        }
        if (backup != null)
        {
            b.backup(ConfigOptions.onOff("--backup", backup));
        }
        if (linkTimeoutMs != null)
        {
            b.linkTimeoutMs(linkTimeoutMs);
        }
        if (cutLinkAfterMs != null)
        {
            b.cutLinkAfterMs(cutLinkAfterMs);
        }
        if (dirtyRateMbit != null && dirtySchedule != null)
        {
            throw usage(ConfigOptions.BOTH_DIRTY_RATES);
        }
        if (dirtyRateMbit != null)
        {
            b.dirtyRateMbit(dirtyRateMbit);
        }
        if (dirtySchedule != null)
        {
            try
            {
                b.dirtySchedule(DirtySchedule.parse(dirtySchedule));
            }
            catch (final IllegalArgumentException ex)
            {
                throw usage(ex.getMessage());
            }
        }
        if (writerOrder != null)
        {
            b.writerOrder(writerOrder);
        }
        if (push != null)
        {
            b.push(push);
        }

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
