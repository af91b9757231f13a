package io.vcspbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The report of harness result folders ({@code vcsp report DIR...}, and the harness sweep of the
 * bench report): every {@code result.json} under each folder (a run, a run with repeats, or a
 * sweep), sections per folder so several sit side by side: its runs; where {@code postcopy} and
 * another post-copy algorithm ran, the VCSP paper's Table 3 from the per-workload medians beside
 * the published rows; workload throughput over time from each run's series; and where pre-copy
 * algorithms ran the {@code writer} pattern, downtime against the dirty rate; the analytic model
 * against the measurements ({@link ModelSection}); where a sweep spans two throttles E and two
 * prefetch sizes N, the E × N tuning surface ({@link TuningSurface}); where hybrids ran, Li and Cao
 * 2023's tables and time and data against k ({@link HybridSection}); and
 * across the folders the fault-latency CDF from each run's {@code fault-latency.hlog}. Reads files only;
 * stateless and thread-safe.
 */
public final class RunsReport
{
    /** Folders searched below each given folder for result.json (run, repeat-i, sweep run folders). */
    static final int MAX_DEPTH = 3;

    /** Most throughput-over-time charts per result folder; the scenarios past it are named, not drawn. */
    static final int MAX_TIME_CHARTS = 6;

    /** Windows shorter than this (the run's last, cut short by its end) are left out of the plots, ms. */
    static final double MIN_WINDOW_MS = 10;

    /** Most lines in one chart (the palette's size); the lines past it are named, not drawn. */
    static final int MAX_LINES = 10;

    /** The algorithms whose downtime is plotted against the dirty rate. */
    static final Set<String> PRECOPY_FAMILY = Set.of("precopy", "precopy-throttled", "auto-converge");

    /** The pattern that dirties memory at a set rate ({@code config.dirtyRateMbit}). */
    static final String WRITER = "writer";

    /** Config keys that tell the lines of a throughput chart apart; the other keys make its scenario. */
    private static final List<String> ARM_KEYS = List.of("algorithm", "throttlePercent", "prefetchPages", "hybridRounds");

    /** Config keys always named in a scenario's title. */
    private static final List<String> SCENARIO_KEYS = List.of("workloadMiB", "memoryMiB", "pattern", "link",
        "bandwidthMbit");

    /** A run's fault-latency HdrHistogram log beside its result.json, as the harness names it; values in ns. */
    static final String HLOG_FILE = "fault-latency.hlog";

    /** Title of the hybrid tables' section, before " in " and the folder's label. */
    public static final String HYBRID_TITLE = HybridSection.TITLE;

    /** Title of the hybrid-k section, time and data against k, before " in " and the folder's label. */
    public static final String HYBRID_K_TITLE = HybridSection.K_TITLE;

    /** Title of both documents of {@link #write}. */
    static final String TITLE = "vcsp-bench runs";

    private RunsReport()
    {
    }

    /**
     * A run's throughput series, 100 ms windows as {@code result.json}'s {@code series} has them;
     * the four arrays have the same length (zero when the run wrote none).
     *
     * @param tMs             end of each window since migration start, ms.
     * @param workloadMBps    guest work done in the window, MB/s.
     * @param linkMBps        bytes over the link in the window, MB/s.
     * @param cpuSharePercent the vCPU's CPU share in the window, %.
     */
    public record Series(double[] tMs, double[] workloadMBps, double[] linkMBps, double[] cpuSharePercent)
    {
        /** @return the number of windows. */
        public int size()
        {
            return tMs.length;
        }

        /**
         * @param minWindowMs the shortest window kept, ms.
         * @return the series without the windows shorter than that (a run's last window is cut short
         * by its end, and its rates over a few microseconds say nothing).
         */
        public Series withoutWindowsShorterThan(final double minWindowMs)
        {
            int n = 0;
            final boolean[] keep = new boolean[tMs.length];
            for (int i = 0; i < tMs.length; i++)
            {
                keep[i] = i == 0 || !(tMs[i] - tMs[i - 1] < minWindowMs);
                n += keep[i] ? 1 : 0;
            }
            final Series s = new Series(new double[n], new double[n], new double[n], new double[n]);
            for (int i = 0, j = 0; i < tMs.length; i++)
            {
                if (keep[i])
                {
                    s.tMs()[j] = tMs[i];
                    s.workloadMBps()[j] = workloadMBps[i];
                    s.linkMBps()[j] = linkMBps[i];
                    s.cpuSharePercent()[j] = cpuSharePercent[i];
                    j++;
                }
            }
            return s;
        }
    }

