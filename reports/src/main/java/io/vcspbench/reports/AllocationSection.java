package io.vcspbench.reports;

import java.util.List;

/**
 * The bench report's allocation check: the steady-state results that allocate more than
 * {@link #ALLOC_LIMIT_BYTES} per operation, by the best evidence each has.
 */
final class AllocationSection
{
    /** Steady-state benchmarks allocating more than this per operation get a warning mark, B/op. */
    static final double ALLOC_LIMIT_BYTES = 1.0;

    private AllocationSection()
    {
    }

    static Section section(final List<ResultSet> sets)
    {
        final Section section = new Section("Allocation check");
        section.text("Steady-state benchmarks (every mode but single-shot) must allocate nothing per operation. " +
            "The evidence is `" + JmhResult.THREAD_ALLOC + "` where a benchmark reports it (bytes allocated by its " +
            "own threads, read per thread) and `" + JmhResult.GC_ALLOC_NORM + "` (GC profiler, every thread of the " +
            "fork, JMH's own per-iteration work included) otherwise; " + Table.WARN + " marks more than " +
            Fmt.num(ALLOC_LIMIT_BYTES) + " B/op.");
        final Table t = new Table(List.of("label", "benchmark", "params", "B/op", "measured by"), 3);
        int steady = 0;
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (!r.steadyState())
                {
                    continue;
                }
                steady++;
                final AllocEvidence e = AllocEvidence.of(r);
                if (e.over())
                {
                    t.addRow().addAll(List.of(Table.cell("`" + s.label() + "`"), Table.cell(BenchResults.shortName(r)),
                        Table.cell(r.paramsText()), Table.cell(Fmt.num(e.bytesPerOp()), true), Table.cell(e.source())));
                }
            }
        }
        if (t.rows().isEmpty())
        {
            return section.text("All " + steady + " steady-state results allocate at most " +
                Fmt.num(ALLOC_LIMIT_BYTES) + " B/op.");
        }
        return section.text(t.rows().size() + " of " + steady + " steady-state results allocate more:").table(null, t);
    }

    /**
     * What a result says about its own allocation.
     *
     * @param bytesPerOp  bytes per operation, NaN when unknown.
     * @param fromThreads whether it comes from the per-thread counter rather than the GC profiler.
     * @param over        whether it is a steady-state result above {@link #ALLOC_LIMIT_BYTES}.
     */
    record AllocEvidence(double bytesPerOp, boolean fromThreads, boolean over)
    {
        static AllocEvidence of(final JmhResult r)
        {
            final double threads = r.secondaryValue(JmhResult.THREAD_ALLOC);
            final boolean fromThreads = !Double.isNaN(threads);
            final double bytes = fromThreads ? threads : r.secondaryValue(JmhResult.GC_ALLOC_NORM);
            return new AllocEvidence(bytes, fromThreads, r.steadyState() && bytes > ALLOC_LIMIT_BYTES);
        }

        String source()
        {
            return fromThreads ? JmhResult.THREAD_ALLOC : JmhResult.GC_ALLOC_NORM;
        }
    }
}
