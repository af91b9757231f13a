package io.vcspbench.reports;

import io.vcspbench.reports.RunsReport.Run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sections of a result folder that holds hybrid runs (Li and Cao 2023: hybrid-k, adaptive-hybrid,
 * parallel-hybrid): per scenario and algorithm the medians in the layout of the paper's Tables 4 and 5
 * (total time, total data with the link's and shared storage's parts, switch time, post-copy
 * duration, downtime as the paper defines it and as we do, rounds); PA-hybrid and As-hybrid against
 * 1-hybrid in %, beside the paper's published headline; and total time and data against k for
 * hybrid-k, the lowest k marked. The other algorithms of the folder (precopy, postcopy) appear as
 * references. A pure function of the runs; stateless and thread-safe.
 */
final class HybridSection
{
    /** The hybrid algorithms; a folder with none of them gets no hybrid section. */
    static final Set<String> HYBRIDS = Set.of("hybrid-k", "adaptive-hybrid", "parallel-hybrid");

    /** Li and Cao 2023, Table 5: 1-hybrid's total migration time, s. */
    static final double PAPER_ONE_HYBRID_TIME_S = 605.9;

    /** Li and Cao 2023, Table 5: PA-hybrid's total migration time, s. */
    static final double PAPER_PA_HYBRID_TIME_S = 465.5;

    /** Li and Cao 2023, Table 5: 1-hybrid's total migration data, MB as published. */
    static final double PAPER_ONE_HYBRID_DATA_MB = 30_720;

    /** Li and Cao 2023, Table 5: PA-hybrid's total migration data, MB as published. */
    static final double PAPER_PA_HYBRID_DATA_MB = 22_528;

    /** Li and Cao 2023's headline: PA-hybrid against 1-hybrid, total time, %. */
    static final double PAPER_TIME_CHANGE_PERCENT = -23.2;

    /** Li and Cao 2023's headline: PA-hybrid against 1-hybrid, total data, %. */
    static final double PAPER_DATA_CHANGE_PERCENT = -26.7;

    /** Title of the tables' section, before " in " and the folder's label. */
    static final String TITLE = "Hybrid migration (Li and Cao 2023)";

    /** Title of the section of time and data against k. */
    static final String K_TITLE = "Hybrid rounds k";

    /** Shown where there is no figure: no run, or a paper figure not entered here. */
    static final String NONE = "—";

    /** Most entries of a dirty schedule a scenario's name shows whole. */
    static final int SCHEDULE_ENTRIES = 5;

    private static final double MS_PER_S = 1000;
    private static final double BYTES_PER_MIB = 1024 * 1024;

    /**
     * Config keys that are not part of a scenario: what tells the algorithms apart, what sets the
     * guest's writing (the scenario's own name), the seed, which repeats share, and the backup, whose
     * default is the algorithm's (on for parallel-hybrid, which carries PbData, off for the others).
     */
    private static final List<String> NOT_SCENARIO = List.of("algorithm", "hybridRounds", "throttlePercent",
        "prefetchPages", "pattern", "dirtySchedule", "dirtyRateMbit", "writerOrder", "push", "seed", "backup");

    /** What the Table 4/5 layout's figures are. */
    static final String TABLE_NOTE = "Per scenario and algorithm the median over the successful repeats. " +
        "Total time: migration start until the VM runs on the target alone (`totalMigrationTimeMs`: to the last page " +
        "present), the paper's definition. Total data: everything sent source → target, the paper's definition: the " +
        "link's bytes (`bytesOnWire`, frame headers included) + shared storage's (`storageBytes`: what the source " +
        "wrote to the snapshot and backup files; reading it back moves the same data and is not counted again). Switch at: start → the CPU state's arrival " +
        "(`switchAtMs`; the end of stop-and-copy when adaptive-hybrid converged). Post-copy: the switch → the last " +
        "page (`postcopyMs`). Downtime (paper): the source suspended until the target resumed, fault stalls not " +
        "included (`switchoverMs`); downtime (ours): that plus every post-copy fault stall (`downtimeMs`). Switch " +
        "round: the round after which the run went to post-copy; " + NONE + " when it converged with stop-and-copy " +
        "instead, and (s/n) when s of its n repeats switched. precopy and postcopy are references: precopy stops and " +
        "copies after at most `maxRounds`; postcopy's guest runs only at the target (the writer's page order), so no " +
        "dirty schedule applies to it and its runs sit in every scenario.";

