package io.vcspbench.harness;

import io.vcspbench.core.migration.Algorithm;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.DirtySchedule;
import io.vcspbench.core.workload.Pattern;
import picocli.CommandLine.ITypeConverter;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The grids of {@code vcsp sweep --preset}: the VCSP paper's Table 2 ({@code paper}), the same
 * shape small enough to finish in about a minute on two cores ({@code quick}), the E x N tuning
 * surface ({@code tune}) and Jin 2011's "migration barrier" ({@code barrier}). The first two pair
 * every post-copy algorithm with its own E and N, as the paper does, rather than crossing E with
 * N, once with the push off (the paper's demand paging + prefetch) and once with it on (QEMU's
 * background push), and end with the paper's Table 3 in both blocks; {@code tune} crosses E with N
 * for vcsp-prefetch over two patterns and two push modes; {@code barrier} runs the pre-copy
 * family against a writer whose dirty rate goes from 10% to 150% of the link's rate, and ends with
 * downtime and total time per rate; {@code hybrid} runs Li and Cao 2023's hybrids (hybrid-k for k
 * up to 10, adaptive-hybrid, parallel-hybrid) with precopy and postcopy as references against a
 * writer whose dirty rate rises past the link's and one that writes in bursts. The presets other
 * than {@code barrier} and {@code hybrid} add {@link #LAN_LATENCY_US} of one-way latency, which
 * {@code --latency-us} may override. Immutable.
 */
public enum SweepPreset
{
    /** Workloads 8, 16, 32 MiB in 64 MiB of guest memory, push off and on, three repeats: about a minute on two cores. */
    QUICK("quick", List.of(8L, 16L, 32L), 64, 3),

    /** The paper's Table 2: workloads 8 … 512 MiB in 2048 MiB of guest memory, push off and on, three repeats. */
    PAPER("paper", List.of(8L, 16L, 32L, 64L, 128L, 256L, 512L), 2048, 3),

    /**
     * The tuning surface: vcsp-prefetch at E {@link #TUNE_THROTTLE} x N {@link #TUNE_PREFETCH}, patterns
     * window and random, push off and push at {@link #TUNE_PUSH_MBIT} Mbit/s, an 8 MiB working set in 16 MiB,
     * three repeats: a few minutes on two cores.
     */
    TUNE("tune", List.of(8L), 16, 3),

    /**
     * Jin 2011's barrier: a 64 MiB guest written all over by the writer at 10 … 150% of a 200 Mbit/s
     * link, migrated by precopy, precopy-throttled and auto-converge; one repeat: about 10 min.
     */
    BARRIER("barrier", List.of(64L), 64, 1),

    /**
     * Li and Cao 2023's hybrids: a 32 MiB guest written by the writer on the schedules of
     * {@link #HYBRID_SCHEDULES}, migrated over a 200 Mbit/s link by {@link #HYBRID_ALGORITHMS} (hybrid-k at each of
     * {@link #HYBRID_K}), with at most {@link #HYBRID_MAX_ROUNDS} pre-copy rounds; three repeats, about
     * 4.5 min on two cores. A point
     * this build cannot run (parallel-hybrid until it lands) is skipped with one line saying why.
     */
    HYBRID("hybrid", List.of(32L), 32, 3);

    /**
     * One-way latency the Table 2 and tune presets add to the link, µs: 100 µs each way makes a
     * 200 µs round trip, what ping shows across a switched 1 Gbit/s LAN such as the paper's
     * testbed, where loopback alone is about 15 µs. It is what prefetch amortises: at 1 Gbit/s a
     * 4 KiB page takes 33 µs to send, so a round trip costs about six pages' time.
     */
    public static final long LAN_LATENCY_US = 100;

    /** E values of the tune preset, percent. */
    public static final List<Integer> TUNE_THROTTLE = List.of(10, 25, 50, 75, 100);

    /** N values of the tune preset, pages. */
    public static final List<Integer> TUNE_PREFETCH = List.of(1, 4, 16, 64);

    /** Push rate of the tune preset's second push mode, Mbit/s: a fifth of the link, so faults and push share it. */
    public static final long TUNE_PUSH_MBIT = 200;

    /** Push modes of the Table 2 presets: the paper's model first, then QEMU's. */
    public static final List<PushMode> TABLE2_PUSH = List.of(PushMode.OFF, PushMode.ON);

    /** Link bandwidth of the barrier preset, Mbit/s. */
    public static final long BARRIER_BANDWIDTH_MBIT = 200;

    /** Dirty rates of the barrier preset as a share of the link's rate, percent. */
    public static final List<Integer> BARRIER_DIRTY_PERCENT = List.of(10, 25, 50, 75, 90, 100, 125, 150);

    /** The algorithms of the barrier preset. */
    public static final List<Algorithm> BARRIER_ALGORITHMS =
        List.of(Algorithm.PRECOPY, Algorithm.PRECOPY_THROTTLED, Algorithm.AUTO_CONVERGE);

    /** Link bandwidth of the hybrid preset, Mbit/s. */
    public static final long HYBRID_BANDWIDTH_MBIT = 200;

    /**
     * Shared storage's rate in the hybrid preset, Mbit/s: a second channel as fast as the link. The
     * local disk unpaced writes the 32 MiB snapshot in some 40 ms, which would make parallel-hybrid's
     * StaticData channel 30 times the link and its comparison with 1-hybrid meaningless; Li and Cao give
     * their two channels rates of the same order. {@code --storage-mbit} overrides it.
     */
    public static final long HYBRID_STORAGE_MBIT = 200;

    /**
     * Most pre-copy rounds of the hybrid preset (precopy's and adaptive-hybrid's {@code --max-rounds}): the
     * largest k of hybrid-k, and a third of the default 30 because plain precopy never converges on the
     * rising schedule and would send the whole 32 MiB thirty times, about 40 s a run. {@code --max-rounds} overrides it.
     */
    public static final int HYBRID_MAX_ROUNDS = 10;

    /**
     * The k of hybrid-k in the hybrid preset: every k to 6 around Li and Cao 2023's optimum near 5, then 8
     * and 10 of their 1 … 10. On the rising schedule every round past the fifth resends the whole 32 MiB
     * (1.35 s), so k = 7 and 9 were two of the three longest runs; without them three repeats take
     * under 5 min on two cores. {@code --hybrid-rounds} is the preset's; every k is a sweep without the
     * preset, {@code --algorithm hybrid-k --hybrid-rounds 1,2,...,10} with the preset's settings given.
     */
    public static final List<Integer> HYBRID_K = List.of(1, 2, 3, 4, 5, 6, 8, 10);

    /**
     * Scenario 1 of Li and Cao 2023, a write share that rises, scaled to the hybrid preset's link and
     * guest: a quarter of the link's rate, then three quarters from 1 s, 1.5 times it from 2 s and 3 times
     * it from 3 s. Round 1 takes about 1.4 s, so the dirty set shrinks over rounds 2 and 3 and grows from
     * round 4 on (λ > 1): adaptive-hybrid switches to post-copy, plain precopy never converges. The
     * built-in {@code rising} (25 … 400 Mbit/s over 4 s) is still at 50 Mbit/s when round 1 ends and
     * converges after one round here.
     */
    public static final String HYBRID_RISING = "50@0s,150@1s,300@2s,600@3s";

    /** The hybrid preset's scenarios, as {@code --dirty-schedule} texts: {@link #HYBRID_RISING}, then {@code bursts}. */
    public static final List<String> HYBRID_SCHEDULES = List.of(HYBRID_RISING, DirtySchedule.BURSTS);

    /**
     * The hybrid preset's algorithms, in the order each scenario runs them: hybrid-k (with its k),
     * adaptive-hybrid, parallel-hybrid, then the references precopy and postcopy. The first is the
     * warm-up's point, a short run through both the rounds and post-copy.
     */
    public static final List<Algorithm> HYBRID_ALGORITHMS = List.of(Algorithm.HYBRID_K, Algorithm.ADAPTIVE_HYBRID,
        Algorithm.PARALLEL_HYBRID, Algorithm.PRECOPY, Algorithm.POSTCOPY);

    /**
     * An algorithm with the E and N the paper ran it at.
     *
     * @param algorithm       the algorithm.
     * @param throttlePercent E, percent.
     * @param prefetchPages   N, pages.
     */
    public record Arm(Algorithm algorithm, int throttlePercent, int prefetchPages)
    {
        void apply(final MigrationConfig.Builder b)
        {
            b.algorithm(algorithm).throttlePercent(throttlePercent).prefetchPages(prefetchPages);
        }
    }

    /** The paper's four algorithms and their settings (Table 2), {@code postcopy} first as the baseline. */
    public static final List<Arm> ARMS = List.of(
        new Arm(Algorithm.POSTCOPY, 100, 1),
        new Arm(Algorithm.POSTCOPY_PREFETCH, 100, 10),
        new Arm(Algorithm.VCSP, 50, 1),
        new Arm(Algorithm.VCSP_PREFETCH, 50, 10));

    /** Link bandwidth of the Table 2 presets, Mbit/s: the paper's 1 Gbit/s network, paced. */
    public static final long BANDWIDTH_MBIT = 1000;

    /** Access pattern of the Table 2 presets. */
    public static final Pattern PATTERN = Pattern.WINDOW;

    private static final Set<String> TABLE2_KEYS =
        Set.of("algorithm", "throttlePercent", "prefetchPages", "workloadMiB", "memoryMiB", "pattern", "bandwidthMbit");
    private static final Set<String> TUNE_KEYS = Set.of("algorithm", "throttlePercent", "prefetchPages", "workloadMiB",
        "memoryMiB", "pattern", "bandwidthMbit", "push");
    private static final Set<String> BARRIER_KEYS =
        Set.of("algorithm", "workloadMiB", "memoryMiB", "pattern", "bandwidthMbit", "dirtyRateMbit");
    private static final Set<String> HYBRID_KEYS = Set.of("algorithm", "hybridRounds", "workloadMiB", "memoryMiB",
        "pattern", "bandwidthMbit", "dirtyRateMbit", "dirtySchedule");

    private final String cliName;
    private final List<Long> workloadsMiB;
    private final long memoryMiB;
    private final int repeat;

    SweepPreset(final String cliName, final List<Long> workloadsMiB, final long memoryMiB, final int repeat)
    {
        this.cliName = cliName;
        this.workloadsMiB = workloadsMiB;
        this.memoryMiB = memoryMiB;
        this.repeat = repeat;
    }

    /** @return the name after {@code --preset}. */
    public String cliName()
    {
        return cliName;
    }

    /** @return the working-set sizes, MiB. */
    public List<Long> workloadsMiB()
    {
        return workloadsMiB;
    }

    /** @return guest memory, MiB. */
    public long memoryMiB()
    {
        return memoryMiB;
    }

    /** @return whether the sweep ends with the VCSP paper's Table 3. */
    public boolean table3()
    {
        return this == QUICK || this == PAPER;
    }

    /**
     * @return the config keys this preset sets; giving their options as well is bad usage. The
     * Table 2 presets' push modes are not among them: {@code --push} replaces the pair.
     */
    public Set<String> keys()
    {
        return switch (this)
        {
            case BARRIER -> BARRIER_KEYS;
            case TUNE -> TUNE_KEYS;
            case HYBRID -> HYBRID_KEYS;
            default -> TABLE2_KEYS;
        };
    }

    /** @return repeats per point unless {@code --repeat} is given. */
    public int repeat()
    {
        return repeat;
    }

    /**
     * @return whether a point this build cannot run is skipped with a line saying why rather than
     * refusing the whole sweep: the hybrid preset's, which lists parallel-hybrid before it lands.
     */
    public boolean skipsUnsupported()
    {
        return this == HYBRID;
    }

    /**
     * @param b a builder; gets the settings that do not vary: memory, pattern, bandwidth.
     */
    public void base(final MigrationConfig.Builder b)
    {
        if (this == HYBRID)
        {
            b.memoryMiB(memoryMiB).workloadMiB(workloadsMiB.get(0)).pattern(Pattern.WRITER)
                .bandwidthMbit(HYBRID_BANDWIDTH_MBIT).maxRounds(HYBRID_MAX_ROUNDS).storageMbit(HYBRID_STORAGE_MBIT);
            return;
        }
        if (this == BARRIER)
        {
            b.memoryMiB(memoryMiB).workloadMiB(workloadsMiB.get(0)).pattern(Pattern.WRITER)
                .bandwidthMbit(BARRIER_BANDWIDTH_MBIT);
            return;
        }
        b.memoryMiB(memoryMiB).workloadMiB(workloadsMiB.get(0)).pattern(PATTERN).bandwidthMbit(BANDWIDTH_MBIT)
            .latencyUs(LAN_LATENCY_US);
        if (this == TUNE)
        {
            b.algorithm(Algorithm.VCSP_PREFETCH);
        }
    }

    /**
     * @param pushGiven whether {@code --push} was given, which then replaces the preset's push modes.
     * @return the push dimension (Table 2 presets), the workload (barrier: dirty rate) dimension, then
     * the algorithm dimension, so that each workload runs all its algorithms one after the other and a
     * drift of the machine touches them alike; tune: push, pattern, then E and N; hybrid: the dirty
     * schedule, then the algorithms (postcopy on the writer's page order without a schedule, since its
     * guest never runs at the source: the same run for both schedules, so it runs once).
     */
    public List<SweepAxes.Dimension> dimensions(final boolean pushGiven)
    {
        if (this == HYBRID)
        {
            final List<Consumer<MigrationConfig.Builder>> schedules = new ArrayList<>();
            HYBRID_SCHEDULES.forEach(text -> schedules.add(b -> b.dirtySchedule(DirtySchedule.parse(text))));
            final List<Consumer<MigrationConfig.Builder>> algorithms = new ArrayList<>();
            for (final Algorithm a : HYBRID_ALGORITHMS)
            {
                if (a == Algorithm.HYBRID_K)
                {
                    HYBRID_K.forEach(k -> algorithms.add(b -> b.algorithm(a).hybridRounds(k)));
                }
                else if (a.precopyPhase())
                {
                    algorithms.add(b -> b.algorithm(a));
                }
                else
                {
                    // A hybrid's destination vCPU walks the writer's page order after the switch; post-copy's
                    // does so from the start, and the source's schedule never applies.
                    algorithms.add(b -> b.pattern(b.build().writerOrder().pattern()).dirtySchedule(null).algorithm(a));
                }
            }
            return List.of(new SweepAxes.Dimension("dirtySchedule", schedules),
                new SweepAxes.Dimension("algorithm", algorithms));
        }
        if (this == TUNE)
        {
            final List<Consumer<MigrationConfig.Builder>> push = List.of(
                b -> b.push(PushMode.OFF), b -> b.push(PushMode.rate(TUNE_PUSH_MBIT)));
            final List<Consumer<MigrationConfig.Builder>> patterns = List.of(
                b -> b.pattern(Pattern.WINDOW), b -> b.pattern(Pattern.RANDOM));
            final List<Consumer<MigrationConfig.Builder>> throttle = new ArrayList<>();
            TUNE_THROTTLE.forEach(e -> throttle.add(b -> b.throttlePercent(e)));
            final List<Consumer<MigrationConfig.Builder>> prefetch = new ArrayList<>();
            TUNE_PREFETCH.forEach(n -> prefetch.add(b -> b.prefetchPages(n)));
            return List.of(new SweepAxes.Dimension("push", push), new SweepAxes.Dimension("pattern", patterns),
                new SweepAxes.Dimension("throttlePercent", throttle), new SweepAxes.Dimension("prefetchPages", prefetch));
        }
        if (this == BARRIER)
        {
            final List<Consumer<MigrationConfig.Builder>> rates = new ArrayList<>();
            for (final int percent : BARRIER_DIRTY_PERCENT)
            {
                rates.add(b -> b.dirtyRateMbit(BARRIER_BANDWIDTH_MBIT * percent / 100));
            }
            final List<Consumer<MigrationConfig.Builder>> algorithms = new ArrayList<>();
            for (final Algorithm a : BARRIER_ALGORITHMS)
            {
                algorithms.add(b -> b.algorithm(a));
            }
            return List.of(new SweepAxes.Dimension("dirtyRateMbit", rates),
                new SweepAxes.Dimension("algorithm", algorithms));
        }
        final List<Consumer<MigrationConfig.Builder>> workloads = new ArrayList<>();
        for (final long w : workloadsMiB)
        {
            workloads.add(b -> b.workloadMiB(w));
        }
        final List<Consumer<MigrationConfig.Builder>> arms = new ArrayList<>();
        for (final Arm arm : ARMS)
        {
            arms.add(arm::apply);
        }
        final List<SweepAxes.Dimension> dimensions = new ArrayList<>();
        if (!pushGiven)
        {
            final List<Consumer<MigrationConfig.Builder>> push = new ArrayList<>();
            TABLE2_PUSH.forEach(mode -> push.add(b -> b.push(mode)));
            dimensions.add(new SweepAxes.Dimension("push", push));
        }
        dimensions.add(new SweepAxes.Dimension("workloadMiB", workloads));
        dimensions.add(new SweepAxes.Dimension("algorithm", arms));
        return dimensions;
    }

    /** Converts {@code --preset} values. */
    public static final class Converter implements ITypeConverter<SweepPreset>
    {
        /** {@inheritDoc} */
        @Override
        public SweepPreset convert(final String value)
        {
            return EnumOptions.fromCliName(value, values(), SweepPreset::cliName);
        }
    }

    /** The {@code --preset} names, for help and shell completion. */
    public static final class Names implements Iterable<String>
    {
        /** {@inheritDoc} */
        @Override
        public Iterator<String> iterator()
        {
            return EnumOptions.cliNames(values(), SweepPreset::cliName).iterator();
        }
    }
}
