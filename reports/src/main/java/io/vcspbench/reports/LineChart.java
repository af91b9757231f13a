package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A line chart drawn as inline SVG by hand, in the manner of {@link BarChart}: no script, no
 * external resource. A title with an optional subtitle; each axis linear or log10, linear ones from
 * zero (or below, for negative data) to a round number, log ones over whole decades; grid lines, one
 * coloured line with point markers per series, and dashed grey reference lines (an ideal, a target)
 * that do not count as data. A missing value (NaN or infinite, or not positive on a log axis) breaks
 * its line. Vertical markers (a model's threshold) are dashed dark lines across the plot with a label
 * at their top; they widen the x axis to show themselves but, like references, are not data. Not
 * thread-safe; build, then render.
 */
final class LineChart implements Plot
{
    private static final String[] PALETTE = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    };
    private static final String REFERENCE_COLOR = "#999";
    private static final String MARKER_COLOR = "#444";
    /** Lines with more points than this are drawn without markers. */
    private static final int MAX_MARKERS = 60;

    /** One series. @param name legend text. @param x x values. @param y y values. @param reference dashed, not data. */
    private record Line(String name, double[] x, double[] y, boolean reference)
    {
    }

    /** A vertical marker. @param x where it stands on the x axis. @param label its text. */
    private record Marker(double x, String label)
    {
    }

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Line> lines = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private DoubleFunction<String> xTickText = Fmt::tick;
    private String subtitle;
    private boolean logX;
    private boolean logY;

    /**
     * @param title  chart title.
     * @param xTitle x axis title with unit.
     * @param yTitle y axis title with unit.
     */
    LineChart(final String title, final String xTitle, final String yTitle)
    {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /**
     * @param subtitle a second title line, e.g. what the chart's runs have in common.
     * @return this chart.
     */
    LineChart subtitle(final String subtitle)
    {
        this.subtitle = subtitle;
        return this;
    }

    /**
     * A log10 x axis, for values spanning orders of magnitude such as latencies; points whose x is
     * not positive are left out.
     *
     * @return this chart.
     */
    LineChart logX()
    {
        this.logX = true;
        return this;
    }

    /**
     * A log10 y axis, for values spanning orders of magnitude; values that are not positive are left out.
     *
     * @return this chart.
     */
    LineChart logY()
    {
        this.logY = true;
        return this;
    }

    /**
     * @param text how an x tick value is written, e.g. with a second unit beside it.
     * @return this chart.
     */
    LineChart xTickText(final DoubleFunction<String> text)
    {
        this.xTickText = text;
        return this;
    }

    /**
     * @param name legend text.
     * @param x    x values, in drawing order.
     * @param y    y values, as many as x.
     * @return this chart.
     */
    LineChart addLine(final String name, final double[] x, final double[] y)
    {
        return add(name, x, y, false);
    }

    /**
     * A dashed grey line for comparison, such as the ideal {@code y = x}; it does not make an empty
     * chart non-empty.
     *
     * @param name legend text.
     * @param x    x values.
     * @param y    y values.
     * @return this chart.
     */
    LineChart addReference(final String name, final double[] x, final double[] y)
    {
        return add(name, x, y, true);
    }

    /**
     * A vertical dashed line across the plot at {@code x} with a label at its top, such as a model's
     * threshold beside the measured lines; the x axis widens to show it. A marker at a value the axis
     * cannot show (not finite, or not positive on a log axis) is left out.
     *
     * @param x     where it stands, in x units.
     * @param label its text.
     * @return this chart.
     */
    LineChart addMarker(final double x, final String label)
    {
        markers.add(new Marker(x, label));
        return this;
    }

    private LineChart add(final String name, final double[] x, final double[] y, final boolean reference)
    {
        if (x.length != y.length)
        {
            throw new IllegalArgumentException("line '" + name + "' has " + x.length + " x values and " + y.length +
                " y values");
        }
        lines.add(new Line(name, x.clone(), y.clone(), reference));
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public String title()
    {
        return subtitle == null ? title : title + ": " + subtitle;
    }

    /** {@inheritDoc} */
    @Override
    public boolean isEmpty()
    {
        for (final Line l : lines)
        {
            if (!l.reference())
            {
                for (int i = 0; i < l.x().length; i++)
                {
                    if (usable(l.x()[i], l.y()[i]))
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public String svg()
    {
        final int left = 70;
        final int head = subtitle == null ? 0 : 16;
        final int top = head + 40 + 16 * ((lines.size() + 2) / 3);
        final int plotWidth = 560;
        final int plotHeight = 260;
        final int bottom = 50;
        final int width = left + plotWidth + 50;
        final int height = top + plotHeight + bottom;

        final double[] xRange = range(true);
        final double[] yRange = range(false);
        final Axis xAxis = new Axis(xRange[0], xRange[1], left, left + plotWidth, logX);
        final Axis yAxis = new Axis(yRange[0], yRange[1], top + plotHeight, top, logY);

        final StringBuilder s = new StringBuilder();
        s.append("<svg width=\"").append(width).append("\" height=\"").append(height)
            .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.append("<title>").append(Html.escape(title())).append("</title>\n");
        s.append("<text x=\"").append(left).append("\" y=\"18\" font-size=\"14\" font-weight=\"bold\">")
            .append(Html.escape(title)).append("</text>\n");
        if (subtitle != null)
        {
            s.append("<text x=\"").append(left).append("\" y=\"34\" font-size=\"12\">").append(Html.escape(subtitle))
                .append("</text>\n");
        }
        for (int i = 0; i < lines.size(); i++)
        {
            final Line l = lines.get(i);
            final int x = left + (i % 3) * 200;
            final int y = head + 32 + (i / 3) * 16;
            s.append("<line x1=\"").append(x).append("\" x2=\"").append(x + 14).append("\" y1=\"").append(y - 4)
                .append("\" y2=\"").append(y - 4).append("\" ").append(stroke(l, i)).append("/><text x=\"").append(x + 18)
                .append("\" y=\"").append(y).append("\">").append(Html.escape(l.name())).append("</text>\n");
        }
        for (final double t : ticks(yRange, logY))
        {
            final double y = yAxis.of(t);
            s.append("<line x1=\"").append(left).append("\" x2=\"").append(left + plotWidth).append("\" y1=\"").append(f(y))
                .append("\" y2=\"").append(f(y)).append("\" stroke=\"#ddd\"/>")
                .append("<text x=\"").append(left - 4).append("\" y=\"").append(f(y + 4))
                .append("\" text-anchor=\"end\">").append(Fmt.tick(t)).append("</text>\n");
        }
        for (final double t : ticks(xRange, logX))
        {
            final double x = xAxis.of(t);
            s.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(top)
                .append("\" y2=\"").append(top + plotHeight).append("\" stroke=\"#eee\"/>")
                .append("<text x=\"").append(f(x)).append("\" y=\"").append(top + plotHeight + 16)
                .append("\" text-anchor=\"middle\">").append(Html.escape(xTickText.apply(t))).append("</text>\n");
        }
        s.append("<line x1=\"").append(left).append("\" x2=\"").append(left + plotWidth).append("\" y1=\"")
            .append(top + plotHeight).append("\" y2=\"").append(top + plotHeight).append("\" stroke=\"#333\"/>\n");
        s.append("<text x=\"").append(left + plotWidth / 2).append("\" y=\"").append(height - 8)
            .append("\" text-anchor=\"middle\">").append(Html.escape(xTitle)).append("</text>\n");
        s.append("<text transform=\"translate(14 ").append(top + plotHeight / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
            .append(Html.escape(yTitle)).append("</text>\n");

        for (int i = 0; i < lines.size(); i++)
        {
            final Line l = lines.get(i);
            final StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int p = 0; p < l.x().length; p++)
            {
                if (!usable(l.x()[p], l.y()[p]))
                {
                    pen = false;
                    continue;
                }
                d.append(d.length() == 0 ? "" : " ").append(pen ? 'L' : 'M').append(f(xAxis.of(l.x()[p]))).append(' ')
                    .append(f(yAxis.of(l.y()[p])));
                pen = true;
            }
            if (d.length() == 0)
            {
                continue;
            }
            s.append("<path d=\"").append(d).append("\" fill=\"none\" ").append(stroke(l, i)).append("/>\n");
            if (l.reference() || l.x().length > MAX_MARKERS)
            {
                continue;
            }
            for (int p = 0; p < l.x().length; p++)
            {
                if (usable(l.x()[p], l.y()[p]))
                {
                    s.append("<circle cx=\"").append(f(xAxis.of(l.x()[p]))).append("\" cy=\"").append(f(yAxis.of(l.y()[p])))
                        .append("\" r=\"2.5\" fill=\"").append(color(i)).append("\"><title>")
                        .append(Html.escape(l.name() + ": " + xTickText.apply(l.x()[p]) + ", " + Fmt.num(l.y()[p])))
                        .append("</title></circle>\n");
                }
            }
        }
        int m = 0;
        for (final Marker marker : markers)
        {
            if (!usableX(marker.x()))
            {
                continue;
            }
            final double x = xAxis.of(marker.x());
            // Labels right of the middle run leftwards, so they stay inside the plot; each one a line lower.
            final boolean leftwards = x > left + plotWidth / 2.0;
            s.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(top)
                .append("\" y2=\"").append(top + plotHeight).append("\" stroke=\"").append(MARKER_COLOR)
                .append("\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/><text x=\"").append(f(leftwards ? x - 4 : x + 4))
                .append("\" y=\"").append(top + 12 + 13 * m).append("\" text-anchor=\"").append(leftwards ? "end" : "start")
                .append("\" fill=\"").append(MARKER_COLOR).append("\">").append(Html.escape(marker.label()))
                .append("</text>\n");
            m++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /**
     * @return {lo, hi} over the usable values of every line, references included, and on x the markers, from
     * zero when all are positive.
     */
    private double[] range(final boolean x)
    {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        if (x)
        {
            for (final Marker marker : markers)
            {
                if (usableX(marker.x()))
                {
                    min = Math.min(min, marker.x());
                    max = Math.max(max, marker.x());
                }
            }
        }
        for (final Line l : lines)
        {
            for (int i = 0; i < l.x().length; i++)
            {
                if (usable(l.x()[i], l.y()[i]))
                {
                    final double v = x ? l.x()[i] : l.y()[i];
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        final boolean log = x ? logX : logY;
        if (max < min)
        {
            return log ? new double[]{ 1, 10 } : new double[]{ 0, 1 };
        }
        if (log)
        {
            final double lo = Math.pow(10, Math.floor(Math.log10(min)));
            final double hi = Math.pow(10, Math.ceil(Math.log10(max * 1.0001)));
            return new double[]{ lo, Math.max(hi, lo * 10) };
        }
        final double lo = min < 0 ? -niceCeiling(-min) : 0;
        final double hi = max > 0 ? niceCeiling(max) : 0;
        return hi > lo ? new double[]{ lo, hi } : new double[]{ lo, lo + 1 };
    }

    /**
     * Finer steps than a bar chart's, so a line fills most of its plot: an axis of five divisions
     * still gets round ticks from each of them.
     */
    private static double niceCeiling(final double v)
    {
        final double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (final double m : new double[]{ 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 })
        {
            if (m * p >= v * 0.99999)
            {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String stroke(final Line l, final int i)
    {
        return l.reference() ? "stroke=\"" + REFERENCE_COLOR + "\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"" :
            "stroke=\"" + color(i) + "\" stroke-width=\"1.5\"";
    }

    /** @return an axis's ticks: five divisions on a linear axis, the decades on a log one. */
    private static List<Double> ticks(final double[] range, final boolean log)
    {
        final List<Double> ticks = new ArrayList<>();
        if (log)
        {
            for (double t = range[0]; t <= range[1] * 1.0001; t *= 10)
            {
                ticks.add(t);
            }
        }
        else
        {
            for (int i = 0; i <= 5; i++)
            {
                ticks.add(range[0] + (range[1] - range[0]) * i / 5);
            }
        }
        return ticks;
    }

    private boolean usableX(final double x)
    {
        return Double.isFinite(x) && (!logX || x > 0);
    }

    private boolean usable(final double x, final double y)
    {
        return Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
    }

    private static String color(final int i)
    {
        return PALETTE[i % PALETTE.length];
    }

    private static String f(final double v)
    {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * Maps data values onto pixels along one axis.
     *
     * @param lo   low value.
     * @param hi   high value.
     * @param from pixel of lo.
     * @param to   pixel of hi.
     * @param log  log10 scale.
     */
    private record Axis(double lo, double hi, double from, double to, boolean log)
    {
        double of(final double v)
        {
            final double f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) :
                (v - lo) / (hi - lo);
            return from + (to - from) * Math.max(0, Math.min(1, f));
        }
    }
}