    /** Table order of the algorithms: {@link Arm#rank()}, then by name and k. */
    private static final Comparator<Arm> ARM_ORDER = Comparator.comparingInt(Arm::rank).thenComparing(Arm::algorithm)
        .thenComparingInt(Arm::k);

    private HybridSection()
    {
    }

    /**
     * One algorithm as the tables name it.
     *
     * @param algorithm its CLI name.
     * @param k         hybrid-k's rounds, 0 for the others.
     */
    record Arm(String algorithm, int k)
    {
        /** @return the paper's name beside ours, e.g. "1-hybrid (hybrid-k k=1)". */
        String text()
        {
            return switch (algorithm)
            {
                case "hybrid-k" -> k + "-hybrid (hybrid-k k=" + k + ")";
                case "adaptive-hybrid" -> "As-hybrid (adaptive-hybrid)";
                case "parallel-hybrid" -> "PA-hybrid (parallel-hybrid)";
                default -> algorithm;
            };
        }

        /** @return the order of the tables: hybrid-k by k, As-, PA-hybrid, then the pre-copy and post-copy references. */
        int rank()
        {
            return switch (algorithm)
            {
                case "hybrid-k" -> k;
                case "adaptive-hybrid" -> 10_000;
                case "parallel-hybrid" -> 10_001;
                default -> Runs.PRECOPY_FAMILY.contains(algorithm) ? 10_002 : 10_003;
            };
        }

        static Arm of(final Run r)
        {
            return new Arm(r.algorithm(), r.algorithm().equals("hybrid-k") ? (int)r.number("hybridRounds") : 0);
        }
    }

    /**
     * One scenario: how the guest wrote at the source, and the settings that tell it from the others.
     *
     * @param name  as the tables say it.
     * @param arms  the successful runs of each algorithm, in table order; failed runs are counted apart.
     * @param failed runs of the scenario that failed.
     */
    record Scenario(String name, TreeMap<Arm, List<Run>> arms, int[] failed)
    {
        /** @return the runs of an algorithm, empty when it has none. */
        List<Run> runs(final String algorithm, final int k)
        {
            return arms.getOrDefault(new Arm(algorithm, k), List.of());
        }
    }

    /**
     * @param label  what the sections are titled by.
     * @param sorted the folder's runs in report order.
     * @return the Table 4/5 section and the k section; none when no run is a hybrid.
     */
    static List<Section> sections(final String label, final List<Run> sorted)
    {
        if (sorted.stream().noneMatch(r -> HYBRIDS.contains(r.algorithm())))
        {
            return List.of();
        }
        final List<Scenario> scenarios = scenarios(sorted);
        final List<Section> sections = new ArrayList<>();
        sections.add(tables(label, scenarios));
        final Section k = rounds(label, scenarios);
        if (k != null)
        {
            sections.add(k);
        }
        return sections;
    }

    /**
     * Groups the runs into scenarios: the writer's schedule (or constant rate, or the pattern of a
     * guest that does not write at a set rate) with every other setting that differs among them. Runs
     * of the post-copy family, whose guest runs only at the target, join every scenario whose other
     * settings they share.
     */
    static List<Scenario> scenarios(final List<Run> sorted)
    {
        final List<Map<String, String>> configs = sorted.stream().map(Run::config).toList();
        final List<String> rest = new ArrayList<>(Runs.varying(configs, NOT_SCENARIO));
        final Map<String, Scenario> byKey = new LinkedHashMap<>();
        final List<Run> everywhere = new ArrayList<>();
        for (final Run r : sorted)
        {
            if (!precopyPhase(r.algorithm()))
            {
                everywhere.add(r);
                continue;
            }
            final StringBuilder name = new StringBuilder("scenario ").append(byKey.size() + 1).append(": ")
                .append(writing(r));
            rest.forEach(key -> name.append(", ").append(key).append('=').append(r.text(key)));
            add(byKey.computeIfAbsent(restKey(r) + "\u0000" + writing(r), k -> new Scenario(name.toString(),
                new TreeMap<>(ARM_ORDER), new int[1])), r);
        }
        for (final Run r : everywhere)
        {
            byKey.forEach((key, s) ->
            {
                if (key.startsWith(restKey(r) + "\u0000"))
                {
                    add(s, r);
                }
            });
        }
        return new ArrayList<>(byKey.values());
    }

