package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleFunction;

/**
 * The E × N tuning surface of a result folder: for every scenario (runs that share every setting
 * but throttle E, prefetch N, seed and algorithm, the post-copy algorithms counting as one since
 * they are post-copy at different E and N) whose runs cover at least two E at one N and two N at one
 * E, three sections: a heatmap per metric of the median over the repeats at each E and N, with the
 * spread on hover and in a table; the Pareto front of downtime against workload throughput; and
 * whether the best point of each metric is told apart from its grid neighbours by its repeats'
 * ranges. A pure function of the loaded runs; stateless and thread-safe.
 */
final class TuningSurface
{
    /** The algorithms that are post-copy at some E and N: postcopy is E=100 N=1, vcsp-prefetch any E and N. */
    static final Set<String> POSTCOPY_FAMILY = Set.of("postcopy", "postcopy-prefetch", "vcsp", "vcsp-prefetch");

    /** The config keys that do not make a scenario: the grid's two axes, the seed (a repeat) and the algorithm. */
    static final List<String> NOT_SCENARIO = List.of("algorithm", "throttlePercent", "prefetchPages", "seed");

    /** The throttle E's config key, the columns. */
    static final String E = "throttlePercent";

    /** The prefetch N's config key, the rows. */
    static final String N = "prefetchPages";

    /** The Pareto front's x metric, less is better. */
    static final String DOWNTIME = "downtimeMs";

    /** The Pareto front's y metric, more is better. */
    static final String THROUGHPUT = "workloadThroughputMBps";

    /**
     * A metric drawn on the surface.
     *
     * @param name   its key in {@code result.json}'s metrics.
     * @param unit   its unit, "" for a count.
     * @param better which end is better.
     * @param count  whether it is a count, written without decimals when whole.
     */
    record Metric(String name, String unit, Heatmap.Better better, boolean count)
    {
        /** @return how a value is written. */
        DoubleFunction<String> format()
        {
            return count ? Fmt::whole : Fmt::num;
        }

        /** @return the name with its unit, e.g. "downtimeMs, ms". */
        String withUnit()
        {
            return unit.isEmpty() ? name : name + ", " + unit;
        }

        /** @return a value with its unit, e.g. "370.0 ms". */
        String value(final double v)
        {
            return unit.isEmpty() ? format().apply(v) : format().apply(v) + " " + unit;
        }
    }

    /**
     * The metrics drawn, in order, where the runs have them. stallMs, pagesByRequests and
     * requestsInFlight come with newer results; how many pages requests brought and how many requests
     * were in flight are neither good nor bad in themselves.
     */
    static final List<Metric> METRICS = List.of(
        new Metric("downtimeMs", "ms", Heatmap.Better.LOWER, false),
        new Metric("faults", "", Heatmap.Better.LOWER, true),
        new Metric(THROUGHPUT, "MB/s", Heatmap.Better.HIGHER, false),
        new Metric("totalMigrationTimeMs", "ms", Heatmap.Better.LOWER, false),
        new Metric("stallMs", "ms", Heatmap.Better.LOWER, false),
        new Metric("pagesByRequests", "", Heatmap.Better.NEITHER, true),
        new Metric("requestsInFlight", "", Heatmap.Better.NEITHER, true));

    /**
     * A metric's median, min and max over the successful repeats of a point that have it.
     *
     * @param median the median, NaN when no run has it.
     * @param min    the least.
     * @param max    the most.
     * @param runs   how many runs have it.
     */
    record Spread(double median, double min, double max, int runs)
    {
        static Spread of(final List<RunsReport.Run> runs, final String metric)
        {
            final double[] v = runs.stream().mapToDouble(r -> r.metric(metric)).filter(Double::isFinite).toArray();
            return new Spread(Runs.median(v), Arrays.stream(v).min().orElse(Double.NaN),
                Arrays.stream(v).max().orElse(Double.NaN), v.length);
        }

        /** @return whether the two min..max ranges share a value. */
        boolean overlaps(final Spread other)
        {
            return min <= other.max && other.min <= max;
        }

