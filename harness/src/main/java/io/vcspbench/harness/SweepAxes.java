package io.vcspbench.harness;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.migration.Algorithm;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.DirtySchedule;
import io.vcspbench.core.workload.Pattern;
import io.vcspbench.core.workload.WriterOrder;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The settings {@code vcsp sweep} can vary, one {@link Axis} per option of {@code vcsp run} that
 * takes a value, in {@code MigrationConfig.toMap()} order; and the cartesian grid of the values
 * given. Stateless and thread-safe.
 */
public final class SweepAxes
{
    /** Most distinct points a sweep may have, so that a typo cannot queue a month of runs. */
    public static final int MAX_POINTS = 10_000;

    /** What kind of values an axis takes. */
    public enum Kind
    {
        /** Whole numbers that fit an int. */
        INT,
        /** Whole numbers that fit a long. */
        LONG,
        /** Decimal numbers. */
        DOUBLE,
        /** CLI names of an enum. */
        NAME,
        /** Dirty schedules, separated by ';' since a schedule holds commas. */
        SCHEDULE
    }

    /**
     * One setting a sweep can vary.
     *
     * @param key    the {@code MigrationConfig.toMap()} key, e.g. "throttlePercent".
     * @param option the long option, e.g. "--throttle".
     * @param kind   the kind of its values.
     * @param names  converts a CLI name to the enum value, for {@link Kind#NAME}; else null.
     * @param set    applies one value to a builder.
     */
    public record Axis(
        String key,
        String option,
        Kind kind,
        Function<String, Object> names,
        BiConsumer<MigrationConfig.Builder, Object> set)
    {
        /**
         * @param text what the user typed, a comma list with optional ranges; for {@link Kind#SCHEDULE}
         *             dirty schedules separated by ';'.
         * @return the values, converted.
         * @throws IllegalArgumentException naming the option and the bad value.
         */
        public List<Object> parse(final String text)
        {
            final List<Object> values = new ArrayList<>();
            if (kind == Kind.SCHEDULE)
            {
                for (final String schedule : text.split(";", -1))
                {
                    values.add(DirtySchedule.parse(schedule)); // its message names the option
                }
                return values;
            }
            if (kind == Kind.NAME)
            {
                for (final String word : SweepValues.words(option, text))
                {
                    try
                    {
                        values.add(names.apply(word));
                    }
                    catch (final TypeConversionException ex)
                    {
                        throw new IllegalArgumentException(option + " " + ex.getMessage(), ex);
                    }
                }
                return values;
            }

            for (final BigDecimal number : SweepValues.numbers(option, text, kind != Kind.DOUBLE))
            {
                try
                {
                    values.add(switch (kind)
                    {
                        case INT -> number.intValueExact();
                        case LONG -> number.longValueExact();
                        default -> number.doubleValue();
                    });
                }
                catch (final ArithmeticException ex)
                {
                    throw new IllegalArgumentException(option + " value " + number.toPlainString() + " is too large");
                }
            }
            return values;
        }

        /**
         * @param text what the user typed.
         * @return one dimension of the grid: a builder change per value.
         */
        public Dimension dimension(final String text)
        {
            final List<Consumer<MigrationConfig.Builder>> levels = new ArrayList<>();
            for (final Object value : parse(text))
            {
                levels.add(b -> set.accept(b, value));
            }
            return new Dimension(key, levels);
        }
    }

    /**
     * One dimension of the grid.
     *
     * @param name   what varies, for messages.
     * @param levels the changes to a builder, one per value.
     */
    public record Dimension(String name, List<Consumer<MigrationConfig.Builder>> levels)
    {
    }

