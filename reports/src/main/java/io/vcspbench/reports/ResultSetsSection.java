package io.vcspbench.reports;

import java.util.List;
import java.util.Map;

/** The bench report's first section: a row per labelled result set, with its preset, JVM, CPU and start. */
final class ResultSetsSection
{
    private ResultSetsSection()
    {
    }

    static Section section(final List<ResultSet> sets)
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
}
