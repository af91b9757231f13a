package io.vcspbench.core.migration;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.DirtySchedule;
import io.vcspbench.core.workload.Pattern;
import io.vcspbench.core.workload.WriterOrder;

import io.vcspbench.core.memory.FaultBackend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The table of every migration setting, each declared once, in {@code MigrationConfig.toMap()}
 * order: the one place that names a setting's option, kind, range, unit, help and the algorithms
 * that use it. The command line's options, {@code sweep}'s axes, the config builder's range checks,
 * {@code docs/settings.md} and the benchmarks' parameters all come from it. Immutable and thread-safe.
 */
public final class Settings
{
    private static final Predicate<Algorithm> ALL_ALGORITHMS = a -> true;
    private static final Predicate<Algorithm> WITH_ROUNDS = Algorithm::precopyPhase;
    private static final Predicate<Algorithm> WITH_POSTCOPY = a -> !a.purePrecopy();
    private static final Predicate<Algorithm> HYBRIDS = a -> a.precopyPhase() && !a.purePrecopy();
    private static final Predicate<Algorithm> ADAPTIVE =
        a -> a == Algorithm.ADAPTIVE_HYBRID || a == Algorithm.PARALLEL_HYBRID;

    /** E: the vCPU's CPU share during migration. */
    public static final Setting THROTTLE = number("throttlePercent", "--throttle", "<E>", Setting.Kind.INT, "%", 1, 100,
        "E: share of CPU time the vCPU may run during migration, percent.",
        "vcsp, vcsp-prefetch", Algorithm::throttled, (b, v) -> b.throttlePercent((Integer)v),
        () -> perAlgorithm(true) + " for the algorithms that throttle; the others always run at " + perAlgorithm(false), false);

    /** N: the most pages one fault request returns. */
    public static final Setting PREFETCH = number("prefetchPages", "--prefetch", "<N>", Setting.Kind.INT, "pages", 1, 1024,
        "N: most pages one fault request returns.",
        "postcopy-prefetch, vcsp-prefetch", Algorithm::prefetching, (b, v) -> b.prefetchPages((Integer)v),
        () -> prefetch(true) + " for the algorithms that prefetch; the others always use " + prefetch(false), false);

    /** The working set, at most the memory. */
    public static final Setting WORKLOAD = number("workloadMiB", "--workload-mib", "<MiB>", Setting.Kind.LONG, "MiB",
        1, Double.NaN, "Working set the workload touches, MiB, at most --memory-mib.",
        "all", ALL_ALGORITHMS, (b, v) -> b.workloadMiB((Long)v), null, true);

    /** Guest memory. */
    public static final Setting MEMORY = number("memoryMiB", "--memory-mib", "<MiB>", Setting.Kind.LONG, "MiB",
        1, 65_536, "Guest memory, MiB; every page of it migrates.",
        "all", ALL_ALGORITHMS, (b, v) -> b.memoryMiB((Long)v), null, true);

    /** Link bandwidth. */
    public static final Setting BANDWIDTH = number("bandwidthMbit", "--bandwidth-mbit", "<Mbit/s>", Setting.Kind.LONG,
        "Mbit/s", 0, 400_000, "Link bandwidth, Mbit/s, 0 = unpaced.",
        "all", ALL_ALGORITHMS, (b, v) -> b.bandwidthMbit((Long)v), null, true);

    /** Added one-way latency. */
    public static final Setting LATENCY = number("latencyUs", "--latency-us", "<us>", Setting.Kind.LONG, "µs",
        0, 1_000_000, "Added one-way link latency, microseconds.",
        "all", ALL_ALGORITHMS, (b, v) -> b.latencyUs((Long)v), null, true);

    /** The throttle's duty-cycle period. */
    public static final Setting PERIOD = number("periodMs", "--period-ms", "<ms>", Setting.Kind.LONG, "ms", 1, 1000,
        "Throttle duty-cycle period, ms.",
        "the algorithms that throttle (E < 100)", ALL_ALGORITHMS, (b, v) -> b.periodMs((Long)v), null, true);

    /** Seed of memory contents and the random patterns. */
    public static final Setting SEED = number("seed", "--seed", "<seed>", Setting.Kind.LONG, "", Double.NaN, Double.NaN,
        "Seed of guest memory contents and of the random patterns.",
        "all", ALL_ALGORITHMS, (b, v) -> b.seed((Long)v), null, true);

