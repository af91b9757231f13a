package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.reports.PaperTable3;
import io.vcspbench.reports.RunsReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a sweep writes and prints once its runs are done, from its points' results alone: the table
 * of medians, {@code points.csv}, the best point for {@code --optimize}, a preset's Table 3 or barrier
 * table, and the report. The same summaries come out of a sweep run on one machine and of its shards
 * merged by {@code vcsp report}, since both hand this class the same points. Not thread-safe.
 */
final class SweepSummaries
{
    private final SweepPreset preset;
    private final SweepObjective optimize;

    /**
     * @param preset   the sweep's preset, or null.
     * @param optimize what {@code --optimize} asked for, or null.
     */
    SweepSummaries(final SweepPreset preset, final SweepObjective optimize)
    {
        this.preset = preset;
        this.optimize = optimize;
    }

    void report(
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
            writePoints(folder.resolve(SweepCommand.POINTS_FILE), points);
        }
        catch (final IOException | RuntimeException ex)
        {
            stderr.println("vcsp sweep: cannot write " + folder.resolve(SweepCommand.POINTS_FILE) + ": " + OneLineErrors.oneLine(ex));
        }

        if (optimize != null)
        {
            stdout.println();
            printOptimum(stdout, points, varying);
        }

        // The tune preset's summary is the report's tuning surface.
        if (preset == SweepPreset.BARRIER || preset != null && preset.table3())
        {
            final String file = preset.table3() ? SweepCommand.TABLE3_FILE : SweepCommand.BARRIER_FILE;
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
        for (int i = 0; i < Math.min(SweepCommand.OPTIMIZE_ROWS, ranked.size()); i++)
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

    static String num(final Object value)
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
}