        /** @return "median (min..max, runs)", "median (1 run)" or "–". */
        String cell(final DoubleFunction<String> format)
        {
            if (runs == 0)
            {
                return Fmt.NONE;
            }
            return format.apply(median) + (runs == 1 ? " (1 run)" :
                " (" + format.apply(min) + ".." + format.apply(max) + ", " + runs + ")");
        }

        /** @return "min..max (runs)", or "one run", for the pairs' ranges. */
        String range(final DoubleFunction<String> format)
        {
            return runs == 0 ? Fmt.NONE : runs == 1 ? format.apply(median) + " (one run)" :
                format.apply(min) + ".." + format.apply(max) + " (" + runs + ")";
        }

        /** @return "median 370 ms, 352..381 over 3 runs" or "370 ms, one run". */
        String sentence(final Metric m)
        {
            return runs == 1 ? m.value(median) + ", one run" : "median " + m.value(median) + ", " +
                m.format().apply(min) + ".." + m.format().apply(max) + " over " + runs + " runs";
        }
    }

    /**
     * One E and N of a scenario.
     *
     * @param e      throttle E, %.
     * @param n      prefetch N, pages.
     * @param ok     its successful runs.
     * @param failed how many of its runs failed.
     */
    record Point(double e, double n, List<RunsReport.Run> ok, int failed)
    {
        /** @return "E=50 N=16". */
        String name()
        {
            return TuningSurface.name(e, n);
        }

        Spread spread(final String metric)
        {
            return Spread.of(ok, metric);
        }
    }

    /**
     * A scenario's grid.
     *
     * @param scenario   what its runs share, as titles say it: algorithms, workload, pattern, link, push...
     * @param algorithms the algorithms whose runs it holds, sorted.
     * @param es         the E values, ascending: the columns.
     * @param ns         the N values, ascending: the rows.
     * @param grid       the points by row (N) then column (E); null where nothing ran.
     * @param runs       how many runs it holds.
     * @param failed     how many of them failed.
     */
    record Surface(String scenario, List<String> algorithms, double[] es, double[] ns, Point[][] grid, int runs,
        int failed)
    {
        /** @return the points that ran, row by row. */
        List<Point> points()
        {
            final List<Point> points = new ArrayList<>();
            for (final Point[] row : grid)
            {
                for (final Point p : row)
                {
                    if (p != null)
                    {
                        points.add(p);
                    }
                }
            }
            return points;
        }

        /** @return the metrics of {@link #METRICS} some successful run has. */
        List<Metric> metrics()
        {
            return METRICS.stream().filter(m -> points().stream().anyMatch(p -> p.spread(m.name()).runs() > 0)).toList();
        }

        /** @return the point at E and N, or null where nothing ran. */
        Point at(final double e, final double n)
        {
            final int col = Arrays.binarySearch(es, e);
            final int row = Arrays.binarySearch(ns, n);
            return col < 0 || row < 0 ? null : grid[row][col];
        }
    }

    private TuningSurface()
    {
    }

    /**
     * The entry point of {@link RunsReport}: three sections per scenario with a surface.
     *
     * @param label what the sections are titled by, e.g. the result folder's name.
     * @param runs  the folder's runs, in any order.
     * @return the sections, none when no scenario spans two E and two N.
     */
    static List<Section> sections(final String label, final List<RunsReport.Run> runs)
    {
        final List<Section> sections = new ArrayList<>();
        for (final Surface s : surfaces(runs))
        {
            sections.add(heatmaps(label, s));
            final Section pareto = pareto(label, s);
            if (pareto != null)
            {
                sections.add(pareto);
            }
            sections.add(best(label, s));
        }
        return sections;
    }

