package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the report's sections from labelled result sets, one column (or column group) per label:
 * environment, fault latency against the plain request/response baseline, fault latency under the
 * migration's push against plain request/response beside a plain stream, the allocation check,
 * migration metrics, pre-copy downtime against dirty rate, the throttler's achieved share against E, the
 * harness sweep of each label
 * (its runs, Table 3, throughput over time, pre-copy downtime against dirty rate), the fault-latency
 * CDF of the sweeps with a line per label, and every result
 * by benchmark class. The Markdown and HTML writers render the same sections. Reads nothing but the
 * given results.
 */
final class BenchReport
{
    /** Steady-state benchmarks allocating more than this per operation get a warning mark, B/op. */
    static final double ALLOC_LIMIT_BYTES = 1.0;

    static final String FAULT = "FaultLatencyBenchmark.fault";
    static final String PLAIN = "PlainRequestResponseBenchmark.roundTrip";
    /** The fault under push and its loaded plain baseline, as {@code Class.method}. */
    static final String FAULT_UNDER_LOAD = "FaultUnderLoadBenchmark.fault";
    static final String PLAIN_UNDER_LOAD = "PlainUnderLoadBenchmark.roundTrip";

    /** What every plain baseline is, in the fault sections' text. */
    static final String PLAIN_WAY = "the fastest plain way to move the same bytes over the same transport and wait " +
        "strategy";

    /** Under push, a fault's mean latency above this many times the loaded plain round trip's gets a warning mark. */
    static final double UNDER_LOAD_MEAN_RATIO_LIMIT = 1.5;

    /** Under push, a fault's p99 above this many times the loaded plain round trip's gets a warning mark. */
    static final double UNDER_LOAD_P99_RATIO_LIMIT = 2.0;

    /** Unpaced, a push moving less than this share of the plain stream's MB/s gets a warning mark. */
    static final double UNPACED_PUSH_SHARE_FLOOR = 0.8;
    static final String MIGRATION = "MigrationBenchmark";
    static final String ACCURACY = "ThrottlerAccuracyBenchmark";

    /** An achieved share further than this from E gets a warning mark, percentage points. */
    static final double SHARE_TOLERANCE_POINTS = 2.0;

    private static final List<String> ENV_KEYS = List.of("jvmName", "jvmVersion", "jvmVendor", "jvm", "jvmArgs",
        "cpuModel", "cores", "memoryTotal", "os", "kernel", "hostname", "preset", "jmhVersion", "startedAt");
    private static final List<String> ENV_SKIPPED = List.of("passes", "sweep", "schema", "label", "javaVersion", ProfilesSection.PROFILES);
    private static final List<String> MIGRATION_METRICS = List.of("downtimeMs", "totalMigrationTimeMs",
        "pagesTransferred", "faults", "workloadThroughputMBps", "faultLatencyP50Us", "faultLatencyP99Us");

    /** The pre-copy table's metrics, each beside its column title. */
    private static final List<String> PRECOPY_METRICS = List.of("downtimeMs", "totalMigrationTimeMs", "precopyRounds",
        "stopCopyPages", "workloadThroughputMBps", "achievedCpuSharePercent");
    private static final List<String> PRECOPY_COLUMNS = List.of("downtime ms", "total migration time ms", "rounds",
        "stop-and-copy pages", "workload MB/s", "CPU share %");
    /** Counts, shown without decimals when their mean is whole. */
    private static final Set<String> PRECOPY_COUNTS = Set.of("precopyRounds", "stopCopyPages");
    /**
     * Params that place a pre-copy result within its group: a line (algorithm, and E or N should they
     * vary) and a point on it (dirty rate); the pattern is always the writer. Every other param
     * (workload, memory, link, bandwidth, maxRounds) makes the group.
     */
    private static final List<String> PRECOPY_POINT_KEYS = List.of("algorithm", "throttlePercent", "prefetchPages",
        "dirtyRateMbit", "pattern");

    private final List<ResultSet> sets;

    BenchReport(final List<ResultSet> sets)
    {
        this.sets = List.copyOf(sets);
    }

    /** @return the labels, in column order. */
    List<String> labels()
    {
        final List<String> labels = new ArrayList<>();
        sets.forEach(s -> labels.add(s.label()));
        return labels;
    }

    /** @return the sections in order. */
    List<Section> sections()
    {
        final List<Section> sections = new ArrayList<>();
        sections.add(resultSets());
        sections.add(environment());
        sections.add(faultLatency());
        sections.add(faultUnderLoad());
        sections.add(allocation());
        sections.add(migrations());
        final Section precopy = precopyDowntime();
        if (precopy != null)
        {
            sections.add(precopy);
        }
        sections.add(throttlerAccuracy());
        sections.addAll(harnessSweeps());
        sections.add(faultLatencyCdf());
        sections.add(allResults());
        ProfilesSection.of(sets).ifPresent(sections::add);
        return sections;
    }

