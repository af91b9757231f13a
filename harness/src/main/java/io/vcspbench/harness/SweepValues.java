package io.vcspbench.harness;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands the value of a {@code vcsp sweep} option into the values it stands for: a comma list
 * ({@code 25,50,75}), with ranges written as the first values, {@code ...} and the last value.
 * Two values before {@code ...} give an arithmetic range ({@code 10,20,...,100}); three or more
 * that share a ratio give a geometric one ({@code 1,2,4,...,64}); the last value must be reached
 * exactly. Errors are {@link IllegalArgumentException}s whose message starts with the option name.
 * Stateless and thread-safe.
 */
public final class SweepValues
{
    /** The token that stands for the values between its neighbours. */
    public static final String ELLIPSIS = "...";

    /** Most values one option may expand to, so that a typo cannot start a sweep of a million runs. */
    public static final int MAX_VALUES = 1000;

    private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile("[+-]?\\d+");
    private static final MathContext MATH = MathContext.DECIMAL128;

    private SweepValues()
    {
    }

    /**
     * @param option the option, for messages, e.g. "--algorithm".
     * @param text   what the user typed, e.g. "vcsp,vcsp-prefetch".
     * @return the words, in order.
     * @throws IllegalArgumentException for an empty item or a range.
     */
    public static List<String> words(final String option, final String text)
    {
        final List<String> words = new ArrayList<>();
        for (final String item : split(option, text))
        {
            if (ELLIPSIS.equals(item))
            {
                throw new IllegalArgumentException(option + " takes a list of names, and '" + ELLIPSIS +
                    "' ranges only numbers, was '" + text + "'");
            }
            words.add(item);
        }
        return words;
    }

    /**
     * @param option the option, for messages, e.g. "--throttle".
     * @param text   what the user typed, e.g. "10,20,...,100".
     * @param whole  whether the values must be whole numbers.
     * @return the values, in order.
     * @throws IllegalArgumentException naming the option and what was wrong.
     */
    public static List<BigDecimal> numbers(final String option, final String text, final boolean whole)
    {
        final List<String> items = split(option, text);
        final List<BigDecimal> values = new ArrayList<>();
        // The explicit values since the last range ended: what the next '...' extends.
        final List<BigDecimal> prefix = new ArrayList<>();
        for (int i = 0; i < items.size(); i++)
        {
            final String item = items.get(i);
            if (ELLIPSIS.equals(item))
            {
                if (i + 1 >= items.size() || ELLIPSIS.equals(items.get(i + 1)))
                {
                    throw new IllegalArgumentException(option + " needs a last value after '" + ELLIPSIS +
                        "', as in 10,20,...,100; was '" + text + "'");
                }
                final BigDecimal end = number(option, text, items.get(++i), whole);
                expand(option, text, prefix, end, whole, values);
                prefix.clear();
            }
            else
            {
                final BigDecimal value = number(option, text, item, whole);
                values.add(value);
                prefix.add(value);
            }
            if (values.size() > MAX_VALUES)
            {
                throw new IllegalArgumentException(option + " expands to more than " + MAX_VALUES +
                    " values, was '" + text + "'");
            }
        }
        return values;
    }

    private static List<String> split(final String option, final String text)
    {
        final List<String> items = new ArrayList<>();
        for (final String raw : text.split(",", -1))
        {
            final String item = raw.strip();
            if (item.isEmpty())
            {
                throw new IllegalArgumentException(option + " has an empty value in '" + text +
                    "'; separate values with single commas");
            }
            items.add(item);
        }
        return items;
    }

    private static BigDecimal number(final String option, final String text, final String item, final boolean whole)
    {
        final String kind = whole ? "whole numbers" : "numbers";
        if (whole && !WHOLE.matcher(item).matches())
        {
            throw new IllegalArgumentException(option + " must be " + kind + ", was '" + item + "' in '" + text + "'");
        }
        try
        {
            return new BigDecimal(item);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " must be " + kind + ", was '" + item + "' in '" + text + "'");
        }
    }

    private static void expand(
        final String option,
        final String text,
        final List<BigDecimal> prefix,
        final BigDecimal end,
        final boolean whole,
        final List<BigDecimal> out)
    {
        final String where = option + " " + text + ": ";
        if (prefix.size() < 2)
        {
            throw new IllegalArgumentException(where + "'" + ELLIPSIS + "' needs two values before it to give the step, " +
                "as in 10,20,...,100, or three for a ratio, as in 1,2,4,...,64");
        }

        final boolean geometric = prefix.size() >= 3 && isGeometric(prefix);
        if (!geometric && !isArithmetic(prefix))
        {
            throw new IllegalArgumentException(where + "the values before '" + ELLIPSIS +
                "' have neither a common difference nor a common ratio");
        }

        final BigDecimal first = prefix.get(0);
        final BigDecimal second = prefix.get(1);
        final BigDecimal step = second.subtract(first);
        if (step.signum() == 0)
        {
            throw new IllegalArgumentException(where + "the values before '" + ELLIPSIS + "' must differ");
        }
        final boolean rising = step.signum() > 0;
        BigDecimal last = prefix.get(prefix.size() - 1);
        if (end.compareTo(last) == 0 || end.compareTo(last) < 0 == rising)
        {
            throw new IllegalArgumentException(where + "the range " + (rising ? "rises" : "falls") + " from " +
                plain(last) + " so it cannot end at " + plain(end));
        }

        while (true)
        {
            final BigDecimal next = geometric
                ? last.multiply(second, MATH).divide(first, MATH).stripTrailingZeros()
                : last.add(step);
            final int toEnd = next.compareTo(end);
            if (toEnd != 0 && toEnd > 0 == rising)
            {
                throw new IllegalArgumentException(where + (geometric ? "multiplying by " + plain(second.divide(first, MATH)) :
                    "steps of " + plain(step)) + " go from " + plain(last) + " to " + plain(next) + " and miss " +
                    plain(end) + "; end the range at " + plain(last) + " or " + plain(next));
            }
            if (whole && next.stripTrailingZeros().scale() > 0)
            {
                throw new IllegalArgumentException(where + "the ratio gives " + plain(next) + ", not a whole number");
            }
            out.add(next);
            if (out.size() > MAX_VALUES)
            {
                throw new IllegalArgumentException(option + " expands to more than " + MAX_VALUES +
                    " values, was '" + text + "'");
            }
            if (toEnd == 0)
            {
                return;
            }
            last = next;
        }
    }

    private static boolean isArithmetic(final List<BigDecimal> values)
    {
        final BigDecimal step = values.get(1).subtract(values.get(0));
        for (int i = 2; i < values.size(); i++)
        {
            if (values.get(i).subtract(values.get(i - 1)).compareTo(step) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isGeometric(final List<BigDecimal> values)
    {
        // b/a = c/b, tested as b*b = a*c so that no division can be inexact; a ratio of 1 is no range
        // and a negative one would jump back and forth across the end.
        for (int i = 2; i < values.size(); i++)
        {
            final BigDecimal a = values.get(i - 2);
            final BigDecimal b = values.get(i - 1);
            final BigDecimal c = values.get(i);
            if (a.signum() == 0 || a.signum() != b.signum() || a.compareTo(b) == 0 ||
                b.multiply(b).compareTo(a.multiply(c)) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static String plain(final BigDecimal value)
    {
        return value.stripTrailingZeros().toPlainString();
    }
}