    /**
     * @param runs runs in any order; those without a numeric E or N are left out.
     * @return a surface per scenario that has two E at some N and two N at some E (two lone points on a
     * diagonal are not a surface: no point would have a neighbour), in first-seen order.
     */
    static List<Surface> surfaces(final List<RunsReport.Run> runs)
    {
        final Map<String, List<RunsReport.Run>> scenarios = new LinkedHashMap<>();
        for (final RunsReport.Run r : runs)
        {
            if (Double.isFinite(r.number(E)) && Double.isFinite(r.number(N)))
            {
                scenarios.computeIfAbsent(family(r.algorithm()) + "\u0000" +
                    Runs.without(r.config(), NOT_SCENARIO), k -> new ArrayList<>()).add(r);
            }
        }
        final List<List<RunsReport.Run>> kept = new ArrayList<>();
        for (final List<RunsReport.Run> scenario : scenarios.values())
        {
            if (spans(scenario))
            {
                kept.add(scenario);
            }
        }
        final List<Map<String, String>> configs = new ArrayList<>();
        kept.forEach(s -> configs.add(s.get(0).config()));
        final Set<String> varying = Runs.varying(configs, NOT_SCENARIO);
        final List<Surface> surfaces = new ArrayList<>();
        for (final List<RunsReport.Run> scenario : kept)
        {
            surfaces.add(surface(scenario, varying));
        }
        return surfaces;
    }

    private static String family(final String algorithm)
    {
        return POSTCOPY_FAMILY.contains(algorithm) ? "postcopy-family" : algorithm;
    }

    private static boolean spans(final List<RunsReport.Run> scenario)
    {
        final Map<Double, Set<Double>> nsByE = new LinkedHashMap<>();
        final Map<Double, Set<Double>> esByN = new LinkedHashMap<>();
        for (final RunsReport.Run r : scenario)
        {
            nsByE.computeIfAbsent(r.number(E), k -> new TreeSet<>()).add(r.number(N));
            esByN.computeIfAbsent(r.number(N), k -> new TreeSet<>()).add(r.number(E));
        }
        return nsByE.values().stream().anyMatch(s -> s.size() > 1) && esByN.values().stream().anyMatch(s -> s.size() > 1);
    }

    private static Surface surface(final List<RunsReport.Run> runs, final Set<String> varying)
    {
        final double[] es = runs.stream().mapToDouble(r -> r.number(E)).distinct().sorted().toArray();
        final double[] ns = runs.stream().mapToDouble(r -> r.number(N)).distinct().sorted().toArray();
        final List<List<RunsReport.Run>> cells = new ArrayList<>();
        for (int i = 0; i < ns.length * es.length; i++)
        {
            cells.add(new ArrayList<>());
        }
        final Set<String> algorithms = new TreeSet<>();
        for (final RunsReport.Run r : runs)
        {
            algorithms.add(r.algorithm());
            cells.get(Arrays.binarySearch(ns, r.number(N)) * es.length + Arrays.binarySearch(es, r.number(E))).add(r);
        }
        final Point[][] grid = new Point[ns.length][es.length];
        for (int row = 0; row < ns.length; row++)
        {
            for (int col = 0; col < es.length; col++)
            {
                final List<RunsReport.Run> cell = cells.get(row * es.length + col);
                if (!cell.isEmpty())
                {
                    final List<RunsReport.Run> ok = cell.stream().filter(RunsReport.Run::succeeded).toList();
                    grid[row][col] = new Point(es[col], ns[row], ok, cell.size() - ok.size());
                }
            }
        }
        final int failed = (int)runs.stream().filter(r -> !r.succeeded()).count();
        // The push mode tells the post-copy surfaces apart even where every run has the same: say it always.
        final Set<String> named = new LinkedHashSet<>(varying);
        if (runs.get(0).config().containsKey("push"))
        {
            named.add("push");
        }
        final String scenario = String.join(", ", algorithms) + "; " + Runs.scenarioText(runs.get(0), named);
        return new Surface(scenario, List.copyOf(algorithms), es, ns, grid, runs.size(), failed);
    }

