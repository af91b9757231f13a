package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The VCSP paper's Table 3, the improvement of each algorithm over {@code postcopy} in downtime,
 * total migration time, pages transferred and workload throughput, rendered as Markdown with our
 * figures beside the paper's published ones. A pure function of per-algorithm medians, so that
 * {@code vcsp sweep --preset} and {@code vcsp report} render the same table. Stateless and
 * thread-safe.
 *
 * <p>Sign convention: positive is better than {@code postcopy}: less downtime, less time, fewer
 * pages, more throughput. Ours are aggregated as the paper reports one figure per algorithm over
 * its workloads: the improvement is computed per workload from the medians, then averaged (an
 * unweighted mean, so every workload size counts once) over the workloads where both the
 * algorithm and {@code postcopy} have a median.
 */
public final class PaperTable3
{
    /** The algorithm every other one is compared with. */
    public static final String BASELINE = "postcopy";

    /** The column titles of the four metrics, in the paper's order. */
    public static final List<String> METRICS =
        List.of("downtime", "total migration time", "pages transferred", "workload throughput");

    /**
     * The paper's Table 3 as published, improvement over post-copy in %, in its row order; the
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
     * @param algorithm              the algorithm's CLI name, e.g. "vcsp-prefetch".
     * @param workload               what it ran, as a label such as "32 MiB"; algorithms are compared per workload.
     * @param downtimeMs             median downtime, ms.
     * @param totalMigrationTimeMs   median total migration time, ms.
     * @param pagesTransferred       median pages transferred.
     * @param workloadThroughputMBps median workload throughput, MB/s.
     */
    public record Medians(
        String algorithm,
        String workload,
        double downtimeMs,
        double totalMigrationTimeMs,
        double pagesTransferred,
        double workloadThroughputMBps)
    {
        /** @return the four metrics in {@link #METRICS} order. */
        double[] values()
        {
            return new double[]{ downtimeMs, totalMigrationTimeMs, pagesTransferred, workloadThroughputMBps };
        }
    }

    /**
     * One row of the paper's table.
     *
     * @param algorithm  the CLI name of the algorithm the row is about.
     * @param percent    the four improvements in {@link #METRICS} order, as printed in the paper.
     */
    public record Published(String algorithm, List<String> percent)
    {
    }

    /**
     * Our improvement of one algorithm over {@code postcopy}.
     *
     * @param algorithm the algorithm.
     * @param percent   the four mean improvements in {@link #METRICS} order, %, NaN where no workload allows one.
     * @param workloads per metric, how many workloads the mean is over.
     */
    public record Improvement(String algorithm, double[] percent, int[] workloads)
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
     * @param medians   medians of every algorithm on every workload; {@code postcopy} among them.
     * @param algorithm the algorithm to compare with {@code postcopy}.
     * @return the mean over workloads of its per-workload improvement, per metric.
     */
    public static Improvement improvement(final List<Medians> medians, final String algorithm)
    {
        final Map<String, Medians> baseline = byWorkload(medians, BASELINE);
        final Map<String, Medians> other = byWorkload(medians, algorithm);
        final double[] sum = new double[METRICS.size()];
        final int[] count = new int[METRICS.size()];
        for (final Map.Entry<String, Medians> e : other.entrySet())
        {
            final Medians base = baseline.get(e.getKey());
            if (base == null)
            {
                continue;
            }
            final double[] b = base.values();
            final double[] v = e.getValue().values();
            for (int m = 0; m < sum.length; m++)
            {
                final double percent = improvementPercent(b[m], v[m], m == METRICS.size() - 1);
                if (!Double.isNaN(percent))
                {
                    sum[m] += percent;
                    count[m]++;
                }
            }
        }

        final double[] mean = new double[sum.length];
        for (int m = 0; m < sum.length; m++)
        {
            mean[m] = count[m] == 0 ? Double.NaN : sum[m] / count[m];
        }
        return new Improvement(algorithm, mean, count);
    }

    /**
     * Renders the table: for each of the paper's algorithms a row "paper" and a row "ours", then
     * ours for any other algorithm present, the caption saying how ours were computed, and the
     * medians behind them.
     *
     * @param medians medians of every algorithm on every workload, in the order to show them.
     * @return Markdown, ending with a newline.
     */
    public static String render(final List<Medians> medians)
    {
        final Set<String> workloads = new LinkedHashSet<>();
        final Set<String> algorithms = new LinkedHashSet<>();
        for (final Medians m : medians)
        {
            workloads.add(m.workload());
            algorithms.add(m.algorithm());
        }

        final StringBuilder md = new StringBuilder();
        md.append("## Table 3: improvement over ").append(BASELINE).append(", %\n\n");
        md.append("| algorithm | source | ");
        md.append(String.join(" | ", METRICS)).append(" |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");

        final List<String> rows = new ArrayList<>();
        for (final Published p : PAPER)
        {
            rows.add(p.algorithm());
            md.append("| ").append(p.algorithm()).append(" | paper | ").append(String.join(" | ", p.percent())).append(" |\n");
            md.append(oursRow(medians, p.algorithm(), algorithms.contains(p.algorithm())));
        }
        for (final String algorithm : algorithms)
        {
            if (!algorithm.equals(BASELINE) && !rows.contains(algorithm))
            {
                md.append(oursRow(medians, algorithm, true));
            }
        }

        md.append('\n').append(caption(workloads, algorithms.contains(BASELINE))).append('\n');

        md.append("\n### Medians per workload\n\n");
        md.append("| workload | algorithm | downtime ms | total migration time ms | pages transferred | workload throughput MB/s |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        for (final Medians m : medians)
        {
            md.append("| ").append(m.workload()).append(" | ").append(m.algorithm());
            for (final double v : m.values())
            {
                md.append(" | ").append(Fmt.num(v));
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    private static String oursRow(final List<Medians> medians, final String algorithm, final boolean present)
    {
        final StringBuilder sb = new StringBuilder("| ").append(algorithm).append(" | ours |");
        final Improvement improvement = present ? improvement(medians, algorithm) : null;
        for (int m = 0; m < METRICS.size(); m++)
        {
            sb.append(' ').append(improvement == null ? NONE : percent(improvement.percent()[m])).append(" |");
        }
        return sb.append('\n').toString();
    }

    private static String caption(final Set<String> workloads, final boolean baselinePresent)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("Positive = better than ").append(BASELINE)
            .append(" (less downtime, less total migration time, fewer pages transferred, more workload throughput). ")
            .append("*paper*: the VCSP paper's Table 3 as published. ")
            .append("*ours*: for each workload (").append(String.join(", ", workloads)).append(") the median over ")
            .append("the sweep's repeats of each metric, improvement = (").append(BASELINE)
            .append(" \u2212 algorithm) / ").append(BASELINE).append(" \u00d7 100 (throughput: (algorithm \u2212 ")
            .append(BASELINE).append(") / ").append(BASELINE).append(" \u00d7 100), then the unweighted mean of those ")
            .append("per-workload improvements over the workloads where both ran. \u2013 = no figure.");
        if (!baselinePresent)
        {
            sb.append(" No ").append(BASELINE).append(" runs succeeded, so there is nothing to compare with.");
        }
        return sb.toString();
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
