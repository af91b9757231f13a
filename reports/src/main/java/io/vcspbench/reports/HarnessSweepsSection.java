package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench report's harness sweeps: an introduction (with the labels' Table 3 side by side where more
 * than one has it), then each label's runs as the runs report has them; and the fault-latency CDF
 * across the labels' sweeps.
 */
final class HarnessSweepsSection
{
    private HarnessSweepsSection()
    {
    }

    static List<Section> sections(final List<ResultSet> sets)
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
            "N, and pre-copy downtime against dirty rate where such runs exist; then, with two labels or more, " +
            "each label's points against the first's.");
        final Map<String, List<PaperTable3.Medians>> medians = new LinkedHashMap<>();
        for (final ResultSet s : swept)
        {
            final List<PaperTable3.Medians> m = RunsTableSection.medians(s.runs());
            if (RunsTableSection.comparable(m))
            {
                medians.put(s.label(), m);
            }
        }
        final boolean sideBySide = medians.size() > 1;
        if (sideBySide)
        {
            intro.table("Table 3 layout, labels side by side: improvement over postcopy, %", RunsTableSection.table3(medians));
            intro.text(RunsTableSection.TABLE3_NOTE);
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
    static Section cdf(final List<ResultSet> sets)
    {
        final Map<String, List<RunsReport.Run>> runs = new LinkedHashMap<>();
        sets.forEach(s -> runs.put(s.label(), s.runs()));
        final Section cdf = FaultLatencyCdf.section(runs);
        return cdf != null ? cdf : new Section(FaultLatencyCdf.TITLE).text("No fault-latency histograms: no " +
            "successful run of a harness sweep has a `" + RunFolders.HLOG_FILE + "` with faults.");
    }
}
