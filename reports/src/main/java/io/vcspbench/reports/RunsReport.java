package io.vcspbench.reports;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * across the folders the changes against the first folder, point by point, with whether each is real
 * ({@link RunsChangesSection}), and the fault-latency CDF from each run's {@code fault-latency.hlog}. Reads files only;
 * stateless and thread-safe. {@link RunFolders} loads the folders; each section is a class of its own,
 * listed in order by {@link #sections(String, String, List, boolean)}.
 */
public final class RunsReport
{
    /** Most lines in one chart (the palette's size); the lines past it are named, not drawn. */
    static final int MAX_LINES = 10;

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

    /** A run's {@code mismatches} when its result.json has no integrity section: shown as missing, never as 0. */
    public static final long MISSING = -1;

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

        long whole(final String key)
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
     * @return the report's sections: each folder's, then with two folders or more the changes of each
     * against the first ({@link RunsChangesSection}), then the fault-latency CDF with a line per folder
     * where any run's hlog holds faults.
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
        final Section changes = RunsChangesSection.section("Changes between result folders", byLabel);
        if (changes != null)
        {
            sections.add(changes);
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
     * Every result.json under a folder, in path order ({@link RunFolders#load}).
     *
     * @param dir a run's or a sweep's folder, or one above them.
     * @return the runs.
     * @throws IOException if a file cannot be read or parsed.
     * @throws IllegalArgumentException if the folder is missing or holds no result.json, naming it.
     */
    public static List<Run> load(final Path dir) throws IOException
    {
        return RunFolders.load(dir);
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
        final List<Run> sorted = Runs.sorted(runs);
        final List<Section> sections = new ArrayList<>();
        sections.add(RunsTableSection.section(label, source, sorted, table3));
        sections.add(ThroughputOverTimeSection.section(label, sorted));
        sections.add(DirtyRateSection.section(label, sorted));
        sections.add(ModelSection.section(label, sorted));
        sections.addAll(TuningSurface.sections(label, sorted));
        sections.addAll(HybridSection.sections(label, sorted));
        sections.removeIf(Objects::isNull);
        return sections;
    }
}
