package io.vcspbench.core.migration;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One setting of a migration, declared once in {@link Settings#ALL}: its name in {@code result.json}
 * and on the command line, its kind, range, unit, help and the algorithms that use it, how a value is
 * read from text and how it is applied to a {@link MigrationConfig.Builder}. {@code vcsp run},
 * {@code sweep}, {@code source} and {@code destination} build their options from these, the config
 * builder range-checks with them and the benchmarks apply their parameters through them. Immutable
 * and thread-safe.
 *
 * @param key        the {@code MigrationConfig.toMap()} and {@code result.json} key, e.g. "throttlePercent".
 * @param option     the long option, e.g. "--throttle".
 * @param paramLabel what the option's value is called in help, e.g. "&lt;E&gt;".
 * @param kind       what kind of values it takes.
 * @param unit       the unit of its values ("ms", "MiB", "Mbit/s", "%"), "" when it has none.
 * @param min        the least value of a numeric setting (for {@link Kind#DOUBLE} exclusive); NaN if none.
 * @param max        the greatest value of a numeric setting; NaN if none.
 * @param help       what it does, one or more sentences, without the default.
 * @param usedBy     which algorithms use it, in words ("all", "the pre-copy family", ...).
 * @param uses       which algorithms use it.
 * @param choices    the CLI names a {@link Kind#NAME} setting takes; empty for the other kinds.
 * @param parser     reads one value from what the user typed; throws IllegalArgumentException saying
 *                   what is allowed, without the option's name ("must be one of a|b, was 'c'").
 * @param setter     applies a parsed value to a builder.
 * @param defaults   the default as help shows it.
 * @param source     whether {@code vcsp source} takes it (the settings of the source half).
 */
public record Setting(
    String key,
    String option,
    String paramLabel,
    Kind kind,
    String unit,
    double min,
    double max,
    String help,
    String usedBy,
    Predicate<Algorithm> uses,
    List<String> choices,
    Function<String, Object> parser,
    BiConsumer<MigrationConfig.Builder, Object> setter,
    Supplier<String> defaults,
    boolean source)
{
    /**
     * @param text      which algorithms use it, in words.
     * @param predicate which algorithms use it.
     * @return this setting, used by those algorithms.
     */
    public Setting usedBy(final String text, final Predicate<Algorithm> predicate)
    {
        return new Setting(key, option, paramLabel, kind, unit, min, max, help, text, predicate, choices, parser, setter,
            defaults, source);
    }

    /** What kind of values a setting takes, and so how a sweep lists several. */
    public enum Kind
    {
        /** Whole numbers that fit an int. */
        INT,
        /** Whole numbers that fit a long. */
        LONG,
        /** Decimal numbers. */
        DOUBLE,
        /** One of {@link #choices()}. */
        NAME,
        /** Free text, e.g. a directory. */
        TEXT,
        /** on or off. */
        ON_OFF,
        /** on, off or a rate in Mbit/s (the push). */
        PUSH,
        /** A dirty schedule; a sweep separates several with ';' since one holds commas. */
        SCHEDULE,
        /** A flag without a value: given means the setter is applied. */
        FLAG
    }

    /**
     * @param text what the user typed, one value.
     * @return the value, of the type the setter takes.
     * @throws IllegalArgumentException saying what is allowed, without the option's name.
     */
    public Object parse(final String text)
    {
        return parser.apply(text);
    }

    /**
     * Applies one value, as typed, to a builder.
     *
     * @param builder the builder.
     * @param text    what the user typed, one value.
     * @throws IllegalArgumentException saying what is allowed, prefixed with the option's name.
     */
    public void apply(final MigrationConfig.Builder builder, final String text)
    {
        final Object value;
        try
        {
            value = parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " " + ex.getMessage(), ex);
        }
        setter.accept(builder, value);
    }

    /** @return whether the setting takes a number. */
    public boolean numeric()
    {
        return kind == Kind.INT || kind == Kind.LONG || kind == Kind.DOUBLE;
    }

    /** @return the range as docs show it, e.g. "1..100", "at least 1" or "(0, 10]"; "" when it has none. */
    public String range()
    {
        if (Double.isNaN(min))
        {
            return "";
        }
        if (kind == Kind.DOUBLE)
        {
            return "(" + number(min) + ", " + number(max) + "]";
        }
        return Double.isNaN(max) ? "at least " + number(min) : number(min) + ".." + number(max);
    }

    /**
     * Range-checks a whole-number value with this setting's bounds.
     *
     * @param value the value.
     * @throws IllegalArgumentException "key must be in [min, max], was value".
     */
    public void check(final long value)
    {
        check(value, (long)max);
    }

    /**
     * Range-checks a whole-number value against this setting's least value and the given greatest one,
     * for a bound that depends on another setting (the working set is at most the memory).
     *
     * @param value the value.
     * @param upper the greatest value allowed.
     * @throws IllegalArgumentException "key must be in [min, upper], was value".
     */
    public void check(final long value, final long upper)
    {
        final long lower = (long)min;
        if (value < lower || value > upper)
        {
            throw new IllegalArgumentException(key + " must be in [" + lower + ", " + upper + "], was " + value);
        }
    }

    /**
     * Range-checks a decimal value: above the least value, at most the greatest.
     *
     * @param value the value.
     * @throws IllegalArgumentException "key must be in (min, max], was value".
     */
    public void check(final double value)
    {
        if (!(value > min && value <= max))
        {
            throw new IllegalArgumentException(key + " must be in " + range() + ", was " + value);
        }
    }

    private static String number(final double v)
    {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
    }
}
