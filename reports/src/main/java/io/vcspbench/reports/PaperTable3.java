package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The VCSP paper's Table 3, the improvement of each algorithm over {@code postcopy}, with the
 * paper's published row beside ours. Each metric is shown under two definitions, the paper's and
 * ours (see {@link #COLUMNS}), and ours under two aggregations over the workloads: the mean and the
 * best workload (the paper's "up to"). Runs of different push modes (the paper's demand-paging
 * model with the push off, QEMU's with it on) are compared within their own block, never across.
 * A pure function of per-algorithm medians, so that {@code vcsp sweep --preset} and
 * {@code vcsp report} render the same table. Stateless and thread-safe.
 *
 * <p>Sign convention: positive is better than {@code postcopy}: less downtime, less time, fewer
 * pages, more throughput. The improvement is computed per workload from the medians, then either
 * averaged (unweighted, so every workload size counts once) or maximised over the workloads where
 * both the algorithm and {@code postcopy} have a median.
 */
public final class PaperTable3
{
    /** The algorithm every other one is compared with. */
    public static final String BASELINE = "postcopy";

    /**
     * One column of the table.
     *
     * @param metric         the result.json metric it is computed from.
     * @param title          its header.
     * @param definition     what the metric is, for the caption.
     * @param higherIsBetter true for throughputs.
     * @param paperIndex     which of the paper's four published figures it sits under, or -1 for ours alone.
     * @param minBaseline    the least {@code postcopy} median a % is taken of; below it (a handful of pages) a
     *                       change of one page reads as tens of % and the column shows no figure for that workload.
     */
    public record Column(String metric, String title, String definition, boolean higherIsBetter, int paperIndex,
        double minBaseline)
    {
    }

    /**
     * The least {@code postcopy} page count a % is taken of: with the push on, the push brings nearly
     * every page and postcopy's own requests bring 0 to 2, so a % of those says nothing.
     */
    public static final double MIN_PAGES_BASELINE = 100;

    /**
     * The columns: downtime (one definition serves both), then the paper's definitions of total
     * time, pages and throughput, under which the published figures sit, then ours.
     */
    public static final List<Column> COLUMNS = List.of(
        new Column("downtimeMs", "downtime",
            "switchover pause + fault stalls, the prefetched pages' wait included (the paper: \"those times when CPU " +
            "remains idle for achieving data\", prefetching added)", false, 0, 0),
        new Column("lastPageMs", "total time (paper)",
            "switchover to the last page's arrival (\"to the time when the last page is transferred\")", false, 1, 0),
        new Column("pagesByRequests", "pages (paper)",
            "pages the fault requests brought, faulting and prefetched (\"counting page faults and page crowd\")",
            false, 2, MIN_PAGES_BASELINE),
        new Column("linkThroughputSampledMBps", "throughput (paper)",
            "link MB/s, the mean of 0.1 s samples over the migration (\"the rate of transferred data in the time unit\")",
            true, 3, 0),
        new Column("totalMigrationTimeMs", "total time (ours)",
            "switchover to the last page present (push off: to the end of the workload's pass)", false, -1, 0),
        new Column("pagesTransferred", "pages (ours)", "every page payload received, pushed ones included", false, -1,
            MIN_PAGES_BASELINE),
        new Column("workloadThroughputMBps", "throughput (ours)", "guest bytes the workload processed per second",
            true, -1, 0));

    /** The metric names of {@link #COLUMNS}, in order. */
    public static final List<String> METRICS = COLUMNS.stream().map(Column::metric).toList();

    /** The two aggregations of ours over the workloads. */
    public static final List<String> AGGREGATIONS = List.of("mean", "up to");

    /**
     * The paper's Table 3 as published, improvement over post-copy in %, in its row order and in
     * the order of its columns (downtime, total migration time, pages transferred, throughput); the
     * figures are kept as printed (two of the rows are given to two decimals, one in whole numbers).
     */
    public static final List<Published> PAPER = List.of(
        new Published("postcopy-prefetch", List.of("-2", "23", "41", "4")),
        new Published("vcsp", List.of("-16", "-17", "-65", "10")),
        new Published("vcsp-prefetch", List.of("8.17", "30.33", "54.49", "23.65")));

    private static final String NONE = Fmt.NONE;

    private PaperTable3()
    {
    }

    /**
     * The medians of one algorithm's runs on one workload.
     *
     * @param algorithm the algorithm's CLI name, e.g. "vcsp-prefetch".
     * @param block     the comparison the runs belong to, e.g. "push off"; algorithms are compared within a block.
     * @param workload  what it ran, as a label such as "32 MiB"; algorithms are compared per workload.
     * @param values    median per metric name; a metric the runs did not report is absent or NaN.
     */
    public record Medians(String algorithm, String block, String workload, Map<String, Double> values)
    {
        /**
         * @param metric a metric name.
         * @return its median, NaN when absent.
         */
        public double get(final String metric)
        {
            final Double v = values.get(metric);
            return v == null ? Double.NaN : v;
        }
    }

    /**
     * One row of the paper's table.
     *
     * @param algorithm the CLI name of the algorithm the row is about.
     * @param percent   the four improvements as printed in the paper, in its column order.
     */
    public record Published(String algorithm, List<String> percent)
    {
    }

    /**
     * Our improvement of one algorithm over {@code postcopy} within one block.
     *
     * @param algorithm the algorithm.
     * @param mean      per column of {@link #COLUMNS}, the mean over workloads, %, NaN where no workload allows one.
     * @param best      per column, the best workload's improvement ("up to"), %, NaN likewise.
     * @param workloads per column, how many workloads the figures are over.
     */
    public record Improvement(String algorithm, double[] mean, double[] best, int[] workloads)
    {
    }

    /**
     * @param baseline       the {@code postcopy} median.
     * @param value          the algorithm's median.
     * @param higherIsBetter true for throughput, false for downtime, time and pages.
     * @return the improvement in %, positive when better, or NaN when the baseline is zero or either is not finite.
     */
    public static double improvementPercent(final double baseline, final double value, final boolean higherIsBetter)
    {
        if (!Double.isFinite(baseline) || !Double.isFinite(value) || baseline == 0)
        {
            return Double.NaN;
        }
        final double gain = higherIsBetter ? value - baseline : baseline - value;
        return gain / Math.abs(baseline) * 100.0;
    }

    /**
     * @param medians   medians of one block, {@code postcopy} among them.
     * @param algorithm the algorithm to compare with {@code postcopy}.
     * @return per column the mean and the best of its per-workload improvements.
     */
    public static Improvement improvement(final List<Medians> medians, final String algorithm)
    {
        final Map<String, Medians> baseline = byWorkload(medians, BASELINE);
        final Map<String, Medians> other = byWorkload(medians, algorithm);
        final int columns = COLUMNS.size();
        final double[] sum = new double[columns];
        final double[] best = new double[columns];
        final int[] count = new int[columns];
        java.util.Arrays.fill(best, Double.NaN);
        for (final Map.Entry<String, Medians> e : other.entrySet())
        {
            final Medians base = baseline.get(e.getKey());
            if (base == null)
            {
                continue;
            }
            for (int c = 0; c < columns; c++)
            {
                final Column column = COLUMNS.get(c);
                final double from = base.get(column.metric());
                final double percent = from < column.minBaseline() ? Double.NaN :
                    improvementPercent(from, e.getValue().get(column.metric()), column.higherIsBetter());
                if (!Double.isNaN(percent))
                {
                    sum[c] += percent;
                    best[c] = Double.isNaN(best[c]) ? percent : Math.max(best[c], percent);
                    count[c]++;
                }
            }
        }

        final double[] mean = new double[columns];
        for (int c = 0; c < columns; c++)
        {
            mean[c] = count[c] == 0 ? Double.NaN : sum[c] / count[c];
        }
        return new Improvement(algorithm, mean, best, count);
    }

    /** @return the header of the table's rows: algorithm, source, then one per column. */
    public static List<String> header()
    {
        final List<String> header = new ArrayList<>(List.of("algorithm", "source"));
        COLUMNS.forEach(c -> header.add(c.title()));
        return header;
    }

    /**
     * The table's rows: for each of the paper's algorithms its published row, then ours for every
     * set and block (mean, then "up to"); then ours for any other algorithm present.
     *
     * @param sets medians by set label (e.g. a JVM configuration); with one set labelled "" the rows
     *             name only the block.
     * @return rows of {@link #header()}'s width.
     */
    public static List<List<String>> rows(final Map<String, List<Medians>> sets)
    {
        final Set<String> algorithms = new LinkedHashSet<>();
        sets.values().forEach(list -> list.forEach(m -> algorithms.add(m.algorithm())));
        final List<List<String>> rows = new ArrayList<>();
        final List<String> named = new ArrayList<>();
        for (final Published p : PAPER)
        {
            named.add(p.algorithm());
            final List<String> paper = new ArrayList<>(List.of(p.algorithm(), "paper"));
            for (final Column c : COLUMNS)
            {
                paper.add(c.paperIndex() >= 0 ? p.percent().get(c.paperIndex()) : NONE);
            }
            rows.add(paper);
            oursRows(rows, sets, p.algorithm());
        }
        for (final String algorithm : algorithms)
        {
            if (!algorithm.equals(BASELINE) && !named.contains(algorithm))
            {
                oursRows(rows, sets, algorithm);
            }
        }
        return rows;
    }

    /**
     * Renders the table in Markdown with its caption and the medians behind it.
     *
     * @param medians medians of every algorithm on every workload, in the order to show them.
     * @return Markdown, ending with a newline.
     */
    public static String render(final List<Medians> medians)
    {
        final Set<String> workloads = new LinkedHashSet<>();
        boolean baselinePresent = false;
        for (final Medians m : medians)
        {
            workloads.add(m.workload());
            baselinePresent |= m.algorithm().equals(BASELINE);
        }

        final StringBuilder md = new StringBuilder();
        md.append("## Table 3: improvement over ").append(BASELINE).append(", %\n\n");
        final List<String> header = header();
        md.append("| ").append(String.join(" | ", header)).append(" |\n");
        md.append("|---|---|").append("---:|".repeat(COLUMNS.size())).append('\n');
        final Map<String, List<Medians>> one = new LinkedHashMap<>();
        one.put("", medians);
        for (final List<String> row : rows(one))
        {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append('\n').append(caption(workloads, baselinePresent)).append('\n');

        md.append("\n### Medians per workload\n\n");
        md.append("| block | workload | algorithm | ");
        md.append(String.join(" | ", METRICS)).append(" |\n");
        md.append("|---|---|---|").append("---:|".repeat(COLUMNS.size())).append('\n');
        for (final Medians m : medians)
        {
            md.append("| ").append(m.block()).append(" | ").append(m.workload()).append(" | ").append(m.algorithm());
            for (final String metric : METRICS)
            {
                md.append(" | ").append(Fmt.num(m.get(metric)));
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    /**
     * @param workloads the workloads the figures are over.
     * @param baselinePresent whether any {@code postcopy} median exists.
     * @return how the table was computed, one paragraph.
     */
    public static String caption(final Set<String> workloads, final boolean baselinePresent)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("Positive = better than ").append(BASELINE)
            .append(" (less downtime, less time, fewer pages, more throughput). *paper*: the VCSP paper's Table 3 as ")
            .append("published, under the columns that follow its definitions. *ours*: for each workload (")
            .append(String.join(", ", workloads)).append(") the median over the repeats of each metric, improvement = (")
            .append(BASELINE).append(" \u2212 algorithm) / ").append(BASELINE).append(" \u00d7 100 (throughputs the ")
            .append("other way round), then over the workloads where both ran either the unweighted *mean* or the best ")
            .append("workload (*up to*, the paper's wording; it does not say which it used). Runs are compared only within ")
            .append("their block (push off: the paper's demand paging + prefetch; push on: QEMU's background push). Columns: ");
        final List<String> definitions = new ArrayList<>();
        for (final Column c : COLUMNS)
        {
            definitions.add("*" + c.title() + "* (`" + c.metric() + "`) = " + c.definition());
        }
        sb.append(String.join("; ", definitions)).append(". \u2013 = no figure; a pages column has none for a ")
            .append("workload where ").append(BASELINE).append(" moved fewer than ")
            .append(Fmt.whole(MIN_PAGES_BASELINE)).append(" pages that way (with the push on its requests bring 0 to 2: a % of that says nothing).");
        if (!baselinePresent)
        {
            sb.append(" No ").append(BASELINE).append(" runs succeeded, so there is nothing to compare with.");
        }
        return sb.toString();
    }

    private static void oursRows(final List<List<String>> rows, final Map<String, List<Medians>> sets,
        final String algorithm)
    {
        for (final Map.Entry<String, List<Medians>> set : sets.entrySet())
        {
            for (final Map.Entry<String, List<Medians>> block : byBlock(set.getValue()).entrySet())
            {
                final boolean present = block.getValue().stream().anyMatch(m -> m.algorithm().equals(algorithm));
                final Improvement improvement = present ? improvement(block.getValue(), algorithm) : null;
                for (int a = 0; a < AGGREGATIONS.size(); a++)
                {
                    final StringBuilder source = new StringBuilder("ours");
                    if (!set.getKey().isEmpty())
                    {
                        source.append(" `").append(set.getKey()).append('`');
                    }
                    if (!block.getKey().isEmpty())
                    {
                        source.append(", ").append(block.getKey());
                    }
                    source.append(", ").append(AGGREGATIONS.get(a));
                    final List<String> row = new ArrayList<>(List.of(algorithm, source.toString()));
                    for (int c = 0; c < COLUMNS.size(); c++)
                    {
                        row.add(improvement == null ? NONE :
                            percent(a == 0 ? improvement.mean()[c] : improvement.best()[c]));
                    }
                    rows.add(row);
                }
            }
        }
    }

    private static Map<String, List<Medians>> byBlock(final List<Medians> medians)
    {
        final Map<String, List<Medians>> blocks = new LinkedHashMap<>();
        for (final Medians m : medians)
        {
            blocks.computeIfAbsent(m.block(), k -> new ArrayList<>()).add(m);
        }
        return blocks;
    }

    private static Map<String, Medians> byWorkload(final List<Medians> medians, final String algorithm)
    {
        final Map<String, Medians> map = new LinkedHashMap<>();
        for (final Medians m : medians)
        {
            if (m.algorithm().equals(algorithm))
            {
                map.putIfAbsent(m.workload(), m);
            }
        }
        return map;
    }

    /**
     * @param v an improvement, %.
     * @return it with two decimals, "0.00" for a negative zero, {@link Fmt#NONE} for NaN.
     */
    static String percent(final double v)
    {
        if (Double.isNaN(v))
        {
            return NONE;
        }
        final String s = String.format(Locale.ROOT, "%.2f", v);
        // "-0.00" would claim a direction the figure does not have.
        return "-0.00".equals(s) ? "0.00" : s;
    }
}
