package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The bench report's environment: every key of the labels' {@code environment.json} in a row, a column per label. */
final class EnvironmentSection
{
    private static final List<String> ENV_KEYS = List.of("jvmName", "jvmVersion", "jvmVendor", "jvm", "jvmArgs",
        "cpuModel", "cores", "memoryTotal", "os", "kernel", "hostname", "preset", "jmhVersion", "startedAt");
    private static final List<String> ENV_SKIPPED = List.of("passes", "sweep", "schema", "label", "javaVersion",
        ProfilesSection.PROFILES);

    private EnvironmentSection()
    {
    }

    static Section section(final List<ResultSet> sets)
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
}