    /** Deadline of one fault. */
    public static final Setting FAULT_TIMEOUT = number("faultTimeoutMs", "--fault-timeout-ms", "<ms>", Setting.Kind.LONG,
        "ms", 1, 600_000, "Deadline for one fault to be served, ms; past it the run fails.",
        "all", ALL_ALGORITHMS, (b, v) -> b.faultTimeoutMs((Long)v), null, true);

    /** Deadline of the whole migration. */
    public static final Setting RUN_TIMEOUT = number("runTimeoutMs", "--run-timeout-ms", "<ms>", Setting.Kind.LONG,
        "ms", 1, 86_400_000, "Deadline for the whole migration, ms; past it the run fails.",
        "all", ALL_ALGORITHMS, (b, v) -> b.runTimeoutMs((Long)v), null, true);

    /** Pages per push frame. */
    public static final Setting PUSH_BATCH = number("pushBatchPages", "--push-batch-pages", "<pages>", Setting.Kind.INT,
        "pages", 1, 64, "Most pages in one background-push frame.",
        "the post-copy phase", WITH_POSTCOPY, (b, v) -> b.pushBatchPages((Integer)v),
        () -> MigrationConfig.defaultPushBatchPages(0) + " unpaced, a 64 KiB frame; on a paced link as many as leave in " +
            "100 µs, " + MigrationConfig.builder().build().pushBatchPages() + " at " +
            MigrationConfig.builder().build().bandwidthMbit() + " Mbit/s", true);

    /** Most pre-copy rounds. */
    public static final Setting MAX_ROUNDS = number("maxRounds", "--max-rounds", "<rounds>", Setting.Kind.INT, "rounds",
        1, 1000, "Pre-copy: most rounds before stop-and-copy.",
        "the algorithms with rounds", WITH_ROUNDS, (b, v) -> b.maxRounds((Integer)v), null, true);

    /** Stop-and-copy threshold. */
    public static final Setting STOP_COPY = number("stopCopyKiB", "--stop-copy-kib", "<KiB>", Setting.Kind.LONG, "KiB",
        0, 1_048_576, "Pre-copy: stop and copy once the dirty set is at most this, KiB.",
        "precopy, precopy-throttled, auto-converge", Algorithm::purePrecopy, (b, v) -> b.stopCopyKiB((Long)v), null, true);

    /** Jin's C. */
    public static final Setting JIN_C = number("jinC", "--jin-c", "<C>", Setting.Kind.DOUBLE, "", 0, 10,
        "precopy-throttled: Jin 2011's C in E(i+1) = C*B*E(i)/P(i).",
        "precopy-throttled", a -> a == Algorithm.PRECOPY_THROTTLED, (b, v) -> b.jinC((Double)v), null, true);

    /** hybrid-k's k. */
    public static final Setting HYBRID_ROUNDS = number("hybridRounds", "--hybrid-rounds", "<k>", Setting.Kind.INT,
        "rounds", 1, 1000, "hybrid-k: pre-copy rounds before the switch to post-copy.",
        "hybrid-k", a -> a == Algorithm.HYBRID_K, (b, v) -> b.hybridRounds((Integer)v), null, true);

    /** The adaptive hybrids' downtime limit. */
    public static final Setting MAX_DOWNTIME = number("maxDowntimeMs", "--max-downtime-ms", "<ms>", Setting.Kind.LONG,
        "ms", 1, 600_000, "adaptive-hybrid, parallel-hybrid: stop-and-copy once what is left can be sent within " +
            "this at the last round's rate, ms.",
        "adaptive-hybrid, parallel-hybrid", ADAPTIVE, (b, v) -> b.maxDowntimeMs((Long)v), null, true);

    /** Shared storage's directory. */
    public static final Setting STORAGE = new Setting("storageDir", "--storage", "DIR", Setting.Kind.TEXT, "",
        Double.NaN, Double.NaN, "Shared storage for parallel-hybrid's snapshot and the backup: a directory; across " +
            "two processes give both sides the same directory.",
        "parallel-hybrid, --backup on", HYBRIDS, List.of(), v -> v, (b, v) -> b.storageDir((String)v),
        () -> "a temporary one per run", true);

