package io.vcspbench.reports;

import io.vcspbench.reports.RunsReport.Run;
import io.vcspbench.reports.RunsReport.Series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A result folder's workload and link throughput over time, from each run's 100 ms series. */
final class ThroughputOverTimeSection
{
    /** Most throughput-over-time charts per result folder; the scenarios past it are named, not drawn. */
    static final int MAX_TIME_CHARTS = 6;

    /** Windows shorter than this (the run's last, cut short by its end) are left out of the plots, ms. */
    static final double MIN_WINDOW_MS = 10;

    private ThroughputOverTimeSection()
    {
    }

    /**
     * Workload throughput over time: the successful runs grouped into points (repeats share a
     * config), each point drawn from its median repeat by workload throughput, one chart per
     * scenario (every setting but algorithm, E and N) with a line per point.
     */
    static Section section(final String label, final List<Run> sorted)
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
            scenarios.computeIfAbsent(Runs.without(median.config(), Runs.ARM_KEYS).toString(), k -> new ArrayList<>()).add(median);
        }
        final List<Map<String, String>> scenarioConfigs = new ArrayList<>();
        scenarios.values().forEach(s -> scenarioConfigs.add(s.get(0).config()));
        final Set<String> varying = Runs.varying(scenarioConfigs, Runs.ARM_KEYS);

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
            final String scenario = Runs.scenarioText(lines.get(0), varying);
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
                final String line = Runs.armText(r);
                final Series s = r.series().withoutWindowsShorterThan(MIN_WINDOW_MS);
                if (drawn++ < RunsReport.MAX_LINES)
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
                    Table.cell(Fmt.num(Runs.median(s.workloadMBps()))), Table.cell(Fmt.num(max(s.workloadMBps()))),
                    Table.cell(Fmt.num(Runs.median(s.linkMBps()))), Table.cell(Fmt.num(Runs.median(s.cpuSharePercent())))));
            }
            section.chart(chart);
            section.chart(link);
        }
        if (!leftOut.isEmpty())
        {
            section.text("Not drawn (at most " + MAX_TIME_CHARTS + " charts of " + RunsReport.MAX_LINES + " lines): " +
                String.join("; ", leftOut) + ".");
        }
        return section.table(null, table);
    }

    /** The repeat with the median workload throughput (the lower of the two middle ones). */
    private static Run medianRun(final List<Run> repeats)
    {
        final List<Run> byThroughput = new ArrayList<>(repeats);
        byThroughput.sort(Comparator.comparingDouble(r -> r.metric("workloadThroughputMBps")));
        return byThroughput.get((byThroughput.size() - 1) / 2);
    }

    private static double max(final double[] values)
    {
        return Arrays.stream(values).filter(Double::isFinite).max().orElse(Double.NaN);
    }
}