    private static Section heatmaps(final String label, final Surface s)
    {
        final Section section = new Section("E × N tuning surface in " + label + ": " + s.scenario());
        final int[] repeats = s.points().stream().mapToInt(p -> p.ok().size() + p.failed()).sorted().toArray();
        final String perPoint = repeats[0] == repeats[repeats.length - 1] ? repeats[0] + " per point" :
            repeats[0] + " to " + repeats[repeats.length - 1] + " per point";
        final StringBuilder text = new StringBuilder();
        text.append(s.runs()).append(" runs (").append(perPoint)
            .append(s.failed() > 0 ? "; " + s.failed() + " failed, left out" : "").append(") of ")
            .append(String.join(", ", s.algorithms())).append(" at E = ").append(values(s.es()))
            .append(" % (share of CPU time the vCPU may run; columns) and N = ").append(values(s.ns()))
            .append(" pages per fault (rows). Each cell is the median over the repeats at that E and N; hovering a cell " +
                "shows its min..max and number of runs, which the table under each chart gives too, as " +
                "`median (min..max, runs)`. One colour scale per metric, its better end dark (the legend says which way " +
                "is better), on a log scale where the medians span " + Fmt.whole(Heatmap.LOG_SPAN) +
                " times or more; the best median is outlined.");
        if (s.algorithms().size() > 1)
        {
            text.append(" The post-copy algorithms are one algorithm at different E and N (postcopy is E=100 N=1), so " +
                "their runs share the surface, and runs of two of them at one E and N are repeats of one point.");
        }
        section.text(text.toString());
        final List<Metric> absent = METRICS.stream().filter(m -> !s.metrics().contains(m)).toList();
        if (!absent.isEmpty())
        {
            section.text("Not in these runs, so not drawn: " + String.join(", ",
                absent.stream().map(m -> "`" + m.name() + "`").toList()) + ".");
        }
        for (final Metric m : s.metrics())
        {
            section.chart(heatmap(s, m));
            section.table("`" + m.name() + "`" + (m.unit().isEmpty() ? "" : ", " + m.unit()) +
                ": median (min..max, runs) by N and E", table(s, m));
        }
        return section;
    }

    /**
     * @param s a surface.
     * @param m one of its metrics.
     * @return the metric's heatmap: E across, N down, a cell per point with its median and spread on hover.
     */
    static Heatmap heatmap(final Surface s, final Metric m)
    {
        final Heatmap h = new Heatmap("Median " + m.name() + " by E and N", s.scenario(),
            "E (columns): throttle, % of CPU time the vCPU may run", "N (rows): prefetch, pages per fault",
            labels("E=", s.es()), labels("N=", s.ns()), m.withUnit(), m.better(), m.format());
        for (int row = 0; row < s.ns().length; row++)
        {
            for (int col = 0; col < s.es().length; col++)
            {
                final Point p = s.grid()[row][col];
                if (p != null)
                {
                    final Spread spread = p.spread(m.name());
                    h.cell(row, col, spread.median(), p.name() + ": " + (spread.runs() == 0 ? "no successful run" :
                        spread.sentence(m)) + (p.failed() > 0 ? " (" + p.failed() + " failed)" : ""));
                }
            }
        }
        return h;
    }

    private static Table table(final Surface s, final Metric m)
    {
        final List<String> header = new ArrayList<>(List.of("N ↓ E →"));
        header.addAll(labels("E=", s.es()));
        final Table t = new Table(header, 1);
        for (int row = 0; row < s.ns().length; row++)
        {
            final List<Table.Cell> cells = t.addRow();
            cells.add(Table.cell("N=" + Fmt.whole(s.ns()[row])));
            for (int col = 0; col < s.es().length; col++)
            {
                final Point p = s.grid()[row][col];
                if (p == null)
                {
                    cells.add(Table.cell(Fmt.NONE));
                    continue;
                }
                final String text = p.spread(m.name()).cell(m.format());
                cells.add(Table.cell(p.failed() > 0 ? text + ", " + p.failed() + " failed" : text, p.failed() > 0));
            }
        }
        return t;
    }