    /**
     * One run as its {@code result.json} has it. Immutable once read.
     *
     * @param folder   the run's folder relative to the folder given to the report ("." for itself).
     * @param config   every setting by its camelCase option name, values as text, in the file's order.
     * @param metrics  every scalar metric (fault latency as {@code faultLatencyP50Us}, {@code faultLatencyP99Us});
     *                 a metric the file has as null or not at all is absent.
     * @param mismatches pages that differed at the destination.
     * @param failure  why the run failed, or null.
     * @param series   the throughput series.
     * @param faultLatencyNs every interval histogram of the run's {@code fault-latency.hlog} merged, ns; null
     *                 when the folder has none (results older than the log, or a run that threw). Read it, do
     *                 not record into it.
     */
    public record Run(String folder, Map<String, String> config, Map<String, Double> metrics, long mismatches,
        String failure, Series series, Histogram faultLatencyNs)
    {
        /** @return the algorithm's CLI name. */
        public String algorithm()
        {
            return config.getOrDefault("algorithm", "");
        }

        /**
         * @param key a config key.
         * @return its value as text, "" when absent.
         */
        public String text(final String key)
        {
            return config.getOrDefault(key, "");
        }

        /**
         * @param key a config key.
         * @return its value as a number, NaN when absent or not a number.
         */
        public double number(final String key)
        {
            try
            {
                return Double.parseDouble(config.getOrDefault(key, ""));
            }
            catch (final NumberFormatException e)
            {
                return Double.NaN;
            }
        }

        /**
         * @param name a metric name from DESIGN.md, e.g. {@code downtimeMs}.
         * @return its value, NaN when absent.
         */
        public double metric(final String name)
        {
            final Double v = metrics.get(name);
            return v == null ? Double.NaN : v;
        }

        /** @return whether the run succeeded: no failure recorded (a mismatch is recorded as one). */
        public boolean succeeded()
        {
            return failure == null;
        }

        private long whole(final String key)
        {
            final double v = number(key);
            return Double.isNaN(v) ? 0 : (long)v;
        }
    }

    /**
     * Writes {@code report.md} and {@code index.html} into {@code out}.
     *
     * @param dirs result folders, each a labelled set.
     * @param out  where the report goes; created if missing.
     * @return the two files written.
     * @throws IOException if a folder cannot be read or the report written.
     * @throws IllegalArgumentException if a folder holds no result.json, naming it.
     */
    public static List<Path> write(final List<Path> dirs, final Path out) throws IOException
    {
        final List<Section> sections = sections(dirs);
        Files.createDirectories(out);
        final Path md = out.resolve("report.md");
        final Path html = out.resolve("index.html");
        Files.writeString(md, Markdown.render(TITLE, sections), StandardCharsets.UTF_8);
        Files.writeString(html, Html.render(TITLE, sections), StandardCharsets.UTF_8);
        return List.of(md, html);
    }

    /**
     * @param dirs result folders, in report order.
     * @return the report's sections: each folder's, then the fault-latency CDF with a line per folder where
     * any run's hlog holds faults.
     * @throws IOException if a folder cannot be read.
     */
    static List<Section> sections(final List<Path> dirs) throws IOException
    {
        final List<Section> sections = new ArrayList<>();
        final Map<String, List<Run>> byLabel = new LinkedHashMap<>();
        final List<String> names = dirs.stream().map(RunsReport::name).toList();
        for (final Path dir : dirs)
        {
            // Folders of one name (alpha/runs, beta/runs) are told apart by their parents', so the CDF's lines are too.
            final String name = name(dir);
            final String label = names.indexOf(name) != names.lastIndexOf(name) && dir.getParent() != null ?
                name(dir.getParent()) + "/" + name : name;
            final List<Run> runs = load(dir);
            byLabel.put(label, runs);
            sections.addAll(sections(label, dir.toString(), runs, true));
        }
        final Section cdf = FaultLatencyCdf.section(byLabel);
        if (cdf != null)
        {
            sections.add(cdf);
        }
        return sections;
    }