    /** Shared storage's rate. */
    public static final Setting STORAGE_RATE = number("storageMbit", "--storage-mbit", "<Mbit/s>", Setting.Kind.LONG,
        "Mbit/s", 0, 400_000, "Shared storage's rate for reads and writes, Mbit/s, 0 = as fast as the disk goes.",
        "parallel-hybrid, --backup on", HYBRIDS, (b, v) -> b.storageMbit((Long)v), null, true);

    /** The backup of what post-copy owes. */
    public static final Setting BACKUP = new Setting("backup", "--backup", "<on|off>", Setting.Kind.ON_OFF, "",
        Double.NaN, Double.NaN, "Save the pages post-copy still owes (PbData) to shared storage at the switch, so a " +
            "link lost during post-copy is survived.",
        "the hybrids", HYBRIDS, List.of("on", "off"), Settings::onOff, (b, v) -> b.backup((Boolean)v),
        () -> "on for parallel-hybrid, off otherwise", true);

    /** Post-copy's link silence limit. */
    public static final Setting LINK_TIMEOUT = number("linkTimeoutMs", "--link-timeout-ms", "<ms>", Setting.Kind.LONG,
        "ms", 1, 600_000, "Post-copy: give the link up after hearing nothing for this long while pages are owed, ms.",
        "the post-copy phase", WITH_POSTCOPY, (b, v) -> b.linkTimeoutMs((Long)v), null, false);

    /** Fault injection: the source dies after the switch. */
    public static final Setting CUT_LINK = number("cutLinkAfterMs", "--cut-link-after-ms", "<ms>", Setting.Kind.LONG,
        "ms", 0, 86_400_000, "Fault injection in one process: the source dies this long after the switch to " +
            "post-copy, ms, 0 = never.",
        "the hybrids", HYBRIDS, (b, v) -> b.cutLinkAfterMs((Long)v), null, false);

    /** The writer's constant dirty rate. */
    public static final Setting DIRTY_RATE = number("dirtyRateMbit", "--dirty-rate-mbit", "<Mbit/s>", Setting.Kind.LONG,
        "Mbit/s", 0, 400_000, "Pattern writer: rate at which the guest dirties memory, Mbit/s.",
        "pattern writer", ALL_ALGORITHMS, (b, v) -> b.dirtyRateMbit((Long)v), null, true);

    /** The writer's rate over time. */
    public static final Setting DIRTY_SCHEDULE = new Setting("dirtySchedule", "--dirty-schedule", "<rate@time,...>",
        Setting.Kind.SCHEDULE, "Mbit/s@time", Double.NaN, Double.NaN,
        "Pattern writer: the dirty rate over time, in place of --dirty-rate-mbit: rate@time,... with each rate in " +
            "Mbit/s from its time on, times in ms or s since the workload started, the first at 0s, each later than " +
            "the last (e.g. " + DirtySchedule.EXAMPLE + "); the vCPU earns each rate for its run time after the step, " +
            "so a throttle scales it as it does a constant rate. Or a scenario: rising (the write rate doubles each " +
            "second, " + DirtySchedule.RISING_TEXT + ") or bursts (a read-heavy guest writing 10 Mbit/s, with " +
            "400 Mbit/s for 200 ms at each second from 1s to 10s). result.json stores it as dirtySchedule, expanded.",
        "pattern writer", ALL_ALGORITHMS, List.of(), DirtySchedule::parse, (b, v) -> b.dirtySchedule((DirtySchedule)v),
        () -> "none, the constant --dirty-rate-mbit", true);

    /** The push of post-copy. */
    public static final Setting PUSH = new Setting("push", "--push", "<on|off|Mbit/s>", Setting.Kind.PUSH, "Mbit/s",
        Double.NaN, Double.NaN, "Post-copy: push the pages nobody asked for: on (as fast as the link takes them), off " +
            "(demand paging and prefetch only, the VCSP paper's model: the run ends when the workload's pass is done " +
            "and every page it asked for is present), or a rate in Mbit/s below the link's.",
        "the post-copy family", a -> !a.precopyPhase(), List.of("on", "off"), PushMode::parse,
        (b, v) -> b.push((PushMode)v), null, true);

