package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench report's fault by backend: the quasi-MMU, a real userfaultfd fault through our link and
 * threads, and the kernel's userfaultfd round trip alone as the floor; a row per push and N, per label
 * the percentiles and means of the three side by side and uffd's ratios to the other two, with a bar
 * chart, and for each label without uffd rows the launcher's reason and how to measure them.
 */
final class FaultBackendSection
{
    /** The fault by backend, as {@code Class.method}. */
    static final String FAULT_BY_BACKEND = "FaultBackendBenchmark.fault";
    /** The parameter that names the backend, and its values in column order. */
    static final String BACKEND = "backend";
    static final List<String> BACKENDS = List.of("mmu", "uffd", "floor");
    /** The environment.json key where the bench launcher says whether uffd ran, and its value when it did. */
    static final String UFFD_KEY = "uffd";
    static final String UFFD_MEASURED = "measured";
    /** How to measure the uffd and floor rows: the bench job built and run on a JDK 22+, this benchmark alone. */
    static final String UFFD_COMMAND = "JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B verify -Pbench " +
        "-Dbench.include=FaultBackend -Dbench.label=uffd";

    private FaultBackendSection()
    {
    }

    /**
     * The three backends at each point, one row per push and N, per label p50, p99 and mean of each,
     * and uffd's ratios to mmu and to the floor at p50 and of the means.
     */
    static Section section(final List<ResultSet> sets)
    {
        final Section section = new Section("Fault backends");
        final List<Map<String, String>> points = points(sets);
        if (points.isEmpty())
        {
            return section.text("No fault-backend results.");
        }
        section.text("One fault on a page that has not arrived (`" + FAULT_BY_BACKEND + "`: N pages, the benchmark " +
            "thread being the destination vCPU), by fault backend. mmu, the quasi-MMU: a bitmap check misses and the " +
            "vCPU fetches the pages itself over the migration's link. uffd, a real Linux userfaultfd fault: the vCPU " +
            "traps in the kernel, a handler thread reads the fault and sends the same request over the same link, and " +
            "the receiver installs the pages with UFFDIO_COPY, which wakes the vCPU. floor: the kernel's userfaultfd " +
            "round trip with nothing of ours in it: the fault is read and the pages installed from local memory at " +
            "once, no link, no request.");
        section.text("So uffd − floor is what our link, protocol and threads add, and uffd against mmu is what the " +
            "quasi-MMU leaves out: the trap, the handler's wake-up, UFFDIO_COPY and the vCPU's wake-up. push on: the " +
            "source pushes every other page meanwhile at 1 Gbit/s (for the floor, a thread installs pages at that " +
            "rate). Latencies in µs, each cell mmu / uffd / floor; ratios of uffd to mmu and to the floor, at p50 and " +
            "of the means. Compare backends only within one label (one run on one machine): across labels the JVM, " +
            "the kernel and the load all change.");
        boolean anyMissing = false;
        for (final ResultSet s : sets)
        {
            final String missing = missingUffd(s);
            if (missing != null)
            {
                section.text(missing);
                anyMissing = true;
            }
        }
        if (anyMissing)
        {
            section.text("uffd and floor run only where the forks' JVM is Java 22+, the build was made on a JDK 22+ " +
                "and the kernel lets the process use userfaultfd. To measure them: `" + UFFD_COMMAND + "` (a label " +
                "of its own, so the set already in target/bench is kept beside it, not replaced).");
        }
        final List<String> known = List.of(BACKEND, "push", "pages");
        final List<String> others = FaultPair.varyingOthers(points, known);
        final List<String> header = new ArrayList<>(List.of("push", "N"));
        header.addAll(others);
        final List<String> series = new ArrayList<>();
        for (final ResultSet s : sets)
        {
            final String l = sets.size() > 1 ? " `" + s.label() + "`" : "";
            for (final String column : List.of("p50 mmu / uffd / floor", "p99 mmu / uffd / floor",
                "mean mmu / uffd / floor", "uffd / mmu p50", "uffd / floor p50", "uffd / mmu mean", "uffd / floor mean"))
            {
                header.add(column + l);
            }
            for (final String b : BACKENDS)
            {
                series.add(b + " p50" + (sets.size() > 1 ? " " + s.label() : ""));
                series.add(b + " p99" + (sets.size() > 1 ? " " + s.label() : ""));
            }
        }
        final Table t = new Table(header, 2 + others.size());
        final BarChart chart = new BarChart("Fault latency by backend, p50 and p99", "µs (log scale)", true, series);
        for (final Map<String, String> p : points)
        {
            final List<Table.Cell> row = t.addRow();
            row.add(Table.cell(p.getOrDefault("push", Fmt.NONE)));
            row.add(Table.cell(p.getOrDefault("pages", Fmt.NONE)));
            others.forEach(k -> row.add(Table.cell(p.getOrDefault(k, Fmt.NONE))));
            final double[] bars = new double[series.size()];
            int b = 0;
            for (final ResultSet s : sets)
            {
                final Backends at = Backends.of(s, p);
                row.add(Table.cell(at.cell(Backends.percentile(50))));
                row.add(Table.cell(at.cell(Backends.percentile(99))));
                row.add(Table.cell(at.cell(Backends.MEAN)));
                row.add(Table.cell(Fmt.ratio(at.uffd(50) / at.mmu(50))));
                row.add(Table.cell(Fmt.ratio(at.uffd(50) / at.floor(50))));
                row.add(Table.cell(Fmt.ratio(Backends.MEAN.of(at.uffd()) / Backends.MEAN.of(at.mmu()))));
                row.add(Table.cell(Fmt.ratio(Backends.MEAN.of(at.uffd()) / Backends.MEAN.of(at.floor()))));
                for (final JmhResult r : at.inOrder())
                {
                    bars[b++] = Backends.percentile(50).of(r);
                    bars[b++] = Backends.percentile(99).of(r);
                }
            }
            chart.addGroup("push=" + p.getOrDefault("push", "?") + " N=" + p.getOrDefault("pages", "?") +
                BenchResults.otherParams(p, others), bars);
        }
        return section.table(null, t).chart(chart);
    }

