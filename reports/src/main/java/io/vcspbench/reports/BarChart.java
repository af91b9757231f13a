package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart drawn as inline SVG by hand: no script, no external resource. Groups along x
 * (one label each), one bar per series in every group, y linear or log10 with grid lines. Missing
 * values (NaN, or not positive on a log axis) leave a gap.
 */
final class BarChart implements Plot
{
    /** Dark and light pairs, so a series' p50 and p99 share a hue; twenty, so two labels of six series never repeat one. */
    private static final String[] PALETTE = {
        "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd", "#c5b0d5",
        "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7", "#bcbd22", "#dbdb8d", "#17becf", "#9edae5",
    };

    private final String title;
    private final String yTitle;
    private final boolean log;
    private final List<String> groups = new ArrayList<>();
    private final List<String> series = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();

    /**
     * @param title  chart title.
     * @param yTitle y axis title with unit.
     * @param log    log10 y axis.
     * @param series series names, in legend and bar order.
     */
    BarChart(final String title, final String yTitle, final boolean log, final List<String> series)
    {
        this.title = title;
        this.yTitle = yTitle;
        this.log = log;
        this.series.addAll(series);
    }

    /**
     * @param label  group label.
     * @param values one value per series.
     */
    void addGroup(final String label, final double[] values)
    {
        groups.add(label);
        this.values.add(values.clone());
    }

    /** {@inheritDoc} */
    @Override
    public String title()
    {
        return title;
    }

    /** {@inheritDoc} */
    @Override
    public boolean isEmpty()
    {
        return groups.isEmpty();
    }

    /** {@inheritDoc} */
    @Override
    public String svg()
    {
        final int barWidth = 10;
        final int groupGap = 14;
        final int left = 70;
        final int top = 40 + 16 * ((series.size() + 2) / 3);
        final int plotHeight = 260;
        final int bottom = 110;
        final int groupWidth = series.size() * barWidth + groupGap;
        // Wide enough for the bars and their slanted labels, the legend's three columns of 220 and the title (about 8 px a character).
        final int legendWidth = Math.min(3, series.size()) * 220;
        final int width = Math.max(Math.max(480, left + groups.size() * groupWidth + 60),
            Math.max(left + legendWidth, left + title.length() * 8 + 10));
        final int height = top + plotHeight + bottom;

        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (final double[] vs : values)
        {
            for (final double v : vs)
            {
                if (usable(v))
                {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max < min)
        {
            min = 1;
            max = 10;
        }
        final double lo;
        final double hi;
        if (log)
        {
            lo = Math.pow(10, Math.floor(Math.log10(min)));
            hi = Math.pow(10, Math.ceil(Math.log10(max * 1.0001)));
        }
        else
        {
            lo = 0;
            hi = niceCeiling(max);
        }

        final StringBuilder s = new StringBuilder();
        s.append("<svg width=\"").append(width).append("\" height=\"").append(height)
            .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.append("<title>").append(Html.escape(title)).append("</title>\n");
        s.append("<text x=\"").append(left).append("\" y=\"18\" font-size=\"14\" font-weight=\"bold\">")
            .append(Html.escape(title)).append("</text>\n");
        for (int i = 0; i < series.size(); i++)
        {
            final int x = left + (i % 3) * 220;
            final int y = 32 + (i / 3) * 16;
            s.append("<rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"10\" height=\"10\" fill=\"")
                .append(color(i)).append("\"/><text x=\"").append(x + 14).append("\" y=\"").append(y).append("\">")
                .append(Html.escape(series.get(i))).append("</text>\n");
        }
        // grid lines and y labels
        final List<Double> ticks = new ArrayList<>();
        if (log)
        {
            for (double t = lo; t <= hi * 1.0001; t *= 10)
            {
                ticks.add(t);
            }
        }
        else
        {
            for (int i = 0; i <= 5; i++)
            {
                ticks.add(hi * i / 5);
            }
        }
        for (final double t : ticks)
        {
            final double y = yOf(t, lo, hi, top, plotHeight);
            s.append("<line x1=\"").append(left).append("\" x2=\"").append(width - 10).append("\" y1=\"").append(f(y))
                .append("\" y2=\"").append(f(y)).append("\" stroke=\"#ddd\"/>")
                .append("<text x=\"").append(left - 4).append("\" y=\"").append(f(y + 4))
                .append("\" text-anchor=\"end\">").append(Fmt.num(t)).append("</text>\n");
        }
        s.append("<text transform=\"translate(14 ").append(top + plotHeight / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
            .append(Html.escape(yTitle)).append("</text>\n");
        // bars
        for (int g = 0; g < groups.size(); g++)
        {
            final int gx = left + 8 + g * groupWidth;
            final double[] vs = values.get(g);
            for (int i = 0; i < series.size() && i < vs.length; i++)
            {
                if (!usable(vs[i]))
                {
                    continue;
                }
                final double y = yOf(vs[i], lo, hi, top, plotHeight);
                final double base = top + plotHeight;
                s.append("<rect x=\"").append(gx + i * barWidth).append("\" y=\"").append(f(y)).append("\" width=\"")
                    .append(barWidth - 1).append("\" height=\"").append(f(Math.max(0.5, base - y))).append("\" fill=\"")
                    .append(color(i)).append("\"><title>").append(Html.escape(groups.get(g) + ", " + series.get(i) + ": " +
                    Fmt.num(vs[i]))).append("</title></rect>\n");
            }
            final int cx = gx + series.size() * barWidth / 2;
            final int cy = top + plotHeight + 8;
            s.append("<text transform=\"translate(").append(cx).append(' ').append(cy)
                .append(") rotate(45)\" text-anchor=\"start\">").append(Html.escape(groups.get(g))).append("</text>\n");
        }
        s.append("<line x1=\"").append(left).append("\" x2=\"").append(width - 10).append("\" y1=\"").append(top + plotHeight)
            .append("\" y2=\"").append(top + plotHeight).append("\" stroke=\"#333\"/>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    private boolean usable(final double v)
    {
        return !Double.isNaN(v) && !Double.isInfinite(v) && (!log || v > 0) && v >= 0;
    }

    private double yOf(final double v, final double lo, final double hi, final int top, final int plotHeight)
    {
        final double frac = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
        return top + plotHeight * (1 - Math.max(0, Math.min(1, frac)));
    }

    private static double niceCeiling(final double v)
    {
        if (v <= 0)
        {
            return 1;
        }
        final double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (final double m : new double[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * p >= v)
            {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String color(final int i)
    {
        return PALETTE[i % PALETTE.length];
    }

    private static String f(final double v)
    {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