    private Section resultSets()
    {
        final Table t = new Table(List.of("label", "results", "preset", "JVM", "CPU", "started"), 6);
        for (final ResultSet s : sets)
        {
            final Map<String, String> e = s.environment();
            t.addRow().addAll(List.of(Table.cell("`" + s.label() + "`"), Table.cell(Integer.toString(s.results().size())),
                Table.cell(e.getOrDefault("preset", Fmt.NONE)),
                Table.cell(e.getOrDefault("jvmName", Fmt.NONE) + " " + e.getOrDefault("jvmVersion", "")),
                Table.cell(e.getOrDefault("cpuModel", Fmt.NONE) + " × " + e.getOrDefault("cores", "?")),
                Table.cell(e.getOrDefault("startedAt", Fmt.NONE))));
        }
        return new Section("Result sets").text("Each folder of the bench directory is one labelled result set " +
            "(`mvn -B verify -Pbench -Dbench.label=NAME`); the tables below put the sets side by side.").table(null, t);
    }

    private Section environment()
    {
        final Set<String> keys = new LinkedHashSet<>(ENV_KEYS);
        for (final ResultSet s : sets)
        {
            s.environment().keySet().stream().filter(k -> !ENV_SKIPPED.contains(k)).sorted().forEach(keys::add);
        }
        final List<String> header = new ArrayList<>();
        header.add("");
        sets.forEach(s -> header.add("`" + s.label() + "`"));
        final Table t = new Table(header, header.size());
        for (final String key : keys)
        {
            if (sets.stream().noneMatch(s -> s.environment().containsKey(key)))
            {
                continue;
            }
            final List<Table.Cell> row = t.addRow();
            row.add(Table.cell(key));
            sets.forEach(s -> row.add(Table.cell(s.environment().getOrDefault(key, Fmt.NONE))));
        }
        return new Section("Environment").table(null, t);
    }

    private Section faultLatency()
    {
        final Section section = new Section("Fault latency against the plain baseline");
        section.text("A fault round trip (`" + FAULT + "`: a REQUEST for N pages, wait until all N are validated " +
            "and copied into destination memory) divided by its plain baseline (`" + PLAIN + "`), " + PLAIN_WAY +
            ": a 12-byte request and N × 4 KiB of raw bytes back, copied into destination memory, with no framing, " +
            "validation or CRC. Latencies in µs; ratio = fault / plain at the same percentile.");
        final List<Map<String, String>> points = FaultPair.points(sets, FAULT);
        if (points.isEmpty())
        {
            return section.text("No fault-latency results.");
        }
        final List<String> others = FaultPair.varyingOthers(points, List.of("link", "pages", "waitStrategy"));
        final List<String> header = new ArrayList<>(List.of("link", "N", "wait"));
        header.addAll(others);
        for (final ResultSet s : sets)
        {
            final String l = sets.size() > 1 ? " `" + s.label() + "`" : "";
            header.addAll(List.of("p50 fault / plain" + l, "ratio p50" + l, "p99 fault / plain" + l, "ratio p99" + l));
        }
        final Table t = new Table(header, 3 + others.size());
        final BarChart chart = FaultPair.chart("Fault latency and plain baseline, p50 and p99", sets);
        for (final Map<String, String> p : points)
        {
            final List<Table.Cell> row = t.addRow();
            row.add(Table.cell(p.getOrDefault("link", Fmt.NONE)));
            row.add(Table.cell(p.getOrDefault("pages", Fmt.NONE)));
            row.add(Table.cell(p.getOrDefault("waitStrategy", Fmt.NONE)));
            others.forEach(k -> row.add(Table.cell(p.getOrDefault(k, Fmt.NONE))));
            final List<FaultPair> pairs = new ArrayList<>();
            for (final ResultSet s : sets)
            {
                final FaultPair pair = FaultPair.of(s, FAULT, PLAIN, p);
                row.add(Table.cell(pair.cellAt(50)));
                row.add(Table.cell(Fmt.ratio(pair.ratioAt(50))));
                row.add(Table.cell(pair.cellAt(99)));
                row.add(Table.cell(Fmt.ratio(pair.ratioAt(99))));
                pairs.add(pair);
            }
            chart.addGroup(p.getOrDefault("link", "?") + " N=" + p.getOrDefault("pages", "?") + " " +
                p.getOrDefault("waitStrategy", "") + otherParams(p, others), FaultPair.bars(pairs));
        }
        return section.table(null, t).chart(chart);
    }