    private static String name(final Path dir)
    {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    /**
     * Every result.json under a folder, in path order.
     *
     * @param dir a run's or a sweep's folder, or one above them.
     * @return the runs.
     * @throws IOException if a file cannot be read or parsed.
     * @throws IllegalArgumentException if the folder is missing or holds no result.json, naming it.
     */
    public static List<Run> load(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException(dir + " is not a folder");
        }
        final ObjectMapper json = new ObjectMapper();
        final List<Run> runs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, MAX_DEPTH))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> f.getFileName().toString().equals("result.json"))
                .sorted()::iterator)
            {
                runs.add(parse(dir.relativize(file.getParent()).toString(), json.readTree(file.toFile()),
                    readHlog(file.resolveSibling(HLOG_FILE))));
            }
        }
        catch (final UncheckedIOException e)
        {
            throw e.getCause();
        }
        if (runs.isEmpty())
        {
            throw new IllegalArgumentException(dir + " holds no result.json (give run or sweep result folders)");
        }
        return runs;
    }

    /**
     * @param file a run's fault-latency.hlog, possibly missing.
     * @return its interval histograms merged, ns; null when the file is missing.
     * @throws IOException if it cannot be read or holds something other than integer histograms, naming it.
     */
    static Histogram readHlog(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        final Histogram merged = new Histogram(3);
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile()))
        {
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null)
            {
                if (!(interval instanceof Histogram h))
                {
                    throw new IOException(file + " holds a " + interval.getClass().getSimpleName() +
                        ", not integer ns histograms as the harness writes them");
                }
                merged.add(h);
            }
        }
        catch (final RuntimeException e)
        {
            // The reader reports a corrupt line or payload unchecked; say which file it was.
            throw new IOException(file + " is not a readable HdrHistogram log (" + e + "); delete or rewrite it", e);
        }
        return merged;
    }

    private static Run parse(final String folder, final JsonNode r, final Histogram faultLatencyNs)
    {
        final Map<String, String> config = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> c = r.path("config").fields();
        while (c.hasNext())
        {
            final Map.Entry<String, JsonNode> e = c.next();
            config.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
        final Map<String, Double> metrics = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> m = r.path("metrics").fields();
        while (m.hasNext())
        {
            final Map.Entry<String, JsonNode> e = m.next();
            if (e.getValue().isNumber())
            {
                metrics.put(e.getKey(), e.getValue().doubleValue());
            }
        }
        final JsonNode latency = r.path("metrics").path("faultLatencyUs");
        putNumber(metrics, "faultLatencyP50Us", latency.path("p50"));
        putNumber(metrics, "faultLatencyP99Us", latency.path("p99"));

        final JsonNode series = r.path("series");
        final int n = series.isArray() ? series.size() : 0;
        final Series s = new Series(new double[n], new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            final JsonNode w = series.get(i);
            s.tMs()[i] = number(w.path("tMs"));
            s.workloadMBps()[i] = number(w.path("workloadMBps"));
            s.linkMBps()[i] = number(w.path("linkMBps"));
            s.cpuSharePercent()[i] = number(w.path("cpuSharePercent"));
        }
        final JsonNode failure = r.path("failure");
        return new Run(folder.isEmpty() ? "." : folder, Collections.unmodifiableMap(config),
            Collections.unmodifiableMap(metrics), r.path("integrity").path("mismatches").asLong(),
            failure.isMissingNode() || failure.isNull() ? null : failure.asText(), s, faultLatencyNs);
    }

    private static void putNumber(final Map<String, Double> metrics, final String name, final JsonNode n)
    {
        if (n.isNumber())
        {
            metrics.put(name, n.doubleValue());
        }
    }

    private static double number(final JsonNode n)
    {
        return n.isNumber() ? n.doubleValue() : Double.NaN;
    }

    /**
     * The sections of one result folder: its runs (with Table 3 where it applies), throughput over
     * time, pre-copy downtime against dirty rate where such runs exist, the model against the
     * measurements where it applies ({@link ModelSection}), and the E × N tuning surface of each
     * scenario that spans two E and two N ({@link TuningSurface}).
     *
     * @param label  what the sections are titled by, e.g. the folder's name.
     * @param source where the runs came from, as the text should say it.
     * @param runs   the folder's runs.
     * @param table3 whether to add the Table 3 layout where it applies.
     * @return one section or more.
     */
    static List<Section> sections(final String label, final String source, final List<Run> runs, final boolean table3)
    {
        final List<Run> sorted = sorted(runs);
        final Section section = new Section("Runs in " + label)
            .text(runs.size() + " runs from " + source + "; ⚠ marks a failed run or an integrity mismatch.")
            .table(null, runsTable(sorted));

        final List<PaperTable3.Medians> medians = medians(sorted);
        if (table3 && comparable(medians))
        {
            final Map<String, List<PaperTable3.Medians>> one = new LinkedHashMap<>();
            one.put("", medians);
            section.table("Table 3 layout: improvement over postcopy, %", table3(one));
            section.text(TABLE3_NOTE);
        }
        final List<Section> sections = new ArrayList<>();
        sections.add(section);
        final Section time = throughputOverTime(label, sorted);
        if (time != null)
        {
            sections.add(time);
        }
        final Section precopy = downtimeAgainstDirtyRate(label, sorted);
        if (precopy != null)
        {
            sections.add(precopy);
        }
        final Section model = ModelSection.section(label, sorted);
        if (model != null)
        {
            sections.add(model);
        }
        sections.addAll(TuningSurface.sections(label, sorted));
        sections.addAll(HybridSection.sections(label, sorted));
        return sections;
    }

    /** How ours in the Table 3 layout were computed. */
    static final String TABLE3_NOTE = "ours: per workload the median of each metric over the runs of that algorithm, " +
        "improvement = (postcopy − algorithm) / postcopy × 100 (throughputs the other way round), then the mean over " +
        "the workloads where both ran, or the best of them (up to); runs are compared only within their push block; " +
        "positive = better than postcopy. paper: the VCSP paper's Table 3, under the columns defined as the paper " +
        "defines its metrics: downtime = switchover + stalls, total time = to the last page's arrival, pages = what " +
        "the fault requests brought, throughput = link MB/s in 0.1 s samples. The (ours) columns: total time to the " +
        "last page present, every page received, workload throughput.";

    private static List<Run> sorted(final List<Run> runs)
    {
        final List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(Run::algorithm).thenComparingLong(r -> r.whole("workloadMiB"))
            .thenComparingLong(r -> r.whole("throttlePercent")).thenComparingLong(r -> r.whole("prefetchPages"))
            .thenComparing(Run::folder));
        return sorted;
    }

    private static Table runsTable(final List<Run> sorted)
    {
        final Table table = new Table(List.of("run", "algorithm", "E", "N", "workload MiB", "memory MiB", "link",
            "downtime ms", "total ms", "pages", "faults", "p50 µs", "p99 µs", "throughput MB/s", "share %",
            "mismatches"), 7);
        for (final Run r : sorted)
        {
            final List<Table.Cell> row = table.addRow();
            row.add(Table.cell(r.folder()));
            row.add(Table.cell(r.algorithm()));
            for (final String key : List.of("throttlePercent", "prefetchPages", "workloadMiB", "memoryMiB"))
            {
                row.add(Table.cell(Long.toString(r.whole(key))));
            }
            row.add(Table.cell(r.text("link")));
            for (final String metric : List.of("downtimeMs", "totalMigrationTimeMs"))
            {
                row.add(Table.cell(Fmt.num(r.metric(metric))));
            }
            row.add(Table.cell(Fmt.whole(r.metric("pagesTransferred"))));
            row.add(Table.cell(Fmt.whole(r.metric("faults"))));
            for (final String metric : List.of("faultLatencyP50Us", "faultLatencyP99Us", "workloadThroughputMBps",
                "achievedCpuSharePercent"))
            {
                row.add(Table.cell(Fmt.num(r.metric(metric))));
            }
            row.add(Table.cell(Long.toString(r.mismatches()), r.mismatches() > 0 || !r.succeeded()));
        }
        return table;
    }

    /**
     * @param medians per algorithm and workload.
     * @return whether {@code postcopy} and another algorithm both have medians, so Table 3 says something.
     */
    static boolean comparable(final List<PaperTable3.Medians> medians)
    {
        return medians.stream().anyMatch(m -> m.algorithm().equals(PaperTable3.BASELINE)) &&
            medians.stream().anyMatch(m -> !m.algorithm().equals(PaperTable3.BASELINE));
    }

    /**
     * The Table 3 layout: per published algorithm the paper's row, then ours from each set of
     * medians, per push block, as the mean and the best workload.
     *
     * @param medians sets of medians by label; with one set labelled "" the rows say just "ours".
     * @return the table.
     */
    static Table table3(final Map<String, List<PaperTable3.Medians>> medians)
    {
        final Table t = new Table(PaperTable3.header(), 2);
        for (final List<String> row : PaperTable3.rows(medians))
        {
            final List<Table.Cell> cells = t.addRow();
            row.forEach(v -> cells.add(Table.cell(v)));
        }
        return t;
    }

    /**
     * @param runs runs in any order; failed ones are left out.
     * @return the median of each Table 3 metric per push block, algorithm and workload, in the runs' order.
     */
    static List<PaperTable3.Medians> medians(final List<Run> runs)
    {
        final Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (final Run r : sorted(runs))
        {
            if (r.succeeded())
            {
                groups.computeIfAbsent(pushBlock(r) + "\u0000" + r.algorithm() + "\u0000" + r.whole("workloadMiB"),
                    k -> new ArrayList<>()).add(r);
            }
        }
        final List<PaperTable3.Medians> medians = new ArrayList<>();
        for (final List<Run> g : groups.values())
        {
            final Map<String, Double> values = new LinkedHashMap<>();
            for (final String metric : PaperTable3.METRICS)
            {
                values.put(metric, median(g, r -> r.metric(metric)));
            }
            medians.add(new PaperTable3.Medians(g.get(0).algorithm(), pushBlock(g.get(0)),
                g.get(0).whole("workloadMiB") + " MiB", values));
        }
        return medians;
    }

    /**
     * @param r a run.
     * @return the Table 3 block it belongs to: "push off", "push on" (also for results older than
     * the push setting, which always pushed) or "push R Mbit/s".
     */
    static String pushBlock(final Run r)
    {
        final String push = r.text("push");
        if (push.isEmpty() || push.equals("on"))
        {
            return "push on";
        }
        return push.equals("off") ? "push off" : "push " + push + " Mbit/s";
    }

    /**
     * Workload throughput over time: the successful runs grouped into points (repeats share a
     * config), each point drawn from its median repeat by workload throughput, one chart per
     * scenario (every setting but algorithm, E and N) with a line per point.
     */
    private static Section throughputOverTime(final String label, final List<Run> sorted)
    {
        final Map<String, List<Run>> points = new LinkedHashMap<>();
        for (final Run r : sorted)
        {
            if (r.succeeded() && r.series().size() > 0)
            {
                points.computeIfAbsent(r.config().toString(), k -> new ArrayList<>()).add(r);
            }
        }
        if (points.isEmpty())
        {
            return null;
        }
        final Map<String, List<Run>> scenarios = new LinkedHashMap<>();
        for (final List<Run> repeats : points.values())
        {
            final Run median = medianRun(repeats);
            scenarios.computeIfAbsent(without(median.config(), ARM_KEYS).toString(), k -> new ArrayList<>()).add(median);
        }
        final List<Map<String, String>> scenarioConfigs = new ArrayList<>();
        scenarios.values().forEach(s -> scenarioConfigs.add(s.get(0).config()));
        final Set<String> varying = varying(scenarioConfigs, ARM_KEYS);

        final Section section = new Section("Throughput over time in " + label);
        section.text("Workload throughput (guest work done) and link throughput (bytes received, the VCSP paper's " +
            "\"throughput\", which it samples every 0.1 s) in 100 ms windows from each run's series: two charts per " +
            "scenario (every setting but algorithm, E and N), one line per point, drawn from the repeat with the median " +
            "workload throughput. The table gives each line's figures. Windows shorter than " + Fmt.whole(MIN_WINDOW_MS) +
            " ms (a run's last, cut short) are left out.");
        final Table table = new Table(List.of("scenario", "line", "run", "windows", "span ms", "workload MB/s median",
            "workload MB/s max", "link MB/s median", "CPU share % median"), 3);
        int charts = 0;
        final List<String> leftOut = new ArrayList<>();
        for (final List<Run> lines : scenarios.values())
        {
            final String scenario = scenarioText(lines.get(0), varying);
            if (charts == MAX_TIME_CHARTS)
            {
                leftOut.add(scenario);
                continue;
            }
            charts++;
            final LineChart chart = new LineChart("Workload throughput over time", "time since migration start, ms",
                "workload throughput, MB/s").subtitle(scenario);
            final LineChart link = new LineChart("Link throughput over time (the VCSP paper's \"throughput\")",
                "time since migration start, ms", "link throughput, MB/s").subtitle(scenario);
            int drawn = 0;
            for (final Run r : lines)
            {
                final String line = armText(r);
                final Series s = r.series().withoutWindowsShorterThan(MIN_WINDOW_MS);
                if (drawn++ < MAX_LINES)
                {
                    chart.addLine(line, s.tMs(), s.workloadMBps());
                    link.addLine(line, s.tMs(), s.linkMBps());
                }
                else
                {
                    leftOut.add(scenario + ": " + line);
                }
                final List<Table.Cell> row = table.addRow();
                row.addAll(List.of(Table.cell(scenario), Table.cell(line), Table.cell(r.folder()),
                    Table.cell(Integer.toString(s.size())), Table.cell(Fmt.num(s.tMs()[s.size() - 1])),
                    Table.cell(Fmt.num(median(s.workloadMBps()))), Table.cell(Fmt.num(max(s.workloadMBps()))),
                    Table.cell(Fmt.num(median(s.linkMBps()))), Table.cell(Fmt.num(median(s.cpuSharePercent())))));
            }
            section.chart(chart);
            section.chart(link);
        }
        if (!leftOut.isEmpty())
        {
            section.text("Not drawn (at most " + MAX_TIME_CHARTS + " charts of " + MAX_LINES + " lines): " +
                String.join("; ", leftOut) + ".");
        }
        return section.table(null, table);
    }

    /**
     * One line of the downtime-against-dirty-rate chart: the successful runs of one pre-copy algorithm on
     * the writer pattern that share every setting but the dirty rate and the seed.
     *
     * @param name   legend text: the algorithm, then key=value for each other setting that varies among the lines.
     * @param points the runs at each dirty rate, Mbit/s, in increasing order of rate.
     */
    record DirtyRateLine(String name, TreeMap<Double, List<Run>> points)
    {
        /** @return a run of the line, for the settings its runs share. */
        Run any()
        {
            return points.firstEntry().getValue().get(0);
        }
    }

    /**
     * @param r a run.
     * @return whether it is a pre-copy family run on the writer pattern with a dirty rate, one the
     * downtime-against-dirty-rate chart would draw if it succeeded.
     */
    static boolean onWriter(final Run r)
    {
        // A run on a dirty schedule has no one rate to sit at (its dirtyRateMbit is 0).
        return PRECOPY_FAMILY.contains(r.algorithm()) && WRITER.equals(r.text("pattern")) &&
            Double.isFinite(r.number("dirtyRateMbit")) && r.text("dirtySchedule").isEmpty();
    }

    /**
     * @param sorted runs in report order.
     * @return the successful {@link #onWriter} runs as lines, in the order of their first run.
     */
    static List<DirtyRateLine> dirtyRateLines(final List<Run> sorted)
    {
        final List<String> notLine = List.of("dirtyRateMbit", "seed");
        final Map<String, TreeMap<Double, List<Run>>> lines = new LinkedHashMap<>();
        final List<Map<String, String>> configs = new ArrayList<>();
        for (final Run r : sorted)
        {
            if (onWriter(r) && r.succeeded())
            {
                configs.add(r.config());
                lines.computeIfAbsent(without(r.config(), notLine).toString(), k -> new TreeMap<>())
                    .computeIfAbsent(r.number("dirtyRateMbit"), k -> new ArrayList<>()).add(r);
            }
        }
        final Set<String> varying = varying(configs, concat(notLine, List.of("algorithm")));
        final List<DirtyRateLine> named = new ArrayList<>();
        for (final TreeMap<Double, List<Run>> line : lines.values())
        {
            final Run any = line.firstEntry().getValue().get(0);
            final StringBuilder name = new StringBuilder(any.algorithm());
            for (final String key : varying)
            {
                name.append(' ').append(key).append('=').append(any.text(key));
            }
            named.add(new DirtyRateLine(name.toString(), line));
        }
        return named;
    }

    /**
     * Pre-copy downtime against the dirty rate: successful runs of the pre-copy family on the
     * writer pattern, one line per algorithm (and per any other setting that varies among them),
     * the median over repeats at each dirty rate, with Jin et al.'s migration barrier p* marked.
     */
    private static Section downtimeAgainstDirtyRate(final String label, final List<Run> sorted)
    {
        final List<DirtyRateLine> lines = dirtyRateLines(sorted);
        if (lines.isEmpty())
        {
            return null;
        }
        final long failed = sorted.stream().filter(r -> onWriter(r) && !r.succeeded()).count();
        final Set<Double> bandwidths = new LinkedHashSet<>();
        final List<Double> downtimes = new ArrayList<>();
        for (final DirtyRateLine line : lines)
        {
            line.points().values().forEach(runs -> runs.forEach(r ->
            {
                bandwidths.add(r.number("bandwidthMbit"));
                downtimes.add(r.metric("downtimeMs"));
            }));
        }
        final LineChart chart = DowntimeChart.of("median", bandwidths.size() == 1 ? bandwidths.iterator().next() :
            Double.NaN, downtimes.stream().mapToDouble(Double::doubleValue).toArray());
        final Table table = new Table(List.of("line", "bandwidth Mbit/s", "dirty rate Mbit/s", "% of bandwidth", "runs",
            "downtime ms", "total migration time ms", "pre-copy rounds", "stop-copy pages"), 1);
        int drawn = 0;
        final List<String> leftOut = new ArrayList<>();
        for (final DirtyRateLine line : lines)
        {
            final double linkMbit = line.any().number("bandwidthMbit");
            final double[] x = new double[line.points().size()];
            final double[] y = new double[line.points().size()];
            int i = 0;
            for (final Map.Entry<Double, List<Run>> at : line.points().entrySet())
            {
                final List<Run> repeats = at.getValue();
                x[i] = at.getKey();
                y[i] = median(repeats, r -> r.metric("downtimeMs"));
                i++;
                final List<Table.Cell> row = table.addRow();
                row.addAll(List.of(Table.cell(line.name()), Table.cell(Fmt.whole(linkMbit)),
                    Table.cell(Fmt.whole(at.getKey())),
                    Table.cell(DowntimeChart.percentOfLink(at.getKey(), linkMbit)),
                    Table.cell(Integer.toString(repeats.size())), Table.cell(Fmt.num(y[i - 1])),
                    Table.cell(Fmt.num(median(repeats, r -> r.metric("totalMigrationTimeMs")))),
                    Table.cell(Fmt.whole(median(repeats, r -> r.metric("precopyRounds")))),
                    Table.cell(Fmt.whole(median(repeats, r -> r.metric("stopCopyPages"))))));
            }
            if (drawn++ < MAX_LINES)
            {
                chart.addLine(line.name(), x, y);
            }
            else
            {
                leftOut.add(line.name());
            }
        }
        final boolean marked = ModelSection.markBarriers(chart, lines);
        final Section section = new Section("Pre-copy downtime against dirty rate in " + label);
        section.text("Runs of " + String.join(", ", new TreeSet<>(PRECOPY_FAMILY)) + " on the `" + WRITER +
            "` pattern, which dirties guest memory at `dirtyRateMbit`: the median over repeats at each dirty rate of " +
            "downtime (the stop-and-copy pause), total migration time, pre-copy rounds and pages sent in stop-and-copy." +
            (marked ? " The dashed vertical line is the model's migration barrier p*, with plain precopy's measured " +
                "knee beside it (both in the model section)." : "") +
            (failed > 0 ? " Left out: " + failed + " failed " + (failed == 1 ? "run." : "runs.") : "") +
            (leftOut.isEmpty() ? "" : " Not drawn (at most " + MAX_LINES + " lines): " + String.join("; ", leftOut) + "."));
        return section.chart(chart).table(null, table);
    }

    private static String armText(final Run r)
    {
        return r.algorithm() + (r.algorithm().equals("hybrid-k") ? " k=" + r.whole("hybridRounds") : "") + " E=" +
            r.whole("throttlePercent") + " N=" + r.whole("prefetchPages");
    }

    /**
     * @param r       a run of the scenario.
     * @param varying config keys that tell the scenarios of a report apart; those not always named are added.
     * @return the scenario as a title says it: workload of memory, pattern, link, bandwidth, then key=value.
     */
    static String scenarioText(final Run r, final Set<String> varying)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(r.text("workloadMiB")).append(" of ").append(r.text("memoryMiB")).append(" MiB, ")
            .append(r.text("pattern")).append(", ").append(r.text("link")).append(", ")
            .append(r.text("bandwidthMbit")).append(" Mbit/s");
        for (final String key : varying)
        {
            if (!SCENARIO_KEYS.contains(key))
            {
                sb.append(", ").append(key).append('=').append(r.text(key));
            }
        }
        return sb.toString();
    }

    /** The repeat with the median workload throughput (the lower of the two middle ones). */
    private static Run medianRun(final List<Run> repeats)
    {
        final List<Run> byThroughput = new ArrayList<>(repeats);
        byThroughput.sort(Comparator.comparingDouble(r -> r.metric("workloadThroughputMBps")));
        return byThroughput.get((byThroughput.size() - 1) / 2);
    }

    /**
     * @param config a run's config.
     * @param keys   keys to leave out.
     * @return a copy of the config without them, in its order.
     */
    static Map<String, String> without(final Map<String, String> config, final List<String> keys)
    {
        final Map<String, String> m = new LinkedHashMap<>(config);
        keys.forEach(m::remove);
        return m;
    }

    /** The config keys, other than those excluded, with more than one value among the configs, in first-seen order. */
    static Set<String> varying(final List<Map<String, String>> configs, final List<String> excluded)
    {
        final Set<String> keys = new LinkedHashSet<>();
        configs.forEach(c -> keys.addAll(c.keySet()));
        keys.removeAll(excluded);
        keys.removeIf(k -> configs.stream().map(c -> c.getOrDefault(k, "")).distinct().count() < 2);
        return keys;
    }

    /**
     * @param runs   runs.
     * @param metric what to take of each.
     * @return the median of its finite values, NaN when there is none.
     */
    static double median(final List<Run> runs, final ToDoubleFunction<Run> metric)
    {
        return median(runs.stream().mapToDouble(metric).toArray());
    }

    /** @return the median of the finite values, NaN when there is none. */
    static double median(final double[] values)
    {
        final double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0)
        {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double max(final double[] values)
    {
        return Arrays.stream(values).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    private static List<String> concat(final List<String> a, final List<String> b)
    {
        final List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}
