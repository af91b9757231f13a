package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Runs a sweep's runs, one after another, each into its own folder: the warm-up, then each run
 * recorded by the {@link ResultWriter}, appended to {@code runs.csv} and counted on its point, with
 * the progress display and a shutdown hook that says what finished when the sweep is interrupted. A
 * failed run is recorded and the sweep goes on. Not thread-safe: one sweep at a time.
 */
final class SweepRunner
{
    /**
     * One run of the sweep.
     *
     * @param point  its point.
     * @param repeat which repeat, from 1.
     * @param folder its result folder.
     */
    record Run(SweepPoint point, int repeat, Path folder)
    {
    }

    /**
     * What the runs came to.
     *
     * @param done   runs that finished, failed ones included.
     * @param failed runs that failed.
     * @param error  why {@code runs.csv} could not be written (the sweep stopped there), or null.
     */
    record Outcome(int done, int failed, String error)
    {
    }

    private final Engine engine;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final int warmup;
    private final ResultWriter resultWriter = new ResultWriter();

    /**
     * @param engine   runs one migration.
     * @param clock    stamps runs.
     * @param nanoTime the progress display's clock.
     * @param warmup   unrecorded runs of the first point before the first recorded run.
     */
    SweepRunner(final Engine engine, final Clock clock, final LongSupplier nanoTime, final int warmup)
    {
        this.engine = engine;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.warmup = warmup;
    }

    /**
     * Runs a point {@code warmup} times, recording nothing, so that the first recorded run does not pay
     * for JIT compilation.
     *
     * @param point  the point, the first to be recorded.
     * @param stdout where each warm-up run's outcome is said.
     */
    void warmUp(final SweepPoint point, final PrintWriter stdout)
    {
        warmUp(point.config(), point.number(), stdout);
    }

    /**
     * Runs every run in order (after {@link #warmUp}).
     *
     * @param runs         the runs, in the order to run them; not empty.
     * @param points       how many points the whole grid has, for the progress text.
     * @param repeats      repeats per point, for the progress text.
     * @param varying      the config keys that vary, for the progress text.
     * @param folder       the sweep folder, where {@code runs.csv} goes.
     * @param showProgress whether to redraw a progress bar rather than print a line per run.
     * @param stdout       where progress goes.
     * @param stderr       where the interruption notice goes.
     * @return how many ran and failed, and why the sweep stopped early if it did.
     */
    Outcome run(
        final List<Run> runs,
        final int points,
        final int repeats,
        final List<String> varying,
        final Path folder,
        final boolean showProgress,
        final PrintWriter stdout,
        final PrintWriter stderr)
    {
        final Environment environment = Environment.capture();
        final AtomicInteger done = new AtomicInteger();
        final AtomicBoolean complete = new AtomicBoolean();
        int failed = 0;
        try (RunsCsv csv = new RunsCsv(folder.resolve(RunsCsv.FILE));
             SweepProgress progress = new SweepProgress(showProgress, stdout, stderr, nanoTime, runs.size(),
                 SweepProgress.terminalColumns(), true))
        {
            final Thread hook = interruptedHook(progress, stderr, folder, done, runs.size(), complete);
            try
            {
                for (final Run run : runs)
                {
                    final SweepPoint point = run.point();
                    final String settings = SweepSummaries.settings(point.config(), varying);
                    final String what = "point " + point.number() + "/" + points +
                        (settings.isEmpty() ? "" : " " + settings) + ", repeat " + run.repeat() + "/" + repeats;
                    progress.started(what);
                    final RunOutcome outcome = runOnce(point.config(), environment, run.folder());
                    csv.append(point.config(), run.repeat(), outcome.failure(), outcome.metrics());
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
            finally
            {
                complete.set(true);
                removeHook(hook);
            }
        }
        catch (final IOException ex)
        {
            return new Outcome(done.get(), failed, "cannot write " + folder.resolve(RunsCsv.FILE) + " (" +
                OneLineErrors.oneLine(ex) + ")");
        }
        return new Outcome(done.get(), failed, null);
    }

    private void warmUp(final MigrationConfig config, final int point, final PrintWriter stdout)
    {
        for (int i = 1; i <= warmup; i++)
        {
            stdout.print("warm-up " + i + "/" + warmup + " (point " + point + ", not recorded) ... ");
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
        return "downtime " + SweepSummaries.num(metrics.get("downtimeMs")) + " ms, total " + SweepSummaries.num(metrics.get("totalMigrationTimeMs")) +
            " ms, throughput " + SweepSummaries.num(metrics.get("workloadThroughputMBps")) + " MB/s";
    }
}
