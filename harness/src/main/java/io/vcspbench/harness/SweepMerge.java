package io.vcspbench.harness;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Merges the folders of a sweep's shards ({@code sweep --shard K/N}, one per machine) into the sweep's
 * folder as one machine would have written it: every run's folder, {@code runs.csv} in grid order,
 * then the summaries and the report of {@link SweepSummaries}, from the same points. The grid is
 * re-derived from the shards' manifests, which must agree. Not thread-safe.
 */
final class SweepMerge
{
    private SweepMerge()
    {
    }

    /**
     * @param dirs folders given to {@code vcsp report}.
     * @return whether they are the shards of one sweep (each holds a manifest, one at least a shard of
     *         more than one), which {@code vcsp report} merges rather than puts side by side.
     * @throws IOException when a manifest cannot be read.
     */
    static boolean areShards(final List<Path> dirs) throws IOException
    {
        boolean sliced = false;
        for (final Path dir : dirs)
        {
            if (!SweepShard.hasManifest(dir))
            {
                return false;
            }
            sliced |= !SweepShard.read(dir).shard().whole();
        }
        return sliced;
    }

    /**
     * Writes the merged sweep into {@code out}.
     *
     * @param dirs   the shards' folders, one per shard, in any order.
     * @param out    the merged sweep's folder: new or empty.
     * @param stdout where the summaries are printed.
     * @param stderr where problems are printed.
     * @return 0 when every run of every shard succeeded, 1 when one failed.
     * @throws IllegalArgumentException when the folders are not every shard of one sweep, once each.
     * @throws IOException when a file cannot be read or written.
     */
    static int merge(final List<Path> dirs, final Path out, final PrintWriter stdout, final PrintWriter stderr)
        throws IOException
    {
        final Map<Integer, Path> byShard = new TreeMap<>();
        SweepShard.Manifest first = null;
        for (final Path dir : dirs)
        {
            final SweepShard.Manifest m = SweepShard.read(dir);
            if (first == null)
            {
                first = m;
            }
            else if (!m.args().equals(first.args()) || m.shard().count() != first.shard().count())
            {
                throw new IllegalArgumentException(dir + " is a shard of another sweep than " + dirs.get(0) +
                    " (its options or shard count differ); give the shards of one sweep");
            }
            final Path taken = byShard.putIfAbsent(m.shard().index(), dir);
            if (taken != null)
            {
                throw new IllegalArgumentException(dir + " and " + taken + " are both shard " + m.shard() + "; give each once");
            }
        }
        final int count = first.shard().count();
        final List<String> missing = new ArrayList<>();
        for (int k = 1; k <= count; k++)
        {
            if (!byShard.containsKey(k))
            {
                missing.add(k + "/" + count);
            }
        }
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("shard " + String.join(", ", missing) + " missing: give the folder of " +
                "every shard of the sweep");
        }

        final SweepCommand.Plan plan = plan(first.args());
        if (plan.points().size() != first.points() || plan.repeats() != first.repeats())
        {
            throw new IllegalArgumentException("the shards' options give " + plan.points().size() + " points x " +
                plan.repeats() + " repeats here, their manifests say " + first.points() + " x " + first.repeats() +
                "; merge with the vcsp version that ran them");
        }

        final List<Path> planned = new ArrayList<>();
        for (final SweepPoint p : plan.points())
        {
            for (int r = 1; r <= plan.repeats(); r++)
            {
                planned.add(out.resolve(SweepCommand.runName(p, r, plan.digits())));
            }
        }
        if (Files.exists(out.resolve(RunsCsv.FILE)))
        {
            throw new IllegalArgumentException("--out " + out + " already holds a sweep; give a new or empty folder");
        }
        final String reason = ResultFolders.prepareOut(out, planned);
        if (reason != null)
        {
            throw new IllegalArgumentException(reason);
        }

