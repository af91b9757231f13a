package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench report's fault latency under the migration's push against plain request/response beside
 * a plain stream: a row per point, per label the percentiles and means side by side, their ratios and
 * the two background rates, each ratio marked beyond its target.
 */
final class FaultUnderLoadSection
{
    /** The fault under push and its loaded plain baseline, as {@code Class.method}. */
    static final String FAULT_UNDER_LOAD = "FaultUnderLoadBenchmark.fault";
    static final String PLAIN_UNDER_LOAD = "PlainUnderLoadBenchmark.roundTrip";

    /** Under push, a fault's mean latency above this many times the loaded plain round trip's gets a warning mark. */
    static final double UNDER_LOAD_MEAN_RATIO_LIMIT = 1.5;

    /** Under push, a fault's p99 above this many times the loaded plain round trip's gets a warning mark. */
    static final double UNDER_LOAD_P99_RATIO_LIMIT = 2.0;

    /** Unpaced, a push moving less than this share of the plain stream's MB/s gets a warning mark. */
    static final double UNPACED_PUSH_SHARE_FLOOR = 0.8;

    private FaultUnderLoadSection()
    {
    }

    /**
     * Fault latency while the migration's push runs, against plain request/response while a plain
     * stream runs: a row per point, per label the percentiles and means side by side, their ratios
     * and the two background rates, each ratio marked beyond its target.
     */
    static Section section(final List<ResultSet> sets)
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
            FaultLatencySection.PLAIN_WAY + " under the same kind of load: a 12-byte request and N × 4 KiB of raw bytes back on one " +
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
            final double bandwidthMbit = BenchResults.number(p.get("bandwidthMbit"));
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
                p.getOrDefault("pages", "?") + " " + p.getOrDefault("waitStrategy", "") + BenchResults.otherParams(p, others),
                FaultPair.bars(pairs));
        }
        return section.table(null, t).chart(chart);
    }
}