    /** @return the parameters of every fault-backend result without the backend, each point once, in first-seen order. */
    private static List<Map<String, String>> points(final List<ResultSet> sets)
    {
        final Map<Map<String, String>, Map<String, String>> points = new LinkedHashMap<>();
        for (final ResultSet s : sets)
        {
            for (final JmhResult r : s.results())
            {
                if (BenchResults.shortName(r).equals(FAULT_BY_BACKEND))
                {
                    final Map<String, String> point = withoutBackend(r.params());
                    points.putIfAbsent(point, point);
                }
            }
        }
        return new ArrayList<>(points.values());
    }

    private static Map<String, String> withoutBackend(final Map<String, String> params)
    {
        final Map<String, String> point = new LinkedHashMap<>(params);
        point.remove(BACKEND);
        return point;
    }

    /**
     * @param s a result set.
     * @return a sentence saying the set has no uffd rows and why, as its environment.json has it, or null
     * when it has some.
     */
    private static String missingUffd(final ResultSet s)
    {
        boolean any = false;
        for (final JmhResult r : s.results())
        {
            if (BenchResults.shortName(r).equals(FAULT_BY_BACKEND))
            {
                any = true;
                if ("uffd".equals(r.params().get(BACKEND)))
                {
                    return null;
                }
            }
        }
        final String reason = s.environment().get(UFFD_KEY);
        final String why = reason == null || reason.isBlank() || reason.equals(UFFD_MEASURED) ?
            "its environment.json gives no reason." : "the bench launcher's probe said \"" + reason + "\".";
        return (any ? "No uffd or floor rows in `" : "No fault-backend results in `") + s.label() + "`: " + why;
    }

    /** One figure of a result, NaN when the result is missing. */
    @FunctionalInterface
    private interface Figure
    {
        double of(JmhResult r);
    }

    /**
     * The three backends' results of one set at one point; any may be null. Immutable.
     *
     * @param mmu   the quasi-MMU's result, or null.
     * @param uffd  the userfaultfd fault's result, or null.
     * @param floor the kernel round trip's result, or null.
     */
    private record Backends(JmhResult mmu, JmhResult uffd, JmhResult floor)
    {
        /** The sample-time score: the mean, µs. */
        static final Figure MEAN = r -> r == null ? Double.NaN : r.score();

        static Figure percentile(final double percentile)
        {
            return r -> r == null ? Double.NaN : r.percentile(percentile);
        }

        static Backends of(final ResultSet s, final Map<String, String> point)
        {
            final JmhResult[] found = new JmhResult[BACKENDS.size()];
            for (final JmhResult r : s.results())
            {
                if (!BenchResults.shortName(r).equals(FAULT_BY_BACKEND))
                {
                    continue; // other benchmarks have no backend parameter
                }
                final int i = BACKENDS.indexOf(r.params().getOrDefault(BACKEND, ""));
                if (i >= 0 && found[i] == null && withoutBackend(r.params()).equals(point))
                {
                    found[i] = r;
                }
            }
            return new Backends(found[0], found[1], found[2]);
        }

        List<JmhResult> inOrder()
        {
            final List<JmhResult> results = new ArrayList<>();
            results.add(mmu);
            results.add(uffd);
            results.add(floor);
            return results;
        }

        double mmu(final double percentile)
        {
            return percentile(percentile).of(mmu);
        }

        double uffd(final double percentile)
        {
            return percentile(percentile).of(uffd);
        }

        double floor(final double percentile)
        {
            return percentile(percentile).of(floor);
        }

        /** @return "mmu / uffd / floor" of the figure, µs. */
        String cell(final Figure figure)
        {
            return Fmt.num(figure.of(mmu)) + " / " + Fmt.num(figure.of(uffd)) + " / " + Fmt.num(figure.of(floor));
        }
    }
}