    private static void add(final Scenario s, final Run r)
    {
        if (r.succeeded())
        {
            s.arms().computeIfAbsent(Arm.of(r), a -> new ArrayList<>()).add(r);
        }
        else
        {
            s.failed()[0]++;
        }
    }

    private static String restKey(final Run r)
    {
        return Runs.without(r.config(), NOT_SCENARIO).toString();
    }

    /** @return how the guest wrote at the source: the dirty schedule, a constant rate, or another pattern. */
    private static String writing(final Run r)
    {
        if (!Runs.WRITER.equals(r.text("pattern")))
        {
            return "pattern " + r.text("pattern");
        }
        return r.text("dirtySchedule").isEmpty() ? "dirty rate " + r.text("dirtyRateMbit") + " Mbit/s" :
            "dirty schedule " + shortSchedule(r.text("dirtySchedule"));
    }

    /**
     * @param schedule a dirty schedule's text, rate@time entries.
     * @return it whole up to {@link #SCHEDULE_ENTRIES} entries, else the first of them, "…", the last and
     * the count (the bursts scenario has 21).
     */
    static String shortSchedule(final String schedule)
    {
        final String[] entries = schedule.split(",");
        if (entries.length <= SCHEDULE_ENTRIES)
        {
            return schedule;
        }
        return String.join(",", List.of(entries).subList(0, SCHEDULE_ENTRIES - 1)) + ",…," +
            entries[entries.length - 1] + " (" + entries.length + " steps)";
    }

    private static boolean precopyPhase(final String algorithm)
    {
        return HYBRIDS.contains(algorithm) || Runs.PRECOPY_FAMILY.contains(algorithm);
    }

    private static Section tables(final String label, final List<Scenario> scenarios)
    {
        int failed = 0;
        for (final Scenario s : scenarios)
        {
            failed += s.failed()[0];
        }
        final Section section = new Section(TITLE + " in " + label);
        section.text("The layout of Li and Cao 2023's Tables 4 and 5, one table per scenario: per algorithm total " +
            "migration time and data, when the switch to post-copy came, how long post-copy took, and downtime under " +
            "the paper's definition and ours." +
            (failed > 0 ? " Left out: " + failed + " failed " + (failed == 1 ? "run." : "runs.") : ""));
        for (final Scenario s : scenarios)
        {
            final Table table = new Table(List.of("algorithm", "runs", "total time s", "total data MiB", "link MiB",
                "storage MiB", "switch at s", "post-copy s", "downtime ms (paper: switchover)",
                "downtime ms (ours: + fault stalls)", "pre-copy rounds", "switch round"), 1);
            s.arms().forEach((arm, runs) ->
            {
                final List<Table.Cell> row = table.addRow();
                row.add(Table.cell(arm.text()));
                row.add(Table.cell(Integer.toString(runs.size())));
                row.add(Table.cell(seconds(Runs.median(runs, r -> r.metric("totalMigrationTimeMs")))));
                row.add(Table.cell(orNone(totalDataMiB(runs))));
                row.add(Table.cell(orNone(Runs.median(runs, r -> r.metric("bytesOnWire")) / BYTES_PER_MIB)));
                row.add(Table.cell(orNone(Runs.median(runs, r -> r.metric("storageBytes")) / BYTES_PER_MIB)));
                row.add(Table.cell(seconds(Runs.median(runs, r -> r.metric("switchAtMs")))));
                row.add(Table.cell(seconds(Runs.median(runs, r -> r.metric("postcopyMs")))));
                row.add(Table.cell(orNone(Runs.median(runs, r -> r.metric("switchoverMs")))));
                row.add(Table.cell(orNone(Runs.median(runs, r -> r.metric("downtimeMs")))));
                final double rounds = Runs.median(runs, r -> r.metric("precopyRounds"));
                row.add(Table.cell(Double.isFinite(rounds) ? Fmt.whole(rounds) : NONE));
                row.add(Table.cell(switchRound(runs)));
            });
            section.table("Tables 4/5 layout, " + s.name() + ": medians over repeats", table);
        }
        section.text(TABLE_NOTE);
        section.table("PA-hybrid and As-hybrid against 1-hybrid: change in %, negative = less", comparison(scenarios));
        section.text("The paper's rows: Li and Cao 2023's Table 5 as published (data in MB; which of its scenarios " +
            "the table ran is not restated here), and no As-hybrid figure of the paper entered here (" + NONE + "). " +
            "Ours: per scenario, (algorithm − 1-hybrid) / " +
            "1-hybrid × 100 of the medians above, total data = link + storage; " + NONE + " where an algorithm has no " +
            "successful run (parallel-hybrid before this build runs it).");
        return section;
    }

