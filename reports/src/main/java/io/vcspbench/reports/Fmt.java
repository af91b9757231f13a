package io.vcspbench.reports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting for the report: fixed locale, precision that follows magnitude. */
final class Fmt
{
    /** Shown for a missing or undefined number. */
    static final String NONE = "–";

    private Fmt()
    {
    }

    /**
     * @param v a value.
     * @return it with 4 significant digits at most (no exponent above 0.001), or {@link #NONE}.
     */
    static String num(final double v)
    {
        if (Double.isNaN(v) || Double.isInfinite(v))
        {
            return NONE;
        }
        final double a = Math.abs(v);
        if (a == 0)
        {
            return "0";
        }
        if (a >= 1000)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100)
        {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 10)
        {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (a >= 1)
        {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        if (a >= 0.001)
        {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%.1e", v);
    }

    /**
     * @param v an axis tick value.
     * @return it with at most 4 significant digits and no trailing zeros ("200", "2.5", "0.05"), or {@link #NONE}.
     */
    static String tick(final double v)
    {
        if (!Double.isFinite(v))
        {
            return NONE;
        }
        if (v == 0)
        {
            return "0";
        }
        return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /**
     * @param v a value that is usually a whole number, such as a median count.
     * @return it without decimals when it is whole, else as {@link #num(double)}.
     */
    static String whole(final double v)
    {
        return Double.isFinite(v) && v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : num(v);
    }

    /**
     * @param bandwidthMbit a link's pacing, Mbit/s; 0 means unpaced.
     * @return "unpaced", "N Mbit/s", or "? Mbit/s" when it is missing or negative.
     */
    static String bandwidth(final double bandwidthMbit)
    {
        return bandwidthMbit > 0 ? whole(bandwidthMbit) + " Mbit/s" : bandwidthMbit == 0 ? "unpaced" : "? Mbit/s";
    }

    /**
     * @param score a score.
     * @param error its error, NaN when none.
     * @return "score ± error", or the score alone.
     */
    static String scoreError(final double score, final double error)
    {
        return Double.isNaN(error) ? num(score) : num(score) + " ± " + num(error);
    }

    /**
     * @param ratio a ratio.
     * @return it with two decimals and a "×", or {@link #NONE}.
     */
    static String ratio(final double ratio)
    {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? NONE : String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
