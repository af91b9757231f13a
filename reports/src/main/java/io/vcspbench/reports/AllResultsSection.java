package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bench report's last section: every result by benchmark class, a column group per label. */
final class AllResultsSection
{
    private AllResultsSection()
    {
    }

    static Section section(final List<ResultSet> sets)
    {
        final Section section = new Section("All results");
        section.text("Score ± 99.9% error per label; p50/p99 for sample-time benchmarks; allocation in B/op " +
            "(" + Table.WARN + " on a steady-state benchmark above " + Fmt.num(AllocationSection.ALLOC_LIMIT_BYTES) + " B/op).");
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
                    final JmhResult r = BenchResults.byKey(s, k);
                    row.add(Table.cell(r == null ? Fmt.NONE : Fmt.scoreError(r.score(), r.scoreError())));
                    if (sampled)
                    {
                        row.add(Table.cell(r == null ? Fmt.NONE : Fmt.num(r.percentile(50))));
                        row.add(Table.cell(r == null ? Fmt.NONE : Fmt.num(r.percentile(99))));
                    }
                    final AllocationSection.AllocEvidence e = r == null ? null : AllocationSection.AllocEvidence.of(r);
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
}