    private static Table comparison(final List<Scenario> scenarios)
    {
        final Table t = new Table(List.of("against 1-hybrid", "figures", "1-hybrid time s", "time s", "time change %",
            "1-hybrid data", "data", "data change %"), 2);
        t.addRow().addAll(List.of(Table.cell("PA-hybrid"), Table.cell("paper (Li and Cao 2023, Table 5)"),
            Table.cell(Fmt.tick(PAPER_ONE_HYBRID_TIME_S)), Table.cell(Fmt.tick(PAPER_PA_HYBRID_TIME_S)),
            Table.cell(percent(PAPER_TIME_CHANGE_PERCENT)), Table.cell(Fmt.whole(PAPER_ONE_HYBRID_DATA_MB) + " MB"),
            Table.cell(Fmt.whole(PAPER_PA_HYBRID_DATA_MB) + " MB"), Table.cell(percent(PAPER_DATA_CHANGE_PERCENT))));
        for (final Scenario s : scenarios)
        {
            comparisonRow(t, "PA-hybrid", s, s.runs("parallel-hybrid", 0));
        }
        t.addRow().addAll(List.of(Table.cell("As-hybrid"), Table.cell("paper (Li and Cao 2023)"), Table.cell(NONE),
            Table.cell(NONE), Table.cell(NONE), Table.cell(NONE), Table.cell(NONE), Table.cell(NONE)));
        for (final Scenario s : scenarios)
        {
            comparisonRow(t, "As-hybrid", s, s.runs("adaptive-hybrid", 0));
        }
        return t;
    }

    private static void comparisonRow(final Table t, final String what, final Scenario s, final List<Run> runs)
    {
        final List<Run> one = s.runs("hybrid-k", 1);
        final double baseTime = one.isEmpty() ? Double.NaN : Runs.median(one, r -> r.metric("totalMigrationTimeMs"));
        final double baseData = one.isEmpty() ? Double.NaN : totalDataMiB(one);
        final double time = runs.isEmpty() ? Double.NaN : Runs.median(runs, r -> r.metric("totalMigrationTimeMs"));
        final double data = runs.isEmpty() ? Double.NaN : totalDataMiB(runs);
        t.addRow().addAll(List.of(Table.cell(what), Table.cell("ours, " + s.name().substring(0, s.name().indexOf(':'))), Table.cell(seconds(baseTime)),
            Table.cell(seconds(time)), Table.cell(percent(change(time, baseTime))),
            Table.cell(mib(baseData)), Table.cell(mib(data)), Table.cell(percent(change(data, baseData)))));
    }

