package io.vcspbench.reports;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A grid of coloured cells drawn as inline SVG by hand, in the manner of {@link LineChart}: no
 * script, no external resource, no element ids (several sit in one page). Columns along x, rows
 * down y, each cell filled from one sequential palette by its value and showing the value as text,
 * with a hover text (SVG {@code <title>}) of its own. The better end of the scale is always the
 * dark end, and the legend beside the grid says which end that is; values spanning
 * {@link #LOG_SPAN} times or more are coloured on a log scale. The best cell is outlined. A missing
 * value (NaN) leaves the cell grey with "–". Not thread-safe; build, then render.
 */
final class Heatmap implements Plot
{
    /** Which end of a metric's scale is better. */
    enum Better
    {
        /** Less is better: the lowest value is darkest. */
        LOWER,
        /** More is better: the highest value is darkest. */
        HIGHER,
        /** Neither end is better: the highest value is darkest and no cell is outlined. */
        NEITHER
    }

    /** Values whose largest is at least this many times the smallest (all positive) are coloured on a log scale. */
    static final double LOG_SPAN = 20;

    /** ColorBrewer YlGnBu, light to dark: sequential, printable, readable by the colour-blind. */
    private static final String[] PALETTE = {
        "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58",
    };
    private static final String MISSING = "#eeeeee";
    /** Left margin of the axes' titles, px. */
    private static final int MARGIN = 10;
    private static final String OUTLINE = "#d62728";
    /** Legend steps: discrete rectangles, because a gradient needs an id and ids clash between inline SVGs. */
    private static final int LEGEND_STEPS = 9;

    private final String title;
    private final String subtitle;
    private final String xTitle;
    private final String yTitle;
    private final List<String> columns;
    private final List<String> rows;
    private final String metric;
    private final Better better;
    private final DoubleFunction<String> format;
    private final double[][] values;
    private final String[][] hovers;

    /**
     * @param title    chart title.
     * @param subtitle a second title line, e.g. the scenario; null for none.
     * @param xTitle   title of the columns' axis.
     * @param yTitle   title of the rows' axis.
     * @param columns  column labels, left to right.
     * @param rows     row labels, top to bottom.
     * @param metric   what the values are, with unit, as the legend names it, e.g. "downtimeMs, ms".
     * @param better   which end is better.
     * @param format   how a value is written in its cell and the legend.
     */
    Heatmap(final String title, final String subtitle, final String xTitle, final String yTitle,
        final List<String> columns, final List<String> rows, final String metric, final Better better,
        final DoubleFunction<String> format)
    {
        this.title = title;
        this.subtitle = subtitle;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
        this.metric = metric;
        this.better = better;
        this.format = format;
        this.values = new double[rows.size()][columns.size()];
        this.hovers = new String[rows.size()][columns.size()];
        for (final double[] row : values)
        {
            Arrays.fill(row, Double.NaN);
        }
    }

    /**
     * @param row   row index.
     * @param col   column index.
     * @param value the cell's value; NaN for none.
     * @param hover the cell's hover text, e.g. its spread.
     * @return this chart.
     */
    Heatmap cell(final int row, final int col, final double value, final String hover)
    {
        values[row][col] = value;
        hovers[row][col] = hover;
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
        for (final double[] row : values)
        {
            for (final double v : row)
            {
                if (Double.isFinite(v))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return whether the colours follow the log of the values. */
    boolean logScale()
    {
        final double[] r = range();
        return r[0] > 0 && r[1] >= LOG_SPAN * r[0];
    }

    /** {@inheritDoc} */
    @Override
    public String svg()
    {
        final int cols = columns.size();
        final int rowCount = rows.size();
        // Readable at 1400 px: cells wide enough for "12345.6" at 15 px, the whole grid within about 1000 px.
        final int cellW = Math.max(76, Math.min(130, 1000 / Math.max(1, cols)));
        final int cellH = Math.max(40, Math.min(56, 520 / Math.max(1, rowCount)));
        final int left = MARGIN + 20 + 9 * Math.max(4, rows.stream().mapToInt(String::length).max().orElse(4));
        final int top = subtitle == null ? 44 : 64;
        final int gridW = cols * cellW;
        final int legendX = left + gridW + 36;
        // About 9 px a character at 14 px (bold metric name 10), 10 at the 16 px title: a little to spare.
        final int legendW = Math.max(Math.max(36 + 9 * legendLabel(0).length(), 36 + 9 * legendLabel(1).length()),
            Math.max(10 * metric.length(), 190));
        final int width = max(legendX + legendW, left + 10 * title.length(),
            subtitle == null ? 0 : left + 9 * subtitle.length(), MARGIN + 9 * Math.max(xTitle.length(), yTitle.length()));
        // Under the grid its labels and the axes' titles; beside it the legend, about 200 px tall.
        final int height = Math.max(top + rowCount * cellH + 74, top + 204);
        final double[] range = range();
        final boolean log = logScale();
        final int[] best = best();

        final StringBuilder s = new StringBuilder();
        s.append("<svg width=\"").append(width).append("\" height=\"").append(height)
            .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"14\">\n");
        s.append("<title>").append(Html.escape(title())).append("</title>\n");
        s.append("<text x=\"").append(left).append("\" y=\"22\" font-size=\"16\" font-weight=\"bold\">")
            .append(Html.escape(title)).append("</text>\n");
        if (subtitle != null)
        {
            s.append("<text x=\"").append(left).append("\" y=\"42\" font-size=\"14\">").append(Html.escape(subtitle))
                .append("</text>\n");
        }
        for (int r = 0; r < rowCount; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                final int x = left + c * cellW;
                final int y = top + r * cellH;
                final double v = values[r][c];
                final boolean has = Double.isFinite(v);
                final String fill = has ? colour(position(v, range, log)) : MISSING;
                s.append("<g><title>").append(Html.escape(hovers[r][c] == null ? columns.get(c) + " " + rows.get(r) :
                    hovers[r][c])).append("</title><rect x=\"").append(x).append("\" y=\"").append(y)
                    .append("\" width=\"").append(cellW).append("\" height=\"").append(cellH).append("\" fill=\"")
                    .append(fill).append("\" stroke=\"#fff\" stroke-width=\"2\"/><text x=\"").append(x + cellW / 2)
                    .append("\" y=\"").append(y + cellH / 2 + 5).append("\" text-anchor=\"middle\" font-size=\"15\" fill=\"")
                    .append(has && dark(fill) ? "#fff" : "#222").append("\">").append(has ? Html.escape(format.apply(v)) :
                    Fmt.NONE).append("</text></g>\n");
            }
            s.append("<text x=\"").append(left - 8).append("\" y=\"").append(top + r * cellH + cellH / 2 + 5)
                .append("\" text-anchor=\"end\">").append(Html.escape(rows.get(r))).append("</text>\n");
        }
        if (best != null)
        {
            s.append("<rect x=\"").append(left + best[1] * cellW + 2).append("\" y=\"").append(top + best[0] * cellH + 2)
                .append("\" width=\"").append(cellW - 4).append("\" height=\"").append(cellH - 4)
                .append("\" fill=\"none\" stroke=\"").append(OUTLINE).append("\" stroke-width=\"3\"/>\n");
        }
        final int gridBottom = top + rowCount * cellH;
        for (int c = 0; c < cols; c++)
        {
            s.append("<text x=\"").append(left + c * cellW + cellW / 2).append("\" y=\"").append(gridBottom + 20)
                .append("\" text-anchor=\"middle\">").append(Html.escape(columns.get(c))).append("</text>\n");
        }
        // The axes' titles under the grid, not beside it: a rotated title is longer than a grid of two or three rows.
        s.append("<text x=\"").append(MARGIN).append("\" y=\"").append(gridBottom + 44).append("\">")
            .append(Html.escape(xTitle)).append("</text>\n");
        s.append("<text x=\"").append(MARGIN).append("\" y=\"").append(gridBottom + 62).append("\">")
            .append(Html.escape(yTitle)).append("</text>\n");
        legend(s, legendX, top, range, log, best != null);
        s.append("</svg>\n");
        return s.toString();
    }

    /** The scale beside the grid: the better end at the top, dark, with what "better" means for this metric. */
    private void legend(final StringBuilder s, final int x, final int top, final double[] range, final boolean log,
        final boolean outlined)
    {
        s.append("<text x=\"").append(x).append("\" y=\"").append(top + 4).append("\" font-weight=\"bold\">")
            .append(Html.escape(metric)).append("</text>\n");
        s.append("<text x=\"").append(x).append("\" y=\"").append(top + 22).append("\">").append(switch (better)
        {
            case LOWER -> "lower is better";
            case HIGHER -> "higher is better";
            case NEITHER -> "neither end is better";
        }).append(log ? ", log scale" : "").append("</text>\n");
        final int barTop = top + 36;
        final int step = 14;
        for (int i = 0; i < LEGEND_STEPS; i++)
        {
            // Top step darkest: the better end, or the higher one when neither is better.
            final double t = 1 - (double)i / (LEGEND_STEPS - 1);
            s.append("<rect x=\"").append(x).append("\" y=\"").append(barTop + i * step).append("\" width=\"22\" height=\"")
                .append(step).append("\" fill=\"").append(colour(t)).append("\"/>\n");
        }
        final int barBottom = barTop + LEGEND_STEPS * step;
        s.append("<rect x=\"").append(x).append("\" y=\"").append(barTop).append("\" width=\"22\" height=\"")
            .append(barBottom - barTop).append("\" fill=\"none\" stroke=\"#999\"/>\n");
        s.append("<text x=\"").append(x + 30).append("\" y=\"").append(barTop + 11).append("\">")
            .append(Html.escape(legendLabel(1))).append("</text>\n");
        s.append("<text x=\"").append(x + 30).append("\" y=\"").append(barBottom - 2).append("\">")
            .append(Html.escape(legendLabel(0))).append("</text>\n");
        if (range[1] > range[0])
        {
            final double middle = log ? Math.sqrt(range[0] * range[1]) : (range[0] + range[1]) / 2;
            s.append("<text x=\"").append(x + 30).append("\" y=\"").append((barTop + barBottom) / 2 + 5).append("\">")
                .append(Html.escape(format.apply(middle))).append("</text>\n");
        }
        if (outlined)
        {
            s.append("<rect x=\"").append(x).append("\" y=\"").append(barBottom + 12)
                .append("\" width=\"22\" height=\"16\" fill=\"none\" stroke=\"").append(OUTLINE)
                .append("\" stroke-width=\"3\"/><text x=\"").append(x + 30).append("\" y=\"").append(barBottom + 25)
                .append("\">best median</text>\n");
        }
    }

    /** @return the legend's text at an end of the bar: 1 the dark end, 0 the light one. */
    private String legendLabel(final double end)
    {
        final double[] r = range();
        if (!(r[1] >= r[0]))
        {
            return Fmt.NONE;
        }
        final boolean darkIsLow = better == Better.LOWER;
        final double v = (end == 1) == darkIsLow ? r[0] : r[1];
        final String which = better == Better.NEITHER ? (v == r[1] ? "highest" : "lowest") :
            end == 1 ? "best" : "worst";
        return format.apply(v) + " (" + which + ")";
    }

    private static int max(final int... values)
    {
        return Arrays.stream(values).max().orElse(0);
    }

    /** @return {min, max} of the finite values; {NaN, NaN} when there is none. */
    private double[] range()
    {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (final double[] row : values)
        {
            for (final double v : row)
            {
                if (Double.isFinite(v))
                {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new double[]{ min, max } : new double[]{ Double.NaN, Double.NaN };
    }

    /**
     * @return {row, column} of the best value (the first in row-major order on a tie), or null when neither
     * end is better.
     */
    private int[] best()
    {
        if (better == Better.NEITHER)
        {
            return null;
        }
        int[] best = null;
        double bestValue = Double.NaN;
        for (int r = 0; r < rows.size(); r++)
        {
            for (int c = 0; c < columns.size(); c++)
            {
                final double v = values[r][c];
                if (Double.isFinite(v) && (best == null || (better == Better.LOWER ? v < bestValue : v > bestValue)))
                {
                    best = new int[]{ r, c };
                    bestValue = v;
                }
            }
        }
        return best;
    }

    /** @return where a value sits on the palette: 1 the dark (better, or higher) end, 0 the light one. */
    private double position(final double v, final double[] range, final boolean log)
    {
        if (!(range[1] > range[0]))
        {
            return 0.5;
        }
        final double f = log ? (Math.log(v) - Math.log(range[0])) / (Math.log(range[1]) - Math.log(range[0])) :
            (v - range[0]) / (range[1] - range[0]);
        final double clamped = Math.max(0, Math.min(1, f));
        return better == Better.LOWER ? 1 - clamped : clamped;
    }

    /**
     * @param t position on the palette, 0 light to 1 dark.
     * @return the colour there, interpolated between the palette's steps.
     */
    static String colour(final double t)
    {
        final double p = Math.max(0, Math.min(1, t)) * (PALETTE.length - 1);
        final int i = Math.min(PALETTE.length - 2, (int)Math.floor(p));
        final double f = p - i;
        final int a = Integer.parseInt(PALETTE[i].substring(1), 16);
        final int b = Integer.parseInt(PALETTE[i + 1].substring(1), 16);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8)
        {
            final int ca = (a >> shift) & 0xff;
            final int cb = (b >> shift) & 0xff;
            rgb |= (int)Math.round(ca + (cb - ca) * f) << shift;
        }
        return String.format(Locale.ROOT, "#%06x", rgb);
    }

    /**
     * @return whether white text contrasts more than black with the colour: WCAG relative luminance below
     * 0.179, where the two contrast ratios are equal.
     */
    private static boolean dark(final String colour)
    {
        final int rgb = Integer.parseInt(colour.substring(1), 16);
        double luminance = 0;
        final double[] weights = { 0.2126, 0.7152, 0.0722 };
        for (int k = 0; k < 3; k++)
        {
            final double c = ((rgb >> (16 - 8 * k)) & 0xff) / 255.0;
            luminance += weights[k] * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        return luminance < 0.179;
    }
}