        // Rows by (point, repeat), found by their config cells: what runs.csv holds of the point.
        final Map<List<String>, SweepPoint> pointByCells = new HashMap<>();
        plan.points().forEach(p -> pointByCells.put(RunsCsv.configCells(p.config()), p));
        final int keys = RunsCsv.CONFIG_KEYS.size();
        final TreeMap<Long, List<String>> rows = new TreeMap<>();
        for (final Map.Entry<Integer, Path> shard : byShard.entrySet())
        {
            final Path dir = shard.getValue();
            final List<List<String>> csv = RunsCsv.read(dir.resolve(RunsCsv.FILE));
            for (final List<String> row : csv.subList(Math.min(1, csv.size()), csv.size()))
            {
                final SweepPoint point = row.size() > keys ? pointByCells.get(row.subList(0, keys)) : null;
                if (point == null || !new SweepShard(shard.getKey(), count).owns(point))
                {
                    throw new IllegalArgumentException(dir.resolve(RunsCsv.FILE) + " has a run that is not of shard " +
                        shard.getKey() + "/" + count + " of this grid");
                }
                final int repeat;
                try
                {
                    repeat = Integer.parseInt(row.get(keys));
                }
                catch (final NumberFormatException e)
                {
                    throw new IllegalArgumentException(dir.resolve(RunsCsv.FILE) + " has a repeat '" + row.get(keys) +
                        "' that is not a number; the file is damaged");
                }
                if (rows.putIfAbsent((long)point.number() * 1_000_000L + repeat, row) != null)
                {
                    throw new IllegalArgumentException(dir.resolve(RunsCsv.FILE) + " repeats the run of point " +
                        point.number() + ", repeat " + repeat + "; give each shard's folder once");
                }
                copyTree(dir.resolve(SweepCommand.runName(point, repeat, plan.digits())),
                    out.resolve(SweepCommand.runName(point, repeat, plan.digits())));
            }
        }

        int failed = 0;
        try (RunsCsv csv = new RunsCsv(out.resolve(RunsCsv.FILE)))
        {
            for (final Map.Entry<Long, List<String>> e : rows.entrySet())
            {
                final List<String> row = e.getValue();
                csv.appendCells(row);
                final SweepPoint point = plan.points().get((int)(e.getKey() / 1_000_000L) - 1);
                if (RunsCsv.OK.equals(row.get(keys + 1)))
                {
                    point.succeeded(metrics(row, keys + 3));
                }
                else
                {
                    point.failed();
                    failed++;
                }
            }
        }
        SweepShard.write(out, new SweepShard.Manifest(first.args(), SweepShard.WHOLE, first.points(), first.repeats()));

        final int total = plan.points().size() * plan.repeats();
        stdout.println("merged " + count + " shards: " + rows.size() + " of " + total + " runs into " + out);
        new SweepSummaries(plan.preset(), plan.optimize()).report(plan.points(), plan.varying(), plan.repeats(), out,
            stdout, stderr);
        if (rows.size() < total)
        {
            stderr.println((total - rows.size()) + " of " + total + " runs are missing from the shards (interrupted?); " +
                "the medians are over the runs that finished");
        }
        stdout.flush();
        stderr.flush();
        return failed == 0 ? 0 : OneLineErrors.FAILED;
    }

    private static SweepCommand.Plan plan(final List<String> args)
    {
        final CommandLine commandLine = SweepCommand.commandLine(Engine.PRODUCTION, Paths.get("results"),
            Clock.systemDefaultZone());
        try
        {
            commandLine.parseArgs(args.toArray(new String[0]));
            return ((SweepCommand)commandLine.getCommand()).plan();
        }
        catch (final CommandLine.ParameterException ex)
        {
            throw new IllegalArgumentException("the shards' options (" + String.join(" ", args) + ") do not make a " +
                "grid here: " + OneLineErrors.reason(ex));
        }
    }

    private static Map<String, Object> metrics(final List<String> row, final int from)
    {
        final Map<String, Object> metrics = new HashMap<>();
        for (int i = 0; i < RunsCsv.METRIC_KEYS.size() && from + i < row.size(); i++)
        {
            final String cell = row.get(from + i);
            if (!cell.isEmpty())
            {
                try
                {
                    metrics.put(RunsCsv.METRIC_KEYS.get(i), Double.valueOf(cell));
                }
                catch (final NumberFormatException ex)
                {
                    // A text metric: the summaries read numbers only.
                    metrics.put(RunsCsv.METRIC_KEYS.get(i), cell);
                }
            }
        }
        return metrics;
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        if (!Files.isDirectory(from))
        {
            return; // a run whose folder was lost: runs.csv still says what it did
        }
        try (Stream<Path> walk = Files.walk(from))
        {
            walk.sorted(Comparator.naturalOrder()).forEach(source ->
            {
                try
                {
                    Files.copy(source, to.resolve(from.relativize(source).toString()));
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
    }
}
