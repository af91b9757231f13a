package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bench report: its sections, in order, from labelled result sets ({@link JmhJson#scan} loads
 * them), one column (or column group) per label. Each section is a class of its own that reads
 * nothing but the given results; this class only lists them, so adding a section is one line here
 * and one new class. The Markdown and HTML writers render the same sections.
 */
final class BenchReport
{
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

    /** @return the sections in order; a section that has nothing to show and says nothing is left out. */
    List<Section> sections()
    {
        final List<Section> sections = new ArrayList<>();
        sections.add(ResultSetsSection.section(sets));
        sections.add(EnvironmentSection.section(sets));
        sections.add(BenchChangesSection.section(sets));
        sections.add(FaultLatencySection.section(sets));
        sections.add(FaultUnderLoadSection.section(sets));
        sections.add(FaultBackendSection.section(sets));
        sections.add(AllocationSection.section(sets));
        sections.add(MigrationsSection.section(sets));
        sections.add(PrecopyDowntimeSection.section(sets));
        sections.add(ThrottlerAccuracySection.section(sets));
        sections.addAll(HarnessSweepsSection.sections(sets));
        sections.add(RunsChangesSection.bench(sets));
        sections.add(HarnessSweepsSection.cdf(sets));
        sections.add(AllResultsSection.section(sets));
        ProfilesSection.of(sets).ifPresent(sections::add);
        sections.removeIf(Objects::isNull);
        return sections;
    }
}