    private static Section pareto(final String label, final Surface s)
    {
        final List<Point> points = s.points().stream().filter(TuningSurface::onBothAxes).toList();
        if (points.isEmpty())
        {
            return null;
        }
        final List<Point> front = front(points);
        final Metric down = metric(DOWNTIME);
        final Metric thr = metric(THROUGHPUT);
        final ParetoChart chart = new ParetoChart("Downtime against workload throughput, medians per E and N",
            s.scenario(), "downtime, ms (median; less is better)", "workload throughput, MB/s (median; more is better)",
            "Pareto front: no other point has less downtime and more throughput");
        for (final Point p : points)
        {
            chart.add(p.name(), p.spread(DOWNTIME).median(), p.spread(THROUGHPUT).median(), front.contains(p),
                p.name() + ": downtime " + p.spread(DOWNTIME).sentence(down) + "; throughput " +
                    p.spread(THROUGHPUT).sentence(thr));
        }
        final Table t = new Table(List.of("point", "downtime ms", "downtime min..max (runs)", "throughput MB/s",
            "throughput min..max (runs)"), 1);
        for (final Point p : sortedByDowntime(front))
        {
            final Spread d = p.spread(DOWNTIME);
            final Spread w = p.spread(THROUGHPUT);
            t.addRow().addAll(List.of(Table.cell(p.name()), Table.cell(Fmt.num(d.median())),
                Table.cell(d.range(Fmt::num)), Table.cell(Fmt.num(w.median())), Table.cell(w.range(Fmt::num))));
        }
        return new Section("Pareto front of downtime against throughput in " + label + ": " + s.scenario())
            .text("One point per E and N at its medians over the repeats: downtime (`" + DOWNTIME + "`, less is better) " +
                "against workload throughput (`" + THROUGHPUT + "`, more is better). A point is on the front when no " +
                "other point is at least as good on both and better on one; points with equal medians on both are all " +
                "kept. The front, joined in order of downtime, holds the best trade-offs: " + front.size() + " of " +
                points.size() + " points. Hover a point for its ranges.")
            .chart(chart)
            .table("Pareto front, by downtime", t);
    }

    private static boolean onBothAxes(final Point p)
    {
        return Double.isFinite(p.spread(DOWNTIME).median()) && Double.isFinite(p.spread(THROUGHPUT).median());
    }

    /**
     * @param points points with a median downtime and workload throughput.
     * @return those not dominated: no other point has no more downtime and no less throughput, and
     * less downtime or more throughput; two points with equal medians do not dominate each other. In
     * the given order.
     */
    static List<Point> front(final List<Point> points)
    {
        final List<Point> front = new ArrayList<>();
        for (final Point p : points)
        {
            final double pd = p.spread(DOWNTIME).median();
            final double pt = p.spread(THROUGHPUT).median();
            boolean dominated = false;
            for (final Point q : points)
            {
                final double qd = q.spread(DOWNTIME).median();
                final double qt = q.spread(THROUGHPUT).median();
                if (qd <= pd && qt >= pt && (qd < pd || qt > pt))
                {
                    dominated = true;
                    break;
                }
            }
            if (!dominated)
            {
                front.add(p);
            }
        }
        return front;
    }

    private static List<Point> sortedByDowntime(final List<Point> points)
    {
        final List<Point> sorted = new ArrayList<>(points);
        sorted.sort((a, b) ->
        {
            final int byDowntime = Double.compare(a.spread(DOWNTIME).median(), b.spread(DOWNTIME).median());
            return byDowntime != 0 ? byDowntime :
                Double.compare(a.spread(THROUGHPUT).median(), b.spread(THROUGHPUT).median());
        });
        return sorted;
    }

    private static Section best(final String label, final Surface s)
    {
        final Section section = new Section("Best E × N point and its neighbours in " + label + ": " + s.scenario());
        section.text("Is the best point told apart from the points next to it on the grid (the previous and next E at " +
            "its N, the previous and next N at its E)? Two points are distinguishable when their repeats' min..max " +
            "ranges do not overlap; with fewer than two repeats at either there is no range to compare.");
        for (final Metric m : s.metrics())
        {
            section.text(sentence(s, m));
        }
        final Table pairs = pairs(s);
        if (!pairs.rows().isEmpty())
        {
            section.table("Pairs: N=min against N=max at the best E, E=max against E=min at the best N", pairs);
        }
        return section;
    }