    /**
     * Fault latency while the migration's push runs, against plain request/response while a plain
     * stream runs: a row per point, per label the percentiles and means side by side, their ratios
     * and the two background rates, each ratio marked beyond its target.
     */
    private Section faultUnderLoad()
    {
        final Section section = new Section("Fault latency under push");
        final List<Map<String, String>> points = FaultPair.points(sets, FAULT_UNDER_LOAD);
        if (points.isEmpty())
        {
            return section.text("No fault-latency-under-push results.");
        }
        section.text("The fault side (`" + FAULT_UNDER_LOAD + "`): a REQUEST for N pages on the demand channel " +
            "while the migration's source pushes every other page on the push channel; the time until the N pages " +
            "are validated (CRC32C) and present in destination memory. The plain side (`" + PLAIN_UNDER_LOAD + "`), " +
            PLAIN_WAY + " under the same kind of load: a 12-byte request and N × 4 KiB of raw bytes back on one " +
            "loopback socket while one thread streams raw bytes on another, with the same wait strategy and no " +
            "framing, validation or CRC. bandwidth: the push's pacing (and the stream's where the plain benchmark " +
            "has the parameter). Latencies in µs; ratio = fault / plain. push MB/s, stream MB/s: what the push and " +
            "the plain stream moved during each iteration, mean over the iterations. On a paced link the fault's " +
            "own reply is paced too (N pages leave a 1 Gbit/s link in 33 µs × N) while the plain exchange is not: " +
            "those ratios measure the link model, not overhead. " + Table.WARN + " marks, unpaced, a mean ratio " +
            "above " + Fmt.tick(UNDER_LOAD_MEAN_RATIO_LIMIT) + ", a p99 ratio above " +
            Fmt.tick(UNDER_LOAD_P99_RATIO_LIMIT) + " and a push below " + Fmt.tick(UNPACED_PUSH_SHARE_FLOOR) +
            " of the stream. Allocation: see the allocation check.");
        final List<String> known = List.of("link", "bandwidthMbit", "pages", "waitStrategy");
        final List<String> others = FaultPair.varyingOthers(points, known);
        final List<String> header = new ArrayList<>(List.of("link", "bandwidth", "N", "wait"));
        header.addAll(others);
        for (final ResultSet s : sets)
        {
            final String l = sets.size() > 1 ? " `" + s.label() + "`" : "";
            for (final String column : List.of("p50 fault / plain", "p99 fault / plain", "mean fault / plain",
                "ratio mean", "ratio p99", "push MB/s", "stream MB/s", "push / stream"))
            {
                header.add(column + l);
            }
        }
        final Table t = new Table(header, known.size() + others.size());
        final BarChart chart = FaultPair.chart("Fault latency under push and loaded plain baseline, p50 and p99", sets);
        for (final Map<String, String> p : points)
        {
            final double bandwidthMbit = number(p.get("bandwidthMbit"));
            final List<Table.Cell> row = t.addRow();
            row.add(Table.cell(p.getOrDefault("link", Fmt.NONE)));
            row.add(Table.cell(Fmt.bandwidth(bandwidthMbit)));
            row.add(Table.cell(p.getOrDefault("pages", Fmt.NONE)));
            row.add(Table.cell(p.getOrDefault("waitStrategy", Fmt.NONE)));
            others.forEach(k -> row.add(Table.cell(p.getOrDefault(k, Fmt.NONE))));
            final List<FaultPair> pairs = new ArrayList<>();
            for (final ResultSet s : sets)
            {
                final FaultPair pair = FaultPair.of(s, FAULT_UNDER_LOAD, PLAIN_UNDER_LOAD, p);
                final double meanRatio = pair.faultMean() / pair.plainMean();
                final double p99Ratio = pair.ratioAt(99);
                final double push = pair.faultSecondary("pushMBps");
                final double stream = pair.plainSecondary("streamMBps");
                row.add(Table.cell(pair.cellAt(50)));
                row.add(Table.cell(pair.cellAt(99)));
                row.add(Table.cell(Fmt.num(pair.faultMean()) + " / " + Fmt.num(pair.plainMean())));
                row.add(Table.cell(Fmt.ratio(meanRatio), bandwidthMbit == 0 && meanRatio > UNDER_LOAD_MEAN_RATIO_LIMIT));
                row.add(Table.cell(Fmt.ratio(p99Ratio), bandwidthMbit == 0 && p99Ratio > UNDER_LOAD_P99_RATIO_LIMIT));
                row.add(Table.cell(Fmt.num(push)));
                row.add(Table.cell(Fmt.num(stream)));
                row.add(Table.cell(Fmt.ratio(push / stream), bandwidthMbit == 0 && push / stream < UNPACED_PUSH_SHARE_FLOOR));
                pairs.add(pair);
            }
            chart.addGroup(p.getOrDefault("link", "?") + " " + Fmt.bandwidth(bandwidthMbit) + " N=" +
                p.getOrDefault("pages", "?") + " " + p.getOrDefault("waitStrategy", "") + otherParams(p, others),
                FaultPair.bars(pairs));
        }
        return section.table(null, t).chart(chart);
    }

