package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench report's changes between labels, as Go's benchstat shows them: per benchmark and
 * parameter point, the first label's median of the per-iteration scores beside another label's,
 * the change with its 95 % interval or "~" where it is within noise, the Mann–Whitney p and the
 * sample counts ({@link Stats}). Absent with one label.
 */
final class BenchChangesSection
{
    /** The section's title. */
    static final String TITLE = "Changes between labels";

    /** Secondary metrics compared beside the score, per benchmark class: a migration's own figures, ms. */
    static final Map<String, List<String>> SECONDARY = Map.of(MigrationsSection.MIGRATION,
        List.of("downtimeMs", "totalMigrationTimeMs"));

    private BenchChangesSection()
    {
    }

    /**
     * @param sets the result sets, the first one the baseline.
     * @return the section, or null with fewer than two sets.
     */
    static Section section(final List<ResultSet> sets)
    {
        if (sets.size() < 2)
        {
            return null;
        }
        final ResultSet base = sets.get(0);
        final Section section = new Section(TITLE);
        section.text("Each label against the first, `" + base.label() + "`, as Go's benchstat compares: the samples " +
            "are the scores of every measured iteration of every fork (sample-time benchmarks: each iteration's " +
            "mean; for `" + MigrationsSection.MIGRATION + "` also each migration's downtime and total time), a " +
            "column gives each label's median, and change = other / baseline − 1 with its 95% " +
            "confidence interval (bootstrap of the ratio of medians, " + Stats.RESAMPLES + " resamples, fixed " +
            "seed). \"~\": the two-sided Mann–Whitney U test finds p > " + Fmt.tick(Stats.ALPHA) + ", the " +
            "difference is within noise. \"too few samples\": " + Stats.TOO_FEW_NOTE + "; run more forks or " +
            "iterations (`-f` and `-i` on the jar). Scores in each benchmark's unit: for thrpt higher " +
            "is better, for avgt, sample and ss lower.");
        for (final ResultSet other : sets.subList(1, sets.size()))
        {
            final Table t = new Table(List.of("benchmark", "params", "unit", "`" + base.label() + "`",
                "`" + other.label() + "`", "change [95% CI]", "p", "n"), 3);
            int changed = 0;
            int same = 0;
            int tooFew = 0;
            int unsampled = 0;
            for (final JmhResult b : base.results())
            {
                final JmhResult o = BenchResults.byKey(other, b.key());
                if (o == null)
                {
                    continue;
                }
                final List<Row> rows = new ArrayList<>();
                rows.add(new Row(BenchResults.shortName(b), b.unit(), Stats.compare(b.sampleArray(), o.sampleArray())));
                for (final String metric : SECONDARY.getOrDefault(b.className(), List.of()))
                {
                    rows.add(new Row(BenchResults.shortName(b) + " " + metric, "ms",
                        Stats.compare(b.secondarySamples(metric), o.secondarySamples(metric))));
                }
                for (final Row row : rows)
                {
                    final Stats.Comparison c = row.comparison();
                    if (c.n1() == 0 || c.n2() == 0)
                    {
                        unsampled++;
                        continue;
                    }
                    switch (c.verdict())
                    {
                        case CHANGED -> changed++;
                        case SAME -> same++;
                        default -> tooFew++;
                    }
                    t.addRow().addAll(List.of(Table.cell(row.name()), Table.cell(b.paramsText()),
                        Table.cell(row.unit()), Table.cell(Fmt.num(c.baseline())), Table.cell(Fmt.num(c.other())),
                        Table.cell(c.changeText()), Table.cell(c.pText()), Table.cell(c.nText())));
                }
            }
            // Captions are plain text in HTML: no code spans.
            final String caption = other.label() + " against " + base.label();
            if (t.rows().isEmpty())
            {
                section.text("`" + other.label() + "` against `" + base.label() + "`: no result of both has per-iteration data (`rawData` in jmh.json)" +
                    (unsampled > 0 ? "." : "; they share no benchmark and parameters."));
                continue;
            }
            section.table(caption, t);
            section.text(changed + " changed, " + same + " within noise, " + tooFew + " with too few samples" +
                (unsampled > 0 ? "; " + unsampled + " without per-iteration data left out." : "."));
        }
        return section;
    }

    /** One compared figure. @param name what it is. @param unit its unit. @param comparison the comparison. */
    private record Row(String name, String unit, Stats.Comparison comparison)
    {
    }
}