    /**
     * @param s a surface.
     * @param m a metric.
     * @return the point with the best median (the first row by row on a tie), or null when none has one or
     * neither end of the metric is better.
     */
    static Point bestPoint(final Surface s, final Metric m)
    {
        if (m.better() == Heatmap.Better.NEITHER)
        {
            return null;
        }
        Point best = null;
        double bestMedian = Double.NaN;
        for (final Point p : s.points())
        {
            final double v = p.spread(m.name()).median();
            if (Double.isFinite(v) && (best == null || (m.better() == Heatmap.Better.LOWER ? v < bestMedian :
                v > bestMedian)))
            {
                best = p;
                bestMedian = v;
            }
        }
        return best;
    }

    /** Whether two points' repeats tell them apart. */
    enum Verdict
    {
        /** Both have two or more runs and their ranges do not overlap. */
        YES("yes"),
        /** Both have two or more runs and their ranges overlap. */
        NO("no"),
        /** One has a single run: no range to compare. */
        ONE_REPEAT("one repeat: cannot tell"),
        /** One has no successful run. */
        NO_RUN("no successful run");

        private final String text;

        Verdict(final String text)
        {
            this.text = text;
        }

        /** @return how tables say it. */
        String text()
        {
            return text;
        }
    }

    /**
     * @param a one point's spread.
     * @param b another's.
     * @return whether their repeats tell them apart.
     */
    static Verdict distinguishable(final Spread a, final Spread b)
    {
        if (a.runs() == 0 || b.runs() == 0)
        {
            return Verdict.NO_RUN;
        }
        if (a.runs() < 2 || b.runs() < 2)
        {
            return Verdict.ONE_REPEAT;
        }
        return a.overlaps(b) ? Verdict.NO : Verdict.YES;
    }

    /**
     * @param s a surface.
     * @param m one of its metrics.
     * @return one sentence: the best point by median, with its spread, and which of its grid neighbours its
     * repeats tell it apart from.
     */
    static String sentence(final Surface s, final Metric m)
    {
        if (m.better() == Heatmap.Better.NEITHER)
        {
            return "`" + m.name() + "`: neither end is better, so no point is best.";
        }
        final Point best = bestPoint(s, m);
        final Spread b = best.spread(m.name());
        final StringBuilder sb = new StringBuilder();
        sb.append(m.better() == Heatmap.Better.LOWER ? "Lowest" : "Highest").append(" `").append(m.name()).append("` at ")
            .append(best.name()).append(" (").append(b.sentence(m)).append(")");
        final List<String> ties = s.points().stream().filter(p -> p != best && p.spread(m.name()).median() == b.median())
            .map(Point::name).toList();
        if (!ties.isEmpty())
        {
            sb.append(", tied with ").append(String.join(", ", ties));
        }
        final List<Point> neighbours = neighbours(s, best);
        if (neighbours.isEmpty())
        {
            return sb.append(": no neighbour on the grid ran.").toString();
        }
        if (b.runs() < 2)
        {
            return sb.append(": one repeat: cannot tell it from its ").append(count(neighbours.size(), "neighbour"))
                .append('.').toString();
        }
        final List<String> yes = new ArrayList<>();
        final List<String> no = new ArrayList<>();
        final List<String> oneRepeat = new ArrayList<>();
        final List<String> none = new ArrayList<>();
        for (final Point p : neighbours)
        {
            final Spread n = p.spread(m.name());
            switch (distinguishable(b, n))
            {
                case YES -> yes.add(p.name());
                case NO -> no.add(p.name() + " (" + m.format().apply(n.min()) + ".." + m.format().apply(n.max()) + ")");
                case ONE_REPEAT -> oneRepeat.add(p.name());
                case NO_RUN -> none.add(p.name());
            }
        }
        sb.append(": ");
        if (yes.size() == neighbours.size())
        {
            return sb.append("distinguishable from ").append(neighbours.size() == 1 ? "its one neighbour, " + yes.get(0) :
                "all " + neighbours.size() + " neighbours").append('.').toString();
        }
        final List<String> parts = new ArrayList<>();
        if (!yes.isEmpty())
        {
            parts.add("distinguishable from " + String.join(", ", yes));
        }
        if (!no.isEmpty())
        {
            parts.add("not distinguishable (ranges overlap) from " + String.join(", ", no));
        }
        if (!oneRepeat.isEmpty())
        {
            parts.add("one repeat: cannot tell from " + String.join(", ", oneRepeat));
        }
        if (!none.isEmpty())
        {
            parts.add("no successful run at " + String.join(", ", none));
        }
        return sb.append(String.join("; ", parts)).append('.').toString();
    }