    /**
     * Every setting, in {@code MigrationConfig.toMap()} order; unmodifiable. {@code checkCrc} is the flag
     * {@code --no-crc}.
     */
    public static final List<Setting> ALL = List.of(
        name("algorithm", "--algorithm", "Migration algorithm.", "", Algorithm.values(), Algorithm::cliName,
            (b, v) -> b.algorithm((Algorithm)v), true),
        THROTTLE,
        PREFETCH,
        WORKLOAD,
        MEMORY,
        name("pattern", "--pattern", "Memory access pattern.", "", Pattern.values(), Pattern::cliName,
            (b, v) -> b.pattern((Pattern)v), true),
        name("link", "--link", "Link transport.", "<kind>", LinkKind.values(), LinkKind::cliName,
            (b, v) -> b.link((LinkKind)v), false),
        BANDWIDTH,
        LATENCY,
        PERIOD,
        SEED,
        name("waitStrategy", "--wait-strategy", "How a faulting vCPU waits for its page and service threads idle.", "",
            WaitStrategy.values(), WaitStrategy::cliName, (b, v) -> b.waitStrategy((WaitStrategy)v), true),
        FAULT_TIMEOUT,
        RUN_TIMEOUT,
        new Setting("checkCrc", "--no-crc", "", Setting.Kind.FLAG, "", Double.NaN, Double.NaN,
            "Do not check the CRC32C of page payloads (checked by default).", "all", ALL_ALGORITHMS, List.of(),
            v -> Boolean.FALSE, (b, v) -> b.checkCrc((Boolean)v), () -> "checked", true),
        PUSH_BATCH,
        MAX_ROUNDS,
        STOP_COPY,
        JIN_C,
        HYBRID_ROUNDS,
        MAX_DOWNTIME,
        STORAGE,
        STORAGE_RATE,
        BACKUP,
        LINK_TIMEOUT,
        CUT_LINK,
        DIRTY_RATE,
        DIRTY_SCHEDULE,
        name("writerOrder", "--writer-order", "Pattern writer: page order.", "<order>", WriterOrder.values(),
            WriterOrder::cliName, (b, v) -> b.writerOrder((WriterOrder)v), true),
        PUSH,
        name("faultBackend", "--fault-backend", "How the destination vCPU meets a missing page: mmu, the quasi-MMU " +
            "(a bitmap check before each access, any JVM); uffd, real page faults through Linux userfaultfd, resolved " +
            "with UFFDIO_COPY (post-copy algorithms, Java 22+, a build made on a JDK 22+).", "<backend>",
            FaultBackend.values(), FaultBackend::label, (b, v) -> b.faultBackend((FaultBackend)v), false)
            .usedBy("postcopy, postcopy-prefetch, vcsp, vcsp-prefetch (mmu for all)", a -> !a.precopyPhase()));

    private static final Map<String, Setting> BY_KEY;
    private static final Map<String, Setting> BY_OPTION;

    static
    {
        final Map<String, Setting> byKey = new LinkedHashMap<>();
        final Map<String, Setting> byOption = new LinkedHashMap<>();
        for (final Setting s : ALL)
        {
            byKey.put(s.key(), s);
            byOption.put(s.option(), s);
        }
        BY_KEY = Collections.unmodifiableMap(byKey);
        BY_OPTION = Collections.unmodifiableMap(byOption);
    }

    private Settings()
    {
    }

    /**
     * @param key a {@code toMap()} key such as "throttlePercent".
     * @return its setting, or null when there is none.
     */
    public static Setting byKey(final String key)
    {
        return BY_KEY.get(key);
    }

    /**
     * @param option a long option such as "--throttle".
     * @return its setting, or null when there is none.
     */
    public static Setting byOption(final String option)
    {
        return BY_OPTION.get(option);
    }

