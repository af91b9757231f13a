package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.Setting;
import io.vcspbench.core.migration.Settings;
import io.vcspbench.core.workload.DirtySchedule;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The settings {@code vcsp sweep} can vary: every setting of the table ({@link Settings#ALL}) that
 * takes a value, read as a comma list with ranges; and the cartesian grid of the values given.
 * Stateless and thread-safe.
 */
public final class SweepAxes
{
    /** Most distinct points a sweep may have, so that a typo cannot queue a month of runs. */
    public static final int MAX_POINTS = 10_000;

    /**
     * One dimension of the grid.
     *
     * @param name   what varies, for messages.
     * @param levels the changes to a builder, one per value.
     */
    public record Dimension(String name, List<Consumer<MigrationConfig.Builder>> levels)
    {
    }

    /** Every setting a sweep can vary, in {@code toMap()} order; {@code checkCrc} is a flag, {@code --no-crc}, not an axis. */
    public static final List<Setting> ALL = axes();

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
     * @param setting an axis.
     * @param text    what the user typed, a comma list with optional ranges; for a dirty schedule
     *                schedules separated by ';'.
     * @return the values, converted.
     * @throws IllegalArgumentException naming the option and the bad value.
     */
    public static List<Object> parse(final Setting setting, final String text)
    {
        final List<Object> values = new ArrayList<>();
        if (setting.kind() == Setting.Kind.SCHEDULE)
        {
            for (final String schedule : text.split(";", -1))
            {
                values.add(DirtySchedule.parse(schedule)); // its message names the option
            }
            return values;
        }
        if (!setting.numeric())
        {
            for (final String word : SweepValues.words(setting.option(), text))
            {
                values.add(value(setting, word));
            }
            return values;
        }
        for (final BigDecimal number : SweepValues.numbers(setting.option(), text, setting.kind() != Setting.Kind.DOUBLE))
        {
            try
            {
                values.add(switch (setting.kind())
                {
                    case INT -> number.intValueExact();
                    case LONG -> number.longValueExact();
                    default -> number.doubleValue();
                });
            }
            catch (final ArithmeticException ex)
            {
                throw new IllegalArgumentException(setting.option() + " value " + number.toPlainString() + " is too large");
            }
        }
        return values;
    }

    /**
     * @param setting an axis.
     * @param text    what the user typed.
     * @return one dimension of the grid: a builder change per value.
     */
    public static Dimension dimension(final Setting setting, final String text)
    {
        final List<Consumer<MigrationConfig.Builder>> levels = new ArrayList<>();
        for (final Object value : parse(setting, text))
        {
            levels.add(b -> setting.setter().accept(b, value));
        }
        return new Dimension(setting.key(), levels);
    }

    private static Object value(final Setting setting, final String word)
    {
        try
        {
            return setting.parse(word);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(setting.option() + " " + ex.getMessage(), ex);
        }
    }

    private static List<Setting> axes()
    {
        final List<Setting> axes = new ArrayList<>();
        for (final Setting s : Settings.ALL)
        {
            if (s.kind() != Setting.Kind.FLAG)
            {
                axes.add(s);
            }
        }
        return Collections.unmodifiableList(axes);
    }
}