    /** @return the points beside p on the grid that ran: previous and next E at its N, previous and next N at its E. */
    private static List<Point> neighbours(final Surface s, final Point p)
    {
        final int col = Arrays.binarySearch(s.es(), p.e());
        final int row = Arrays.binarySearch(s.ns(), p.n());
        final List<Point> neighbours = new ArrayList<>();
        for (final int[] d : new int[][]{ { 0, -1 }, { 0, 1 }, { -1, 0 }, { 1, 0 } })
        {
            final int r = row + d[0];
            final int c = col + d[1];
            if (r >= 0 && r < s.ns().length && c >= 0 && c < s.es().length && s.grid()[r][c] != null)
            {
                neighbours.add(s.grid()[r][c]);
            }
        }
        return neighbours;
    }

    /**
     * The window pattern's question, asked of every metric with a better end: at the best point's E, does
     * the least N differ from the most; at its N, does the most E differ from the least?
     */
    static Table pairs(final Surface s)
    {
        final Table t = new Table(List.of("metric", "at", "first point", "first: min..max (runs)", "second point",
            "second: min..max (runs)", "distinguishable"), 7);
        final double[] es = s.es();
        final double[] ns = s.ns();
        final double eMin = es[0];
        final double eMax = es[es.length - 1];
        final double nMin = ns[0];
        final double nMax = ns[ns.length - 1];
        for (final Metric m : s.metrics())
        {
            final Point best = bestPoint(s, m);
            if (best != null)
            {
                pair(t, s, m, "best E=" + Fmt.whole(best.e()), best.e(), nMin, best.e(), nMax);
                pair(t, s, m, "best N=" + Fmt.whole(best.n()), eMax, best.n(), eMin, best.n());
            }
        }
        return t;
    }

    private static void pair(final Table t, final Surface s, final Metric m, final String at, final double e1,
        final double n1, final double e2, final double n2)
    {
        final Spread a = spread(s.at(e1, n1), m);
        final Spread b = spread(s.at(e2, n2), m);
        t.addRow().addAll(List.of(Table.cell("`" + m.name() + "`"), Table.cell(at), Table.cell(name(e1, n1)),
            Table.cell(a.range(m.format())), Table.cell(name(e2, n2)), Table.cell(b.range(m.format())),
            Table.cell(distinguishable(a, b).text())));
    }

    /** @return the point's spread of the metric, with no run where nothing ran. */
    private static Spread spread(final Point p, final Metric m)
    {
        return p == null ? new Spread(Double.NaN, Double.NaN, Double.NaN, 0) : p.spread(m.name());
    }

    private static String name(final double e, final double n)
    {
        return "E=" + Fmt.whole(e) + " N=" + Fmt.whole(n);
    }

    private static Metric metric(final String name)
    {
        return METRICS.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> labels(final String prefix, final double[] values)
    {
        return Arrays.stream(values).mapToObj(v -> prefix + Fmt.whole(v)).toList();
    }

    private static String values(final double[] values)
    {
        return String.join(", ", Arrays.stream(values).mapToObj(Fmt::whole).toList());
    }

    private static String count(final int n, final String noun)
    {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
