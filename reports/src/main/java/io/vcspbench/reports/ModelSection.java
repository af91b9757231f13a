package io.vcspbench.reports;

import io.vcspbench.reports.DirtyRateSection.DirtyRateLine;
import io.vcspbench.reports.RunsReport.Run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The section "Model against measured" of a result folder: per post-copy arm the median over its
 * repeats of faults, pages per fault, stall and downtime beside what {@link Model} expects, with the
 * ratio measured/model, marked where it is further than {@link #DIVERGENCE} from 1; and per pre-copy
 * line on the writer pattern Jin et al.'s migration barrier p* beside the measured knee. Arms the
 * model does not cover keep their measured figures and say why. A pure function of the runs;
 * stateless and thread-safe.
 */
final class ModelSection
{
    /** A ratio measured/model beyond this factor either way is marked ⚠. */
    static final double DIVERGENCE = 1.25;

    /** Config keys shown in columns of their own (and the seed, which tells repeats apart). */
    private static final List<String> ARM_COLUMNS = List.of("algorithm", "throttlePercent", "prefetchPages", "pattern",
        "workloadMiB", "link", "bandwidthMbit", "latencyUs", "push", "seed");

    /** The links whose software cost was calibrated. */
    private static final Map<String, Model.Cost> COSTS = Map.of("ipc", Model.IPC_COST, "tcp", Model.TCP_COST);

    /** The wait strategy {@link Model#faultUs} counts late wakes for; the default, so "" (not recorded) too. */
    private static final Set<String> BLOCKING = Set.of("block", "");

    /** What the post-copy table's figures are. */
    static final String POSTCOPY_NOTE = "Per post-copy arm the median over its repeats, measured against the " +
        "analytic model of docs/model.md; × = measured / model, ⚠ where it is beyond " + Fmt.tick(DIVERGENCE) +
        "× either way. Faults: ⌈W/N⌉ for the window and sequential patterns; for random and hotcold a gap model, " +
        "pages·∫₀ˣ u over x accesses per page (1 for random; hotcold: its hot tenth and the rest apart), " +
        "u(x) = exp(−x − Σ_{j<N} (1 − e^{−jx})/j) the share of pages still missing. Stall: faults × t_fault, t_fault = 2·latency + (k·4096 + 64)·8/B + c(k) + a late wake per frame " +
        "held past the " + Fmt.whole(Model.TIMER_SLACK_US) + " µs timer slack (wait strategy block), k the pages a " +
        "reply carries, c(k) = " + cost(Model.IPC_COST) + " over ipc, " + cost(Model.TCP_COST) + " over tcp; an " +
        "unpaced link is taken as instant. Measured stall: " +
        "`stallMs`, else downtime − switchover. Downtime: the measured switchover + the modelled stall. The model " +
        "follows one pass with the push off and N ≤ " + Model.MAX_FRAME_PAGES + "; other arms keep their measured " +
        "figures and say why.";

    /** What the barrier table's figures are. */
    static final String BARRIER_NOTE = "Jin et al.'s migration barrier p* = (h/M)^(1/(R−1))·B: M guest memory, " +
        "h the stop-and-copy threshold (`stopCopyKiB`, whole pages), B the link's bandwidth and R = `maxRounds` + 1, " +
        "since stop-and-copy follows the live rounds as one more. Above p* the dirty set cannot fall under h " +
        "within the rounds. Knee: the lowest dirty rate whose median pre-copy rounds reach `maxRounds` (pre-copy " +
        "did not converge); converged up to: the highest rate below it that converged; jump: the median downtime " +
        "at the knee over that at the rate below. ⚠ marks a plain precopy rate on the wrong side of p* (p* " +
        "should lie between the two rates); the throttling algorithms lower the dirty rate and so move their knee up.";

    private ModelSection()
    {
    }

    private static String cost(final Model.Cost c)
    {
        return Fmt.tick(c.fixedUs()) + " + " + Fmt.tick(c.perPageUs()) + "·k µs" +
            (c.lateWakeUs() > 0 ? " and late wakes of " + Fmt.tick(c.lateWakeUs()) + " µs" : " and no late wake");
    }

    /**
     * What the model expects of a post-copy arm's run, or why it has nothing to say.
     *
     * @param paging  the pass's faults and pages, null when not modelled.
     * @param faultUs the stall of one fault, µs, NaN when not modelled.
     * @param reason  why the model does not apply, null when it does.
     */
    record Estimate(Model.Paging paging, double faultUs, String reason)
    {
        /** @return the expected total stall, ms, NaN when not modelled. */
        double stallMs()
        {
            return paging == null ? Double.NaN : paging.faults() * faultUs / 1000;
        }
    }

    /**
     * @param r a run.
     * @return what the model expects of it, from its config alone.
     */
    static Estimate estimate(final Run r)
    {
        final String push = Runs.pushBlock(r);
        final double n = r.number("prefetchPages");
        final double workloadMiB = r.number("workloadMiB");
        final Model.Cost cost = COSTS.get(r.text("link"));
        final double bandwidthMbit = r.number("bandwidthMbit");
        final String reason;
        if (!TuningSurface.POSTCOPY_FAMILY.contains(r.algorithm()))
        {
            reason = "pre-copy phase";
        }
        else if (!push.equals("push off"))
        {
            reason = push + ": pages arrive unasked";
        }
        else if (!(n >= 1 && n <= Model.MAX_FRAME_PAGES))
        {
            reason = "N > " + Model.MAX_FRAME_PAGES + ": a reply spans frames";
        }
        else if (!(workloadMiB >= 1))
        {
            reason = "no working set recorded";
        }
        else if (cost == null)
        {
            reason = "link '" + r.text("link") + "' not calibrated";
        }
        else if (!(bandwidthMbit >= 0))
        {
            reason = "no bandwidth recorded";
        }
        else
        {
            final Model.Paging paging = Model.paging(r.text("pattern"), (long)workloadMiB * (1 << 20) / Model.PAGE_BYTES,
                (int)n);
            if (paging == null)
            {
                return new Estimate(null, Double.NaN, "pattern '" + r.text("pattern") + "' not modelled");
            }
            final double latencyUs = r.number("latencyUs");
            return new Estimate(paging, Model.faultUs(Double.isNaN(latencyUs) ? 0 : latencyUs, bandwidthMbit, cost,
                paging.pagesPerFault(), BLOCKING.contains(r.text("waitStrategy"))), null);
        }
        return new Estimate(null, Double.NaN, reason);
    }

    /**
     * @param r a run.
     * @return its total fault stall, ms: {@code stallMs}, else downtime − switchover.
     */
    static double measuredStallMs(final Run r)
    {
        final double stall = r.metric("stallMs");
        return Double.isNaN(stall) ? r.metric("downtimeMs") - r.metric("switchoverMs") : stall;
    }

    /**
     * @param r a run.
     * @return the pages its fault replies brought per fault: {@code pagesByRequests}, else with the push off
     * every page moved; NaN when unknown or without faults.
     */
    static double measuredPagesPerFault(final Run r)
    {
        final double byRequests = r.metric("pagesByRequests");
        final double pages = !Double.isNaN(byRequests) ? byRequests :
            Runs.pushBlock(r).equals("push off") ? r.metric("pagesTransferred") : Double.NaN;
        final double faults = r.metric("faults");
        return faults > 0 ? pages / faults : Double.NaN;
    }

    /**
     * The section of one result folder.
     *
     * @param label  what the section is titled by.
     * @param sorted the folder's runs in report order.
     * @return the section, or null when the model covers no arm and no pre-copy line.
     */
    static Section section(final String label, final List<Run> sorted)
    {
        final Table postcopy = new Table(List.of("algorithm", "E", "N", "pattern", "workload MiB", "link", "push",
            "not modelled", "runs", "faults", "faults (model)", "faults ×", "pages/fault", "pages/fault (model)",
            "stall ms", "stall ms (model)", "stall ×", "downtime ms", "downtime ms (model)", "downtime ×"), 8);
        final int modelled = postcopyRows(sorted, postcopy);

        final List<DirtyRateLine> lines = DirtyRateSection.dirtyRateLines(sorted);
        final Table barriers = new Table(List.of("line", "memory MiB", "stop-copy KiB", "max rounds",
            "bandwidth Mbit/s", "p* Mbit/s (model)", "converged up to Mbit/s", "knee Mbit/s", "knee ×", "jump ×"), 1);
        boolean anyBarrier = false;
        for (final DirtyRateLine line : lines)
        {
            final Run any = line.any();
            final Barrier b = barrier(line);
            anyBarrier |= Double.isFinite(b.pStarMbit());
            // The barrier is plain precopy's: it should converge at every rate up to p* and at none above.
            final boolean precopy = any.algorithm().equals("precopy");
            final List<Table.Cell> row = barriers.addRow();
            row.addAll(List.of(Table.cell(line.name()), Table.cell(Fmt.whole(any.number("memoryMiB"))),
                Table.cell(Fmt.whole(any.number("stopCopyKiB"))), Table.cell(Fmt.whole(any.number("maxRounds"))),
                Table.cell(Fmt.whole(any.number("bandwidthMbit"))), Table.cell(Fmt.num(b.pStarMbit())),
                Table.cell(Fmt.whole(b.convergedMbit()), precopy && b.convergedMbit() > b.pStarMbit()),
                Table.cell(Fmt.whole(b.kneeMbit()), precopy && b.kneeMbit() <= b.pStarMbit()),
                Table.cell(Fmt.ratio(b.kneeMbit() / b.pStarMbit())), Table.cell(Fmt.ratio(b.jump()))));
        }
        if (modelled == 0 && !anyBarrier)
        {
            return null;
        }
        final Section section = new Section("Model against measured in " + label);
        if (modelled > 0)
        {
            section.text(POSTCOPY_NOTE).table("Post-copy, push off: faults, stall and downtime", postcopy);
        }
        if (anyBarrier)
        {
            section.text(BARRIER_NOTE).table("Pre-copy: the migration barrier against the knee", barriers);
        }
        return section;
    }

    /** Adds a row per post-copy arm (runs sharing every setting but the seed); @return how many the model covers. */
    private static int postcopyRows(final List<Run> sorted, final Table table)
    {
        final Map<String, List<Run>> arms = new LinkedHashMap<>();
        final List<Map<String, String>> configs = new ArrayList<>();
        for (final Run r : sorted)
        {
            if (r.succeeded() && !Runs.WRITER.equals(r.text("pattern")))
            {
                configs.add(r.config());
                arms.computeIfAbsent(Runs.without(r.config(), List.of("seed")).toString(), k -> new ArrayList<>())
                    .add(r);
            }
        }
        final Set<String> varying = Runs.varying(configs, ARM_COLUMNS);
        int modelled = 0;
        for (final List<Run> runs : arms.values())
        {
            final Run any = runs.get(0);
            final Estimate model = estimate(any);
            modelled += model.reason() == null ? 1 : 0;
            final StringBuilder name = new StringBuilder(any.algorithm());
            for (final String key : varying)
            {
                name.append(' ').append(key).append('=').append(any.text(key));
            }
            final double faults = Runs.median(runs, r -> r.metric("faults"));
            final double pagesPerFault = Runs.median(runs, ModelSection::measuredPagesPerFault);
            final double stallMs = Runs.median(runs, ModelSection::measuredStallMs);
            final double downtimeMs = Runs.median(runs, r -> r.metric("downtimeMs"));
            final double faultsModel = model.paging() == null ? Double.NaN : model.paging().faults();
            // to a millionth: the integral's last digits would write N = 1's 0.9999999 as "1.0000", not "1.000"
            final double pagesModel = model.paging() == null ? Double.NaN :
                Math.rint(model.paging().pagesPerFault() * 1e6) / 1e6;
            final double downtimeModel = Runs.median(runs, r -> r.metric("switchoverMs")) + model.stallMs();

            final List<Table.Cell> row = table.addRow();
            row.addAll(List.of(Table.cell(name.toString()), Table.cell(Fmt.whole(any.number("throttlePercent"))),
                Table.cell(Fmt.whole(any.number("prefetchPages"))), Table.cell(any.text("pattern")),
                Table.cell(Fmt.whole(any.number("workloadMiB"))), Table.cell(linkText(any)),
                Table.cell(Runs.pushBlock(any).substring("push ".length())),
                Table.cell(model.reason() == null ? "" : model.reason()), Table.cell(Integer.toString(runs.size())),
                Table.cell(Fmt.whole(faults)), Table.cell(Fmt.num(faultsModel)), ratio(faults, faultsModel),
                Table.cell(Fmt.num(pagesPerFault)), Table.cell(Fmt.num(pagesModel)),
                Table.cell(Fmt.num(stallMs)), Table.cell(Fmt.num(model.stallMs())), ratio(stallMs, model.stallMs()),
                Table.cell(Fmt.num(downtimeMs)), Table.cell(Fmt.num(downtimeModel)), ratio(downtimeMs, downtimeModel)));
        }
        return modelled;
    }

    /** @return "tcp 1000 Mbit/s 100 µs": the transport, its pacing and its added one-way latency. */
    private static String linkText(final Run r)
    {
        final double latencyUs = r.number("latencyUs");
        return r.text("link") + " " + Fmt.bandwidth(r.number("bandwidthMbit")) +
            (Double.isNaN(latencyUs) ? "" : " " + Fmt.whole(latencyUs) + " µs");
    }

    /** @return measured / model, marked when beyond {@link #DIVERGENCE} either way; "–" when either is missing. */
    private static Table.Cell ratio(final double measured, final double model)
    {
        final double ratio = measured / model;
        final boolean finite = Double.isFinite(ratio) && model > 0;
        return Table.cell(finite ? Fmt.ratio(ratio) : Fmt.NONE,
            finite && (ratio > DIVERGENCE || ratio < 1 / DIVERGENCE));
    }

    /**
     * The migration barrier of a pre-copy line and where the line's runs stopped converging.
     *
     * @param pStarMbit     the model's barrier, Mbit/s; NaN when the line's settings do not give one.
     * @param convergedMbit the highest dirty rate below the knee whose median rounds stayed under the most, NaN if none.
     * @param kneeMbit      the lowest dirty rate whose median rounds reached the most, NaN if none.
     * @param jump          median downtime at the knee over that at {@code convergedMbit}, NaN without both.
     */
    record Barrier(double pStarMbit, double convergedMbit, double kneeMbit, double jump)
    {
    }

    /**
     * @param line a pre-copy line on the writer pattern.
     * @return its barrier: p* with M = {@code memoryMiB}, h = {@code stopCopyKiB} in whole pages, R = {@code
     * maxRounds} + 1 and B = {@code bandwidthMbit}; and its measured knee.
     */
    static Barrier barrier(final DirtyRateLine line)
    {
        final Run any = line.any();
        final double maxRounds = any.number("maxRounds");
        final double thresholdBytes = Math.floor(any.number("stopCopyKiB") * 1024 / Model.PAGE_BYTES) * Model.PAGE_BYTES;
        final double pStar = Model.barrierMbit(any.number("memoryMiB") * (1 << 20), thresholdBytes,
            Double.isFinite(maxRounds) ? (int)maxRounds + 1 : 0, any.number("bandwidthMbit"));
        double converged = Double.NaN;
        double convergedDowntime = Double.NaN;
        for (final Map.Entry<Double, List<Run>> at : line.points().entrySet())
        {
            final double rounds = Runs.median(at.getValue(), r -> r.metric("precopyRounds"));
            final double downtime = Runs.median(at.getValue(), r -> r.metric("downtimeMs"));
            if (rounds >= maxRounds)
            {
                return new Barrier(pStar, converged, at.getKey(), downtime / convergedDowntime);
            }
            if (rounds < maxRounds)
            {
                converged = at.getKey();
                convergedDowntime = downtime;
            }
        }
        return new Barrier(pStar, converged, Double.NaN, Double.NaN);
    }

    /**
     * Marks each distinct barrier of the lines on their downtime chart, labelled with plain precopy's
     * measured knee where a precopy line has that barrier.
     *
     * @param chart the downtime-against-dirty-rate chart.
     * @param lines its lines.
     * @return whether a marker was added.
     */
    static boolean markBarriers(final LineChart chart, final List<DirtyRateLine> lines)
    {
        final Map<Double, String> labels = new LinkedHashMap<>();
        for (final DirtyRateLine line : lines)
        {
            final Barrier b = barrier(line);
            if (!Double.isFinite(b.pStarMbit()))
            {
                continue;
            }
            labels.putIfAbsent(b.pStarMbit(), "p* = " + Fmt.num(b.pStarMbit()) + " Mbit/s (model)");
            final String label = labels.get(b.pStarMbit());
            if (line.any().algorithm().equals("precopy") && !label.contains(";"))
            {
                labels.put(b.pStarMbit(), label + "; " + line.name() + (Double.isFinite(b.kneeMbit()) ?
                    " knee " + Fmt.whole(b.kneeMbit()) + " (measured)" :
                    " converged up to " + Fmt.whole(b.convergedMbit()) + " (measured)"));
            }
        }
        labels.forEach((x, label) -> chart.addMarker(x, label));
        return !labels.isEmpty();
    }
}
