package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A scatter of points with a front drawn as inline SVG by hand, in the manner of {@link LineChart}:
 * no script, no external resource. Every point is a grey dot with a hover text; the front's points
 * are larger, red, joined in x order and always labelled; the other points are labelled where their
 * label fits without covering another label or dot. Both axes linear, fitted to the data with a
 * margin (from zero at the least when every value is positive). Not thread-safe; build, then render.
 */
final class ParetoChart implements Plot
{
    private static final String FRONT = "#d62728";
    private static final String OTHER = "#8c8c8c";
    /** Width of a character of the 13 px labels, px: generous, so that labels do not touch. */
    private static final double CHAR_PX = 7.6;
    private static final int LABEL_PX = 14;
    /** How far a label keeps from another dot's centre, px. */
    private static final double DOT_CLEARANCE = 6;
    /** How far a label keeps from the front's line, px. */
    private static final double LINE_CLEARANCE = 1.5;
    /** Width of a character of the legend's 13 px text, px: closer to the real average than {@link #CHAR_PX}. */
    private static final double LEGEND_CHAR_PX = 6.6;

    /**
     * One point.
     *
     * @param label its text beside the dot.
     * @param x     x value.
     * @param y     y value.
     * @param front whether it is on the front.
     * @param hover its hover text.
     */
    record Point(String label, double x, double y, boolean front, String hover)
    {
    }

    private final String title;
    private final String subtitle;
    private final String xTitle;
    private final String yTitle;
    private final String frontName;
    private final List<Point> points = new ArrayList<>();

    /**
     * @param title     chart title.
     * @param subtitle  a second title line, e.g. the scenario; null for none.
     * @param xTitle    x axis title with unit.
     * @param yTitle    y axis title with unit.
     * @param frontName the legend's text for the front, e.g. what makes a point belong to it.
     */
    ParetoChart(final String title, final String subtitle, final String xTitle, final String yTitle,
        final String frontName)
    {
        this.title = title;
        this.subtitle = subtitle;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.frontName = frontName;
    }

    /**
     * @param label text beside the dot.
     * @param x     x value; the point is left out unless both values are finite.
     * @param y     y value.
     * @param front whether it is on the front.
     * @param hover hover text.
     * @return this chart.
     */
    ParetoChart add(final String label, final double x, final double y, final boolean front, final String hover)
    {
        if (Double.isFinite(x) && Double.isFinite(y))
        {
            points.add(new Point(label, x, y, front, hover));
        }
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
        return points.isEmpty();
    }

    /** {@inheritDoc} */
    @Override
    public String svg()
    {
        final int left = 90;
        final int top = (subtitle == null ? 44 : 64) + 24;
        final int plotWidth = 760;
        final int plotHeight = 420;
        final int width = Math.max(left + plotWidth + 40, left + 8 * (subtitle == null ? 0 : subtitle.length()) + 10);
        final int height = top + plotHeight + 60;
        final double[] xr = range(true);
        final double[] yr = range(false);
        final Axis xAxis = new Axis(xr[0], xr[1], left, left + plotWidth);
        final Axis yAxis = new Axis(yr[0], yr[1], top + plotHeight, top);

        final StringBuilder s = new StringBuilder();
        s.append("<svg width=\"").append(width).append("\" height=\"").append(height)
            .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"13\">\n");
        s.append("<title>").append(Html.escape(title())).append("</title>\n");
        s.append("<text x=\"").append(left).append("\" y=\"22\" font-size=\"16\" font-weight=\"bold\">")
            .append(Html.escape(title)).append("</text>\n");
        if (subtitle != null)
        {
            s.append("<text x=\"").append(left).append("\" y=\"42\" font-size=\"14\">").append(Html.escape(subtitle))
                .append("</text>\n");
        }
        final int legendY = top - 16;
        s.append("<circle cx=\"").append(left + 6).append("\" cy=\"").append(legendY - 4).append("\" r=\"6\" fill=\"")
            .append(FRONT).append("\"/><text x=\"").append(left + 18).append("\" y=\"").append(legendY).append("\">")
            .append(Html.escape(frontName)).append("</text>\n");
        final int otherX = left + 40 + (int)(LEGEND_CHAR_PX * frontName.length());
        s.append("<circle cx=\"").append(otherX + 6).append("\" cy=\"").append(legendY - 4).append("\" r=\"4\" fill=\"")
            .append(OTHER).append("\"/><text x=\"").append(otherX + 16).append("\" y=\"").append(legendY)
            .append("\">other points</text>\n");