    /**
     * Total time and data against k: one line per scenario of the hybrid-k medians, the lowest median
     * of each marked; none when no scenario ran two k.
     */
    private static Section rounds(final String label, final List<Scenario> scenarios)
    {
        final LineChart time = new LineChart("Total migration time against k (hybrid-k)",
            "pre-copy rounds k before the switch to post-copy", "total migration time, s");
        final LineChart data = new LineChart("Total migration data against k (hybrid-k)",
            "pre-copy rounds k before the switch to post-copy", "total migration data (link + storage), MiB");
        final Table table = new Table(List.of("scenario", "k run", "lowest total time at k", "total time s",
            "lowest total data at k", "total data MiB"), 2);
        final Map<Double, List<String>> timeMarks = new TreeMap<>();
        final Map<Double, List<String>> dataMarks = new TreeMap<>();
        int n = 0;
        for (final Scenario s : scenarios)
        {
            final List<Map.Entry<Arm, List<Run>>> ks = s.arms().entrySet().stream()
                .filter(e -> e.getKey().algorithm().equals("hybrid-k")).toList();
            if (ks.size() < 2)
            {
                continue;
            }
            n++;
            final String number = s.name().substring("scenario ".length(), s.name().indexOf(':'));
            final double[] x = new double[ks.size()];
            final double[] t = new double[ks.size()];
            final double[] d = new double[ks.size()];
            for (int i = 0; i < ks.size(); i++)
            {
                x[i] = ks.get(i).getKey().k();
                t[i] = Runs.median(ks.get(i).getValue(), r -> r.metric("totalMigrationTimeMs")) / MS_PER_S;
                d[i] = totalDataMiB(ks.get(i).getValue());
            }
            time.addLine(s.name().substring(0, s.name().indexOf(':')), x, t);
            data.addLine(s.name().substring(0, s.name().indexOf(':')), x, d);
            final int bestTime = lowest(t);
            final int bestData = lowest(d);
            timeMarks.computeIfAbsent(x[bestTime], k -> new ArrayList<>()).add(number);
            dataMarks.computeIfAbsent(x[bestData], k -> new ArrayList<>()).add(number);
            final StringBuilder run = new StringBuilder();
            for (final double k : x)
            {
                run.append(run.length() == 0 ? "" : ",").append(Fmt.whole(k));
            }
            table.addRow().addAll(List.of(Table.cell(s.name()), Table.cell(run.toString()),
                Table.cell(Fmt.whole(x[bestTime])), Table.cell(seconds(t[bestTime] * MS_PER_S)),
                Table.cell(Fmt.whole(x[bestData])), Table.cell(orNone(d[bestData]))));
        }
        if (n == 0)
        {
            return null;
        }
        timeMarks.forEach((k, which) -> time.addMarker(k, "lowest: k=" + Fmt.whole(k) + " (scenario " +
            String.join(", ", which) + ")"));
        dataMarks.forEach((k, which) -> data.addMarker(k, "lowest: k=" + Fmt.whole(k) + " (scenario " +
            String.join(", ", which) + ")"));
        return new Section(K_TITLE + " in " + label)
            .text("hybrid-k's total migration time and data (link + storage) against k, the median over repeats at " +
                "each k, one line per scenario; the dashed line marks the k with the lowest median. Li and Cao 2023 " +
                "sweep k = 1..10 and find the optimum near k = 5.")
            .chart(time)
            .chart(data)
            .table("The lowest k per scenario", table);
    }

    /** @return the index of the lowest finite value, the first of equals; 0 when none is finite. */
    private static int lowest(final double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.length; i++)
        {
            if (Double.isFinite(values[i]) && (!Double.isFinite(values[best]) || values[i] < values[best]))
            {
                best = i;
            }
        }
        return best;
    }

    /** @return the median over the runs of link bytes + storage bytes (none counted as 0), MiB. */
    static double totalDataMiB(final List<Run> runs)
    {
        return Runs.median(runs, r ->
        {
            final double storage = r.metric("storageBytes");
            return r.metric("bytesOnWire") + (Double.isFinite(storage) ? storage : 0);
        }) / BYTES_PER_MIB;
    }

    /** @return a time in ms as s to the ms, or {@link #NONE}: post-copy of a few µs reads 0.000, not 1.3e-05. */
    private static String seconds(final double ms)
    {
        return Double.isFinite(ms) ? String.format(Locale.ROOT, "%.3f", ms / MS_PER_S) : NONE;
    }

    /** The median switch round over the runs that switched, with (s/n) when not every run did. */
    private static String switchRound(final List<Run> runs)
    {
        final double[] rounds = runs.stream().mapToDouble(r -> r.metric("switchRound")).filter(Double::isFinite)
            .toArray();
        if (rounds.length == 0)
        {
            return NONE;
        }
        final String median = Fmt.whole(Runs.median(rounds));
        return rounds.length == runs.size() ? median : median + " (" + rounds.length + "/" + runs.size() + ")";
    }

    private static double change(final double value, final double base)
    {
        return (value - base) / base * 100;
    }

    private static String percent(final double v)
    {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f", v) : NONE;
    }

    private static String orNone(final double v)
    {
        return Double.isFinite(v) ? Fmt.num(v) : NONE;
    }

    private static String mib(final double v)
    {
        return Double.isFinite(v) ? Fmt.num(v) + " MiB" : NONE;
    }
}
