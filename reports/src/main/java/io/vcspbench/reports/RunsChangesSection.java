package io.vcspbench.reports;

import io.vcspbench.reports.RunsReport.Run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes between result folders (or the bench report's labels' sweeps), as Go's benchstat shows
 * them: per point (runs sharing every setting; the repeats are the samples) and main metric, the
 * first folder's median beside another's, the change with its 95 % interval or "~" where it is
 * within noise, the Mann–Whitney p and the repeat counts ({@link Stats}). Absent with fewer than
 * two folders with runs.
 */
final class RunsChangesSection
{
    /** The metrics compared, each beside its caption. */
    static final List<String> METRICS = List.of("downtimeMs", "totalMigrationTimeMs", "faultLatencyP50Us",
        "faultLatencyP99Us");
    private static final List<String> CAPTIONS = List.of("downtime ms", "total migration time ms",
        "fault latency p50 µs", "fault latency p99 µs");

    private RunsChangesSection()
    {
    }

    /**
     * @param sets the bench report's result sets, the first with a sweep the baseline.
     * @return the section across their harness sweeps, or null with fewer than two sweeps.
     */
    static Section bench(final List<ResultSet> sets)
    {
        final Map<String, List<Run>> byLabel = new LinkedHashMap<>();
        sets.forEach(s -> byLabel.put(s.label(), s.runs()));
        return section("Harness sweeps: changes between labels", byLabel);
    }

    /**
     * @param title    the section's title.
     * @param byLabel  each folder's runs by its label, in report order; the first with runs is the baseline.
     * @return the section, or null with fewer than two labels with runs.
     */
    static Section section(final String title, final Map<String, List<Run>> byLabel)
    {
        final List<String> labels = new ArrayList<>();
        byLabel.forEach((label, runs) ->
        {
            if (!runs.isEmpty())
            {
                labels.add(label);
            }
        });
        if (labels.size() < 2)
        {
            return null;
        }
        final String base = labels.get(0);
        final Map<String, List<Run>> basePoints = points(byLabel.get(base));
        final Section section = new Section(title);
        section.text("Each against the first, `" + base + "`, as Go's benchstat compares: a point is the runs " +
            "that share every setting, its repeats are the samples (successful runs only); per metric a column " +
            "gives each side's median, and change = other / baseline − 1 with its 95% confidence interval " +
            "(bootstrap of the ratio of medians, " + Stats.RESAMPLES + " resamples, fixed seed). \"~\": the " +
            "two-sided Mann–Whitney U test finds p > " + Fmt.tick(Stats.ALPHA) + ", the difference is within " +
            "noise. \"too few samples\": " + Stats.TOO_FEW_NOTE + "; sweep with `--repeat 5` or more. Lower is better for " +
            "every metric here.");
        for (final String label : labels.subList(1, labels.size()))
        {
            final Map<String, List<Run>> otherPoints = points(byLabel.get(label));
            final List<String> common = new ArrayList<>();
            final List<Map<String, String>> configs = new ArrayList<>();
            for (final Map.Entry<String, List<Run>> p : basePoints.entrySet())
            {
                if (otherPoints.containsKey(p.getKey()))
                {
                    common.add(p.getKey());
                    configs.add(p.getValue().get(0).config());
                }
            }
            // Captions are plain text in HTML: no code spans.
            final String against = label + " against " + base;
            if (common.isEmpty())
            {
                section.text("`" + label + "` against `" + base + "`: no point ran successfully in both.");
                continue;
            }
            final Set<String> varying = Runs.varying(configs, Runs.ARM_KEYS);
            for (int m = 0; m < METRICS.size(); m++)
            {
                final String metric = METRICS.get(m);
                final Table t = new Table(List.of("point", "`" + base + "`", "`" + label + "`", "change [95% CI]",
                    "p", "n"), 1);
                for (final String key : common)
                {
                    final List<Run> a = basePoints.get(key);
                    final Stats.Comparison c = Stats.compare(values(a, metric), values(otherPoints.get(key), metric));
                    if (c.n1() == 0 || c.n2() == 0)
                    {
                        continue;
                    }
                    t.addRow().addAll(List.of(Table.cell(pointText(a.get(0), varying)),
                        Table.cell(Fmt.num(c.baseline())), Table.cell(Fmt.num(c.other())), Table.cell(c.changeText()),
                        Table.cell(c.pText()), Table.cell(c.nText())));
                }
                if (!t.rows().isEmpty())
                {
                    section.table(against + ": " + CAPTIONS.get(m), t);
                }
            }
        }
        return section;
    }

    /** @return the successful runs grouped by their whole config, in report order. */
    private static Map<String, List<Run>> points(final List<Run> runs)
    {
        final Map<String, List<Run>> points = new LinkedHashMap<>();
        for (final Run r : Runs.sorted(runs))
        {
            if (r.succeeded())
            {
                points.computeIfAbsent(r.config().toString(), k -> new ArrayList<>()).add(r);
            }
        }
        return points;
    }

    private static double[] values(final List<Run> runs, final String metric)
    {
        return runs.stream().mapToDouble(r -> r.metric(metric)).toArray();
    }

    /** @return algorithm, E and N, then key=value for each other setting that varies among the points. */
    private static String pointText(final Run r, final Set<String> varying)
    {
        final StringBuilder sb = new StringBuilder(Runs.armText(r));
        varying.forEach(k -> sb.append(' ').append(k).append('=').append(r.text(k)));
        return sb.toString();
    }
}