    /** Every axis, in {@code toMap()} order; {@code checkCrc} is a flag, {@code --no-crc}, not an axis. */
    public static final List<Axis> ALL = List.of(
        name("algorithm", v -> EnumOptions.fromCliName(v, Algorithm.values(), Algorithm::cliName),
            (b, v) -> b.algorithm((Algorithm)v)),
        axis("throttlePercent", Kind.INT, (b, v) -> b.throttlePercent((Integer)v)),
        axis("prefetchPages", Kind.INT, (b, v) -> b.prefetchPages((Integer)v)),
        axis("workloadMiB", Kind.LONG, (b, v) -> b.workloadMiB((Long)v)),
        axis("memoryMiB", Kind.LONG, (b, v) -> b.memoryMiB((Long)v)),
        name("pattern", v -> EnumOptions.fromCliName(v, Pattern.values(), Pattern::cliName),
            (b, v) -> b.pattern((Pattern)v)),
        name("link", v -> EnumOptions.fromCliName(v, LinkKind.values(), LinkKind::cliName),
            (b, v) -> b.link((LinkKind)v)),
        axis("bandwidthMbit", Kind.LONG, (b, v) -> b.bandwidthMbit((Long)v)),
        axis("latencyUs", Kind.LONG, (b, v) -> b.latencyUs((Long)v)),
        axis("periodMs", Kind.LONG, (b, v) -> b.periodMs((Long)v)),
        axis("seed", Kind.LONG, (b, v) -> b.seed((Long)v)),
        name("waitStrategy", v -> EnumOptions.fromCliName(v, WaitStrategy.values(), WaitStrategy::cliName),
            (b, v) -> b.waitStrategy((WaitStrategy)v)),
        axis("faultTimeoutMs", Kind.LONG, (b, v) -> b.faultTimeoutMs((Long)v)),
        axis("runTimeoutMs", Kind.LONG, (b, v) -> b.runTimeoutMs((Long)v)),
        axis("pushBatchPages", Kind.INT, (b, v) -> b.pushBatchPages((Integer)v)),
        axis("maxRounds", Kind.INT, (b, v) -> b.maxRounds((Integer)v)),
        axis("stopCopyKiB", Kind.LONG, (b, v) -> b.stopCopyKiB((Long)v)),
        axis("jinC", Kind.DOUBLE, (b, v) -> b.jinC((Double)v)),
        axis("hybridRounds", Kind.INT, (b, v) -> b.hybridRounds((Integer)v)),
        axis("maxDowntimeMs", Kind.LONG, (b, v) -> b.maxDowntimeMs((Long)v)),
        name("storageDir", v -> v, (b, v) -> b.storageDir((String)v)),
        axis("storageMbit", Kind.LONG, (b, v) -> b.storageMbit((Long)v)),
        name("backup", v -> ConfigOptions.onOff("--backup", v), (b, v) -> b.backup((Boolean)v)),
        axis("linkTimeoutMs", Kind.LONG, (b, v) -> b.linkTimeoutMs((Long)v)),
        axis("cutLinkAfterMs", Kind.LONG, (b, v) -> b.cutLinkAfterMs((Long)v)),
        axis("dirtyRateMbit", Kind.LONG, (b, v) -> b.dirtyRateMbit((Long)v)),
        axis("dirtySchedule", Kind.SCHEDULE, (b, v) -> b.dirtySchedule((DirtySchedule)v)),
        name("writerOrder", v -> EnumOptions.fromCliName(v, WriterOrder.values(), WriterOrder::cliName),
            (b, v) -> b.writerOrder((WriterOrder)v)),
        name("push", v -> new EnumOptions.PushModeConverter().convert(v), (b, v) -> b.push((PushMode)v)));

    private SweepAxes()
    {
    }

    /**
     * The distinct configurations of the grid, the first dimension varying slowest. Combinations
     * that come out the same (E and N are forced to 100 and 1 for the algorithms that do not use
     * them) are one point.
     *
     * @param base       applied to every builder first: the settings that do not vary.
     * @param dimensions what varies.
     * @return the points in grid order; unmodifiable.
     * @throws IllegalArgumentException from the config builder naming the field out of range, or
     *                                  when the grid is larger than {@link #MAX_POINTS}.
     */
    public static List<MigrationConfig> grid(
        final Consumer<MigrationConfig.Builder> base, final List<Dimension> dimensions)
    {
        long size = 1;
        for (final Dimension d : dimensions)
        {
            size *= d.levels().size();
            if (size > MAX_POINTS)
            {
                throw new IllegalArgumentException("the grid has more than " + MAX_POINTS +
                    " points; give fewer values");
            }
        }

        final Map<Map<String, Object>, MigrationConfig> points = new LinkedHashMap<>();
        final int[] at = new int[dimensions.size()];
        while (true)
        {
            final MigrationConfig.Builder b = MigrationConfig.builder();
            base.accept(b);
            for (int d = 0; d < at.length; d++)
            {
                dimensions.get(d).levels().get(at[d]).accept(b);
            }
            final MigrationConfig config = b.build();
            points.putIfAbsent(config.toMap(), config);

            // Odometer: the last dimension turns fastest.
            int d = at.length - 1;
            while (d >= 0 && ++at[d] == dimensions.get(d).levels().size())
            {
                at[d] = 0;
                d--;
            }
            if (d < 0)
            {
                return Collections.unmodifiableList(new ArrayList<>(points.values()));
            }
        }
    }

    /**
     * @param key a config key.
     * @return its axis, or null.
     */
    public static Axis byKey(final String key)
    {
        for (final Axis a : ALL)
        {
            if (a.key().equals(key))
            {
                return a;
            }
        }
        return null;
    }

    private static Axis axis(final String key, final Kind kind, final BiConsumer<MigrationConfig.Builder, Object> set)
    {
        return new Axis(key, ConfigOptions.optionFor(key), kind, null, set);
    }

    private static Axis name(
        final String key, final Function<String, Object> names, final BiConsumer<MigrationConfig.Builder, Object> set)
    {
        return new Axis(key, ConfigOptions.optionFor(key), Kind.NAME, names, set);
    }
}
