package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench report's fault latency against the plain request/response baseline: a row per link, N
 * and wait strategy, per label p50 and p99 of both and their ratios, with a bar chart.
 */
final class FaultLatencySection
{
    static final String FAULT = "FaultLatencyBenchmark.fault";
    static final String PLAIN = "PlainRequestResponseBenchmark.roundTrip";
    /** The fault under push and its loaded plain baseline, as {@code Class.method}. */
    static final String FAULT_UNDER_LOAD = "FaultUnderLoadBenchmark.fault";
    static final String PLAIN_UNDER_LOAD = "PlainUnderLoadBenchmark.roundTrip";

    /** What every plain baseline is, in the fault sections' text. */
    static final String PLAIN_WAY = "the fastest plain way to move the same bytes over the same transport and wait " +
        "strategy";


    private FaultLatencySection()
    {
    }

    static Section section(final List<ResultSet> sets)
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
                p.getOrDefault("waitStrategy", "") + BenchResults.otherParams(p, others), FaultPair.bars(pairs));
        }
        return section.table(null, t).chart(chart);
    }
}