    /**
     * The table as Markdown, a row per setting: what {@code docs/settings.md} holds (a test keeps the
     * file equal to it).
     *
     * @return the Markdown table with its heading.
     */
    public static String markdown()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# Settings\n\n")
            .append("Every setting of a migration, generated from `core/.../migration/Settings.java`, the one place each ")
            .append("is declared (`SettingsTest` keeps this file equal to it; `-Dgolden.update=true` rewrites it). ")
            .append("`vcsp run`, `vcsp destination` and `vcsp sweep` take every option (a sweep takes a comma list or ")
            .append("range of each); `vcsp source` takes those marked in the source column. The key is the field of ")
            .append("`result.json`, `runs.csv` and the benchmarks' `@Param`s.\n\n")
            .append("| option | key | kind | range | unit | default | used by | source | what it does |\n")
            .append("|---|---|---|---|---|---|---|---|---|\n");
        for (final Setting s : ALL)
        {
            sb.append("| `").append(s.option()).append("` | `").append(s.key()).append("` | ")
                .append(s.kind() == Setting.Kind.NAME ? String.join(" \\| ", s.choices()) : s.kind().name().toLowerCase())
                .append(" | ").append(s.range()).append(" | ").append(s.unit())
                .append(" | ").append(defaultText(s).replace("|", "\\|"))
                .append(" | ").append(s.usedBy()).append(" | ").append(s.source() ? "yes" : "")
                .append(" | ").append(s.help().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * @param setting a setting.
     * @return its default as help shows it: a default-built configuration's value, or the setting's own text.
     */
    public static String defaultText(final Setting setting)
    {
        if (setting.defaults() != null)
        {
            return setting.defaults().get();
        }
        return String.valueOf(MigrationConfig.builder().build().toMap().get(setting.key()));
    }

    private static Setting number(
        final String key,
        final String option,
        final String paramLabel,
        final Setting.Kind kind,
        final String unit,
        final double min,
        final double max,
        final String help,
        final String usedBy,
        final Predicate<Algorithm> uses,
        final BiConsumer<MigrationConfig.Builder, Object> setter,
        final Supplier<String> defaults,
        final boolean source)
    {
        final Function<String, Object> parser = switch (kind)
        {
            case INT -> text -> (Object)wholeNumber(text, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
            case LONG -> text -> (Object)wholeNumber(text, Long.MIN_VALUE, Long.MAX_VALUE);
            default -> Settings::decimal;
        };
        return new Setting(key, option, paramLabel, kind, unit, min, max, help, usedBy, uses, List.of(), parser, setter,
            defaults, source);
    }

    private static <E extends Enum<E>> Setting name(
        final String key,
        final String option,
        final String help,
        final String paramLabel,
        final E[] values,
        final Function<E, String> cliName,
        final BiConsumer<MigrationConfig.Builder, Object> setter,
        final boolean source)
    {
        final List<String> choices = new ArrayList<>(values.length);
        for (final E e : values)
        {
            choices.add(cliName.apply(e));
        }
        final Function<String, Object> parser = text ->
        {
            for (final E e : values)
            {
                if (cliName.apply(e).equals(text))
                {
                    return e;
                }
            }
            throw new IllegalArgumentException("must be one of " + String.join("|", choices) + ", was '" + text + "'");
        };
        return new Setting(key, option, paramLabel.isEmpty() ? "<name>" : paramLabel, Setting.Kind.NAME, "", Double.NaN,
            Double.NaN, help, "all", ALL_ALGORITHMS, Collections.unmodifiableList(choices), parser, setter, null, source);
    }

    private static Long wholeNumber(final String text, final long min, final long max)
    {
        final long value;
        try
        {
            value = Long.parseLong(text.strip().replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("must be a whole number, was '" + text + "'");
        }
        if (value < min || value > max)
        {
            throw new IllegalArgumentException("value " + text + " is too large");
        }
        return value;
    }

    private static Object decimal(final String text)
    {
        try
        {
            final double v = Double.parseDouble(text.strip());
            if (Double.isFinite(v))
            {
                return v;
            }
        }
        catch (final NumberFormatException ex)
        {
            // said below
        }
        throw new IllegalArgumentException("must be a number, was '" + text + "'");
    }

    private static Object onOff(final String text)
    {
        switch (text)
        {
            case "on": return Boolean.TRUE;
            case "off": return Boolean.FALSE;
            default: throw new IllegalArgumentException("must be on or off, was '" + text + "'");
        }
    }

    private static String perAlgorithm(final boolean throttled)
    {
        for (final Algorithm a : Algorithm.values())
        {
            if (a.throttled() == throttled && !a.prefetching())
            {
                return Integer.toString(MigrationConfig.builder().algorithm(a).build().throttlePercent());
            }
        }
        return "?";
    }

    private static String prefetch(final boolean prefetching)
    {
        for (final Algorithm a : Algorithm.values())
        {
            if (a.prefetching() == prefetching && !a.throttled())
            {
                return Integer.toString(MigrationConfig.builder().algorithm(a).build().prefetchPages());
            }
        }
        return "?";
    }
}