        for (final double t : ticks(xr))
        {
            final double x = xAxis.of(t);
            s.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(top)
                .append("\" y2=\"").append(top + plotHeight).append("\" stroke=\"#eee\"/><text x=\"").append(f(x))
                .append("\" y=\"").append(top + plotHeight + 18).append("\" text-anchor=\"middle\">").append(Fmt.tick(t))
                .append("</text>\n");
        }
        for (final double t : ticks(yr))
        {
            final double y = yAxis.of(t);
            s.append("<line x1=\"").append(left).append("\" x2=\"").append(left + plotWidth).append("\" y1=\"").append(f(y))
                .append("\" y2=\"").append(f(y)).append("\" stroke=\"#ddd\"/><text x=\"").append(left - 6).append("\" y=\"")
                .append(f(y + 4)).append("\" text-anchor=\"end\">").append(Fmt.tick(t)).append("</text>\n");
        }
        s.append("<rect x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"").append(plotWidth)
            .append("\" height=\"").append(plotHeight).append("\" fill=\"none\" stroke=\"#999\"/>\n");
        s.append("<text x=\"").append(left + plotWidth / 2).append("\" y=\"").append(top + plotHeight + 44)
            .append("\" text-anchor=\"middle\">").append(Html.escape(xTitle)).append("</text>\n");
        s.append("<text transform=\"translate(20 ").append(top + plotHeight / 2)
            .append(") rotate(-90)\" text-anchor=\"middle\">").append(Html.escape(yTitle)).append("</text>\n");

        final List<Point> front = new ArrayList<>(points.stream().filter(Point::front).toList());
        front.sort(Comparator.comparingDouble(Point::x).thenComparingDouble(Point::y));
        if (front.size() > 1)
        {
            final StringBuilder d = new StringBuilder();
            for (final Point p : front)
            {
                d.append(d.length() == 0 ? "M" : " L").append(f(xAxis.of(p.x()))).append(' ').append(f(yAxis.of(p.y())));
            }
            s.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(FRONT)
                .append("\" stroke-width=\"2\"/>\n");
        }
        for (final Point p : points)
        {
            s.append("<circle cx=\"").append(f(xAxis.of(p.x()))).append("\" cy=\"").append(f(yAxis.of(p.y())))
                .append("\" r=\"").append(p.front() ? 6 : 4).append("\" fill=\"").append(p.front() ? FRONT : OTHER)
                .append("\"><title>").append(Html.escape(p.hover())).append("</title></circle>\n");
        }
        labels(s, xAxis, yAxis, front, left, top, plotWidth, plotHeight);
        s.append("</svg>\n");
        return s.toString();
    }