    /** @return " key=value" for each of the keys, for a chart group's label. */
    private static String otherParams(final Map<String, String> params, final List<String> keys)
    {
        final StringBuilder sb = new StringBuilder();
        keys.forEach(k -> sb.append(' ').append(k).append('=').append(params.getOrDefault(k, "?")));
        return sb.toString();
    }

    private Section allocation()
    {
        final Section section = new Section("Allocation check");
        section.text("Steady-state benchmarks (every mode but single-shot) must allocate nothing per operation. " +
            "The evidence is `" + JmhResult.THREAD_ALLOC + "` where a benchmark reports it (bytes allocated by its " +
            "own threads, read per thread) and `" + JmhResult.GC_ALLOC_NORM + "` (GC profiler, every thread of the " +
            "fork, JMH's own per-iteration work included) otherwise; " + Table.WARN + " marks more than " +
            Fmt.num(ALLOC_LIMIT_BYTES) + " B/op.");
        final Table t = new Table(List.of("label", "benchmark", "params", "B/op", "measured by"), 3);
        int steady = 0;
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (!r.steadyState())
                {
                    continue;
                }
                steady++;
                final AllocEvidence e = AllocEvidence.of(r);
                if (e.over())
                {
                    t.addRow().addAll(List.of(Table.cell("`" + s.label() + "`"), Table.cell(shortName(r)),
                        Table.cell(r.paramsText()), Table.cell(Fmt.num(e.bytesPerOp()), true), Table.cell(e.source())));
                }
            }
        }
        if (t.rows().isEmpty())
        {
            return section.text("All " + steady + " steady-state results allocate at most " +
                Fmt.num(ALLOC_LIMIT_BYTES) + " B/op.");
        }
        return section.text(t.rows().size() + " of " + steady + " steady-state results allocate more:").table(null, t);
    }

    private Section migrations()
    {
        final Section section = new Section("Migrations");
        final List<String> keys = new ArrayList<>();
        final Map<String, JmhResult> first = new LinkedHashMap<>();
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (r.className().equals(MIGRATION) && !first.containsKey(r.key()))
                {
                    keys.add(r.key());
                    first.put(r.key(), r);
                }
            }
        }
        if (keys.isEmpty())
        {
            return section.text("No migration results.");
        }
        section.text("One whole migration per iteration (`" + MIGRATION + "`, single-shot); every figure is the " +
            "mean per migration over the measured iterations. Score: wall time of the run, ms.");
        final List<String> header = new ArrayList<>(List.of("params"));
        for (final String metric : concat(List.of("score ms"), MIGRATION_METRICS))
        {
            for (final ResultSet s : sets)
            {
                header.add(metric + (sets.size() > 1 ? " `" + s.label() + "`" : ""));
            }
        }
        final Table t = new Table(header, 1);
        final List<String> series = new ArrayList<>();
        for (final ResultSet s : sets)
        {
            final String l = sets.size() > 1 ? " " + s.label() : "";
            series.add("downtime" + l);
            series.add("total migration time" + l);
        }
        final BarChart chart = new BarChart("Downtime and total migration time", "ms", false, series);
        for (final String k : keys)
        {
            final JmhResult any = first.get(k);
            final List<Table.Cell> row = t.addRow();
            row.add(Table.cell(migrationParams(any)));
            for (final String metric : concat(List.of("score ms"), MIGRATION_METRICS))
            {
                for (final ResultSet s : sets)
                {
                    final JmhResult r = byKey(s, k);
                    row.add(Table.cell(r == null ? Fmt.NONE : metric.equals("score ms") ?
                        Fmt.scoreError(r.score(), r.scoreError()) : Fmt.num(r.secondaryValue(metric))));
                }
            }
            final double[] bars = new double[series.size()];
            int b = 0;
            for (final ResultSet s : sets)
            {
                final JmhResult r = byKey(s, k);
                bars[b++] = r == null ? Double.NaN : r.secondaryValue("downtimeMs");
                bars[b++] = r == null ? Double.NaN : r.secondaryValue("totalMigrationTimeMs");
            }
            chart.addGroup(migrationParams(any), bars);
        }
        return section.table(null, t).chart(chart);
    }

    /**
     * Pre-copy downtime against dirty rate from {@code MigrationBenchmark} on the writer pattern: the
     * results grouped by every setting but the line's and the point's, one chart (a line per algorithm
     * and label) and one table (a row per algorithm and dirty rate, columns per label) per group.
     *
     * @return the section, or null when no result ran the writer pattern.
     */
    private Section precopyDowntime()
    {
        final Map<String, List<PrecopyPoint>> groups = new LinkedHashMap<>();
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (shortName(r).equals(MIGRATION + ".migrate") && RunsReport.WRITER.equals(r.params().get("pattern")) &&
                    Double.isFinite(number(r.params().get("dirtyRateMbit"))))
                {
                    groups.computeIfAbsent(precopyGroup(r.params()).toString(), k -> new ArrayList<>())
                        .add(new PrecopyPoint(s.label(), r));
                }
            }
        }
        if (groups.isEmpty())
        {
            return null;
        }
        final Section section = new Section("Pre-copy: downtime against dirty rate");
        section.text("`" + MIGRATION + "` on the `" + RunsReport.WRITER + "` pattern, which dirties guest memory at " +
            "`dirtyRateMbit`: one chart and table per setting of the other parameters (workload, memory, link, " +
            "bandwidth, maxRounds), one line per algorithm" + (sets.size() > 1 ? " and label, the label named in the " +
            "title when only one ran those settings" : "") + ". Every " +
            "figure is the mean per migration over the measured iterations: downtime (the stop-and-copy pause), " +
            "total migration time, pre-copy rounds, pages sent in stop-and-copy, workload throughput and the " +
            "vCPU's achieved CPU share.");
        for (final List<PrecopyPoint> group : groups.values())
        {
            precopyGroup(section, group);
        }
        return section;
    }

    private void precopyGroup(final Section section, final List<PrecopyPoint> group)
    {
        final Map<String, String> params = group.get(0).result().params();
        final Set<String> labels = new LinkedHashSet<>();
        group.forEach(p -> labels.add(p.label()));
        // Several labels in the group: a column and a line each; one: the title names it, if the report has more.
        final boolean perLabel = labels.size() > 1;
        final List<String> varying = new ArrayList<>();
        for (final String key : List.of("throttlePercent", "prefetchPages"))
        {
            if (group.stream().map(p -> p.result().params().getOrDefault(key, "")).distinct().count() > 1)
            {
                varying.add(key);
            }
        }
        final Map<String, TreeMap<Double, Map<String, JmhResult>>> lines = new LinkedHashMap<>();
        for (final PrecopyPoint p : group)
        {
            final Map<String, String> pp = p.result().params();
            final StringBuilder line = new StringBuilder(pp.getOrDefault("algorithm", "?"));
            varying.forEach(k -> line.append(k.equals("throttlePercent") ? " E=" : " N=").append(pp.getOrDefault(k, "?")));
            lines.computeIfAbsent(line.toString(), k -> new TreeMap<>())
                .computeIfAbsent(number(pp.get("dirtyRateMbit")), k -> new LinkedHashMap<>())
                .putIfAbsent(p.label(), p.result());
        }

        final String title = precopySettings(params) + (!perLabel && sets.size() > 1 ? ", in " + labels.iterator().next() : "");
        final double bandwidth = number(params.get("bandwidthMbit"));
        final LineChart chart = DowntimeChart.of("mean per migration", bandwidth,
            group.stream().mapToDouble(p -> p.result().secondaryValue("downtimeMs")).toArray()).subtitle(title);
        final List<String> header = new ArrayList<>(List.of("algorithm", "dirty rate Mbit/s", "% of link"));
        for (final String column : PRECOPY_COLUMNS)
        {
            labels.forEach(l -> header.add(column + (perLabel ? " `" + l + "`" : "")));
        }
        final Table table = new Table(header, 1);
        int drawn = 0;
        final List<String> leftOut = new ArrayList<>();
        for (final Map.Entry<String, TreeMap<Double, Map<String, JmhResult>>> line : lines.entrySet())
        {
            final double[] x = line.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            for (final String label : labels)
            {
                if (line.getValue().values().stream().noneMatch(byLabel -> byLabel.containsKey(label)))
                {
                    continue;
                }
                final double[] y = new double[x.length];
                int i = 0;
                for (final Map<String, JmhResult> byLabel : line.getValue().values())
                {
                    final JmhResult r = byLabel.get(label);
                    y[i++] = r == null ? Double.NaN : r.secondaryValue("downtimeMs");
                }
                final String name = line.getKey() + (perLabel ? " " + label : "");
                if (drawn++ < RunsReport.MAX_LINES)
                {
                    chart.addLine(name, x, y);
                }
                else
                {
                    leftOut.add(name);
                }
            }
            for (final Map.Entry<Double, Map<String, JmhResult>> at : line.getValue().entrySet())
            {
                final List<Table.Cell> row = table.addRow();
                row.add(Table.cell(line.getKey()));
                row.add(Table.cell(Fmt.whole(at.getKey())));
                row.add(Table.cell(DowntimeChart.percentOfLink(at.getKey(), bandwidth)));
                for (final String metric : PRECOPY_METRICS)
                {
                    for (final String label : labels)
                    {
                        final JmhResult r = at.getValue().get(label);
                        final double mean = r == null ? Double.NaN : r.secondaryValue(metric);
                        row.add(Table.cell(PRECOPY_COUNTS.contains(metric) ? Fmt.whole(mean) : Fmt.num(mean)));
                    }
                }
            }
        }
        section.chart(chart);
        if (!leftOut.isEmpty())
        {
            section.text("Not drawn (at most " + RunsReport.MAX_LINES + " lines): " + String.join("; ", leftOut) + ".");
        }
        section.table(title, table);
    }

    /** @return the params that make a pre-copy result's group: all but {@link #PRECOPY_POINT_KEYS}, in order. */
    private static Map<String, String> precopyGroup(final Map<String, String> params)
    {
        final Map<String, String> group = new LinkedHashMap<>(params);
        PRECOPY_POINT_KEYS.forEach(group::remove);
        return group;
    }

    /** @return a pre-copy group's settings, e.g. "8 of 8 MiB, ipc, 200 Mbit/s, maxRounds=30", then any others. */
    private static String precopySettings(final Map<String, String> params)
    {
        final double bandwidth = number(params.get("bandwidthMbit"));
        final StringBuilder sb = new StringBuilder();
        sb.append(params.getOrDefault("workloadMiB", "?")).append(" of ").append(params.getOrDefault("memoryMiB", "?"))
            .append(" MiB, ").append(params.getOrDefault("link", "?")).append(", ")
            .append(Fmt.bandwidth(bandwidth))
            .append(", maxRounds=").append(params.getOrDefault("maxRounds", "?"));
        for (final Map.Entry<String, String> e : precopyGroup(params).entrySet())
        {
            if (!List.of("workloadMiB", "memoryMiB", "link", "bandwidthMbit", "maxRounds").contains(e.getKey()))
            {
                sb.append(", ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    /** @return a param as a number, NaN when absent or not a number. */
    private static double number(final String value)
    {
        try
        {
            return value == null ? Double.NaN : Double.parseDouble(value);
        }
        catch (final NumberFormatException e)
        {
            return Double.NaN;
        }
    }

    private Section throttlerAccuracy()
    {
        final Section section = new Section("Throttler accuracy");
        final Set<Integer> throttles = new java.util.TreeSet<>();
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (r.className().equals(ACCURACY))
                {
                    throttles.add(throttle(r));
                }
            }
        }
        if (throttles.isEmpty())
        {
            return section.text("No throttler accuracy results.");
        }
        section.text("`" + ACCURACY + "`: a vCPU-like loop (one 4 KiB page of dependent work, then a checkpoint) " +
            "throttled to E on the real clock, 10 ms period. achieved = run / (run + slept) over each measured " +
            "iteration, mean over the iterations; error = achieved − E, percentage points, " + Table.WARN +
            " beyond ±" + Fmt.whole(SHARE_TOLERANCE_POINTS) + "; µs per unit: time per unit of work, sleeps included.");
        final List<String> header = new ArrayList<>(List.of("E %"));
        for (final String column : List.of("achieved %", "error points", "µs per unit"))
        {
            for (final ResultSet s : sets)
            {
                header.add(column + (sets.size() > 1 ? " `" + s.label() + "`" : ""));
            }
        }
        final Table t = new Table(header, 0);
        final LineChart chart = new LineChart("Achieved CPU share against E", "E, %", "achieved share, %");
        final double[] es = throttles.stream().mapToDouble(Integer::doubleValue).toArray();
        chart.addReference("achieved = E", es, es);
        final Map<String, double[]> achieved = new LinkedHashMap<>();
        sets.forEach(s -> achieved.put(s.label(), new double[es.length]));
        int row = 0;
        for (final int e : throttles)
        {
            final List<Table.Cell> cells = t.addRow();
            cells.add(Table.cell(Integer.toString(e)));
            final List<Table.Cell> errors = new ArrayList<>();
            final List<Table.Cell> times = new ArrayList<>();
            for (final ResultSet s : sets)
            {
                final JmhResult r = s.results().stream()
                    .filter(x -> x.className().equals(ACCURACY) && throttle(x) == e).findFirst().orElse(null);
                final double share = r == null ? Double.NaN : r.secondaryValue("achievedSharePercent");
                final double error = share - e;
                cells.add(Table.cell(Fmt.num(share)));
                errors.add(Table.cell(points(error), Math.abs(error) > SHARE_TOLERANCE_POINTS));
                times.add(Table.cell(r == null ? Fmt.NONE : Fmt.scoreError(r.score(), r.scoreError())));
                achieved.get(s.label())[row] = share;
            }
            cells.addAll(errors);
            cells.addAll(times);
            row++;
        }
        achieved.forEach((label, ys) -> chart.addLine(sets.size() > 1 ? label : "achieved", es, ys));
        return section.table(null, t).chart(chart);
    }

    /** @return a signed difference in percentage points, two decimals; "-0.00" would claim a direction it lacks. */
    private static String points(final double v)
    {
        if (Double.isNaN(v))
        {
            return Fmt.NONE;
        }
        final String s = String.format(Locale.ROOT, "%+.2f", v);
        return "-0.00".equals(s) ? "+0.00" : s;
    }

    private static int throttle(final JmhResult r)
    {
        try
        {
            return Integer.parseInt(r.params().getOrDefault("throttlePercent", "-1"));
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }

    private List<Section> harnessSweeps()
    {
        final Section intro = new Section("Harness sweeps");
        final List<ResultSet> swept = sets.stream().filter(s -> !s.runs().isEmpty()).toList();
        if (swept.isEmpty())
        {
            return List.of(intro.text("No harness sweep: none of the result sets has a `" + ResultSet.RUNS_FOLDER +
                "` folder with results (the bench profile writes one unless `-Dbench.sweep=none`)."));
        }
        intro.text("After the JMH suite the bench profile runs `vcsp sweep` (`-Dbench.sweep`, default `quick`) into " +
            "`LABEL/" + ResultSet.RUNS_FOLDER + "`, on the same JVM and flags. Each label's runs follow: the runs, " +
            "the Table 3 layout where `postcopy` ran beside another post-copy algorithm, throughput over time, the " +
            "analytic model against the measurements, the E \u00d7 N tuning surface where the runs span two E and two " +
            "N, and pre-copy downtime against dirty rate where such runs exist.");
        final Map<String, List<PaperTable3.Medians>> medians = new LinkedHashMap<>();
        for (final ResultSet s : swept)
        {
            final List<PaperTable3.Medians> m = RunsReport.medians(s.runs());
            if (RunsReport.comparable(m))
            {
                medians.put(s.label(), m);
            }
        }
        final boolean sideBySide = medians.size() > 1;
        if (sideBySide)
        {
            intro.table("Table 3 layout, labels side by side: improvement over postcopy, %", RunsReport.table3(medians));
            intro.text(RunsReport.TABLE3_NOTE);
        }
        final List<Section> sections = new ArrayList<>();
        sections.add(intro);
        for (final ResultSet s : swept)
        {
            final String folder = s.label() + "/" + ResultSet.RUNS_FOLDER;
            // Each label's own Table 3 only when the side-by-side one above does not already hold it.
            sections.addAll(RunsReport.sections(folder, "`" + folder + "`", s.runs(), !sideBySide));
        }
        return sections;
    }

    /** The fault-latency CDF across the labels' harness sweeps, or one line saying there is none. */
    private Section faultLatencyCdf()
    {
        final Map<String, List<RunsReport.Run>> runs = new LinkedHashMap<>();
        sets.forEach(s -> runs.put(s.label(), s.runs()));
        final Section cdf = FaultLatencyCdf.section(runs);
        return cdf != null ? cdf : new Section(FaultLatencyCdf.TITLE).text("No fault-latency histograms: no " +
            "successful run of a harness sweep has a `" + RunsReport.HLOG_FILE + "` with faults.");
    }

    private static String migrationParams(final JmhResult r)
    {
        final Map<String, String> p = r.params();
        final StringBuilder sb = new StringBuilder(p.getOrDefault("algorithm", "?"));
        sb.append(" E=").append(p.getOrDefault("throttlePercent", "?"));
        sb.append(" N=").append(p.getOrDefault("prefetchPages", "?"));
        for (final Map.Entry<String, String> e : p.entrySet())
        {
            if (!List.of("algorithm", "throttlePercent", "prefetchPages").contains(e.getKey()))
            {
                sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    private Section allResults()
    {
        final Section section = new Section("All results");
        section.text("Score ± 99.9% error per label; p50/p99 for sample-time benchmarks; allocation in B/op " +
            "(" + Table.WARN + " on a steady-state benchmark above " + Fmt.num(ALLOC_LIMIT_BYTES) + " B/op).");
        final Map<String, List<String>> keysByClass = new LinkedHashMap<>();
        final Map<String, JmhResult> first = new LinkedHashMap<>();
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (!first.containsKey(r.key()))
                {
                    first.put(r.key(), r);
                    keysByClass.computeIfAbsent(r.className(), c -> new ArrayList<>()).add(r.key());
                }
            }
        }
        for (final Map.Entry<String, List<String>> c : keysByClass.entrySet())
        {
            final List<JmhResult> anyResults = new ArrayList<>();
            c.getValue().forEach(k -> anyResults.add(first.get(k)));
            final boolean sampled = anyResults.stream().anyMatch(JmhResult::sampled);
            final boolean threadAlloc = sets.stream().flatMap(s -> s.results().stream())
                .anyMatch(r -> r.className().equals(c.getKey()) && r.secondary().containsKey(JmhResult.THREAD_ALLOC));
            final List<String> header = new ArrayList<>(List.of("benchmark", "params", "mode", "unit"));
            for (final ResultSet s : sets)
            {
                final String l = sets.size() > 1 ? " `" + s.label() + "`" : "";
                header.add("score" + l);
                if (sampled)
                {
                    header.add("p50" + l);
                    header.add("p99" + l);
                }
                header.add("gc.alloc.rate.norm B/op" + l);
                if (threadAlloc)
                {
                    header.add("thread alloc B/op" + l);
                }
            }
            final Table t = new Table(header, 4);
            for (final String k : c.getValue())
            {
                final JmhResult any = first.get(k);
                final List<Table.Cell> row = t.addRow();
                row.addAll(List.of(Table.cell(any.method()), Table.cell(any.paramsText()), Table.cell(any.mode()),
                    Table.cell(any.unit())));
                for (final ResultSet s : sets)
                {
                    final JmhResult r = byKey(s, k);
                    row.add(Table.cell(r == null ? Fmt.NONE : Fmt.scoreError(r.score(), r.scoreError())));
                    if (sampled)
                    {
                        row.add(Table.cell(r == null ? Fmt.NONE : Fmt.num(r.percentile(50))));
                        row.add(Table.cell(r == null ? Fmt.NONE : Fmt.num(r.percentile(99))));
                    }
                    final AllocEvidence e = r == null ? null : AllocEvidence.of(r);
                    final double gc = r == null ? Double.NaN : r.secondaryValue(JmhResult.GC_ALLOC_NORM);
                    row.add(Table.cell(Fmt.num(gc), e != null && e.over() && !e.fromThreads()));
                    if (threadAlloc)
                    {
                        final double ta = r == null ? Double.NaN : r.secondaryValue(JmhResult.THREAD_ALLOC);
                        row.add(Table.cell(Fmt.num(ta), e != null && e.over() && e.fromThreads()));
                    }
                }
            }
            section.table(c.getKey(), t);
        }
        return section;
    }

    private static JmhResult byKey(final ResultSet s, final String key)
    {
        for (final JmhResult r : s.results())
        {
            if (r.key().equals(key))
            {
                return r;
            }
        }
        return null;
    }

    static String shortName(final JmhResult r)
    {
        return r.className() + "." + r.method();
    }

    private static List<String> concat(final List<String> a, final List<String> b)
    {
        final List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    /** A pre-copy result and the label of its set. @param label the set's label. @param result the result. */
    private record PrecopyPoint(String label, JmhResult result)
    {
    }

    /**
     * What a result says about its own allocation.
     *
     * @param bytesPerOp  bytes per operation, NaN when unknown.
     * @param fromThreads whether it comes from the per-thread counter rather than the GC profiler.
     * @param over        whether it is a steady-state result above {@link #ALLOC_LIMIT_BYTES}.
     */
    record AllocEvidence(double bytesPerOp, boolean fromThreads, boolean over)
    {
        static AllocEvidence of(final JmhResult r)
        {
            final double threads = r.secondaryValue(JmhResult.THREAD_ALLOC);
            final boolean fromThreads = !Double.isNaN(threads);
            final double bytes = fromThreads ? threads : r.secondaryValue(JmhResult.GC_ALLOC_NORM);
            return new AllocEvidence(bytes, fromThreads, r.steadyState() && bytes > ALLOC_LIMIT_BYTES);
        }

        String source()
        {
            return fromThreads ? JmhResult.THREAD_ALLOC : JmhResult.GC_ALLOC_NORM;
        }
    }
}
