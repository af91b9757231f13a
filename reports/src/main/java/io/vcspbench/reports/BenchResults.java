package io.vcspbench.reports;

import java.util.List;
import java.util.Map;

/** What the bench report's sections share: finding a result across sets, names and params. Stateless. */
final class BenchResults
{
    private BenchResults()
    {
    }

    /** @return " key=value" for each of the keys, for a chart group's label. */
    static String otherParams(final Map<String, String> params, final List<String> keys)
    {
        final StringBuilder sb = new StringBuilder();
        keys.forEach(k -> sb.append(' ').append(k).append('=').append(params.getOrDefault(k, "?")));
        return sb.toString();
    }

    /** @return a param as a number, NaN when absent or not a number. */
    static double number(final String value)
    {
        try
        {
            return value == null ? Double.NaN : Double.parseDouble(value);
        }
        catch (final NumberFormatException e)
        {
            return Double.NaN;
        }
    }

    static JmhResult byKey(final ResultSet s, final String key)
    {
        for (final JmhResult r : s.results())
        {
            if (r.key().equals(key))
            {
                return r;
            }
        }
        return null;
    }

    static String shortName(final JmhResult r)
    {
        return r.className() + "." + r.method();
    }
}