    /**
     * Places the labels greedily: the front's first, each at the first of eight spots around its dot
     * that stays in the plot and covers no placed label and no other dot (a front label takes its first
     * spot when none is free), then the other points' where a spot is free. The front's line counts as
     * dots along it.
     */
    private void labels(final StringBuilder s, final Axis xAxis, final Axis yAxis, final List<Point> front,
        final int left, final int top, final int plotWidth, final int plotHeight)
    {
        final List<double[]> taken = new ArrayList<>();
        final List<double[]> dots = new ArrayList<>();
        for (final Point p : points)
        {
            dots.add(new double[]{ xAxis.of(p.x()), yAxis.of(p.y()) });
        }
        // The line joining the front, as dots every few pixels, so that no label sits on it.
        for (int i = 1; i < front.size(); i++)
        {
            final double x0 = xAxis.of(front.get(i - 1).x());
            final double y0 = yAxis.of(front.get(i - 1).y());
            final double x1 = xAxis.of(front.get(i).x());
            final double y1 = yAxis.of(front.get(i).y());
            final int steps = (int)Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 4);
            for (int k = 1; k < steps; k++)
            {
                dots.add(new double[]{ x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps, LINE_CLEARANCE });
            }
        }
        final List<Point> order = new ArrayList<>(front);
        points.stream().filter(p -> !p.front()).forEach(order::add);
        for (final Point p : order)
        {
            final double px = xAxis.of(p.x());
            final double py = yAxis.of(p.y());
            final double w = CHAR_PX * p.label().length();
            // {x of the box's left, y of its top}: right, left, above, below, then the four diagonals.
            final double[][] spots = {
                { px + 9, py - LABEL_PX / 2.0 }, { px - 9 - w, py - LABEL_PX / 2.0 }, { px - w / 2, py - 10 - LABEL_PX },
                { px - w / 2, py + 10 }, { px + 7, py - 8 - LABEL_PX }, { px + 7, py + 8 },
                { px - 7 - w, py - 8 - LABEL_PX }, { px - 7 - w, py + 8 },
            };
            double[] chosen = null;
            for (final double[] spot : spots)
            {
                final double[] box = { spot[0], spot[1], spot[0] + w, spot[1] + LABEL_PX };
                if (box[0] >= left + 2 && box[2] <= left + plotWidth - 2 && box[1] >= top + 2 &&
                    box[3] <= top + plotHeight - 2 && free(box, taken, dots, px, py))
                {
                    chosen = box;
                    break;
                }
            }
            if (chosen == null && p.front())
            {
                final double x0 = Math.max(left + 2, Math.min(left + plotWidth - 2 - w, spots[0][0]));
                chosen = new double[]{ x0, spots[0][1], x0 + w, spots[0][1] + LABEL_PX };
            }
            if (chosen == null)
            {
                continue;
            }
            taken.add(chosen);
            s.append("<text x=\"").append(f(chosen[0])).append("\" y=\"").append(f(chosen[3] - 3)).append("\"")
                .append(p.front() ? " font-weight=\"bold\" fill=\"#8b1a1a\"" : " fill=\"#555\"").append('>')
                .append(Html.escape(p.label())).append("</text>\n");
        }
    }

    private static boolean free(final double[] box, final List<double[]> taken, final List<double[]> dots,
        final double ownX, final double ownY)
    {
        for (final double[] t : taken)
        {
            if (box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])
            {
                return false;
            }
        }
        for (final double[] d : dots)
        {
            final double r = d.length > 2 ? d[2] : DOT_CLEARANCE;
            if ((d[0] != ownX || d[1] != ownY) && d[0] + r > box[0] && d[0] - r < box[2] && d[1] + r > box[1] &&
                d[1] - r < box[3])
            {
                return false;
            }
        }
        return true;
    }

    /** @return {lo, hi, step}: the values' range widened by a margin and rounded out to whole steps. */
    private double[] range(final boolean x)
    {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (final Point p : points)
        {
            final double v = x ? p.x() : p.y();
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(min <= max))
        {
            return new double[]{ 0, 1, 0.2 };
        }
        final double span = max > min ? max - min : Math.max(Math.abs(max) * 0.2, 1);
        final double lo = min - 0.1 * span;
        final double hi = max + 0.1 * span;
        final double step = niceStep((hi - lo) / 5);
        final double from = min >= 0 ? Math.max(0, Math.floor(lo / step) * step) : Math.floor(lo / step) * step;
        return new double[]{ from, Math.ceil(hi / step) * step, step };
    }

    private static double niceStep(final double rough)
    {
        final double p = Math.pow(10, Math.floor(Math.log10(rough)));
        for (final double m : new double[]{ 1, 2, 2.5, 5, 10 })
        {
            if (m * p >= rough)
            {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static List<Double> ticks(final double[] range)
    {
        final List<Double> ticks = new ArrayList<>();
        final long n = Math.round((range[1] - range[0]) / range[2]);
        for (long i = 0; i <= n; i++)
        {
            ticks.add(range[0] + i * range[2]);
        }
        return ticks;
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
     */
    private record Axis(double lo, double hi, double from, double to)
    {
        double of(final double v)
        {
            return from + (to - from) * (v - lo) / (hi - lo);
        }
    }
}
