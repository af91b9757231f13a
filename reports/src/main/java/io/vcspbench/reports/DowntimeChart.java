package io.vcspbench.reports;

/**
 * The pre-copy downtime chart both reports draw, from harness runs ({@link RunsReport}) and from
 * JMH results ({@link BenchReport}): dirty rate on x, with its share of the link beside it when the
 * points share one paced link, and downtime on y, on a log10 axis when the values span orders of
 * magnitude. Stateless.
 */
final class DowntimeChart
{
    /** The chart's title. */
    static final String TITLE = "Pre-copy downtime against dirty rate";

    /** Downtimes whose largest is at least this many times the smallest get a log y axis. */
    static final double LOG_SPAN = 50;

    private DowntimeChart()
    {
    }

    /**
     * An empty chart with its axes set; add a line per algorithm.
     *
     * @param statistic     what each point is, e.g. "median" or "mean per migration".
     * @param bandwidthMbit the link every point shares, Mbit/s; NaN when they differ, 0 when unpaced.
     * @param downtimesMs   the downtimes that decide the y axis, ms; those not positive are ignored.
     * @return the chart.
     */
    static LineChart of(final String statistic, final double bandwidthMbit, final double[] downtimesMs)
    {
        final boolean percentTicks = Double.isFinite(bandwidthMbit) && bandwidthMbit > 0;
        final boolean log = spansOrdersOfMagnitude(downtimesMs);
        final LineChart chart = new LineChart(TITLE, percentTicks ?
            "dirty rate, Mbit/s (% of the " + Fmt.whole(bandwidthMbit) + " Mbit/s link)" : "dirty rate, Mbit/s",
            log ? "downtime, ms (" + statistic + ", log scale)" : "downtime, ms (" + statistic + ")");
        if (log)
        {
            chart.logY();
        }
        if (percentTicks)
        {
            chart.xTickText(v -> Fmt.tick(v) + " (" + Fmt.tick(100 * v / bandwidthMbit) + " %)");
        }
        return chart;
    }

    /**
     * @param dirtyRateMbit a dirty rate, Mbit/s.
     * @param bandwidthMbit the link's bandwidth, Mbit/s; 0 when unpaced.
     * @return the dirty rate as a whole-number share of the link, %, or {@link Fmt#NONE} for an unpaced link.
     */
    static String percentOfLink(final double dirtyRateMbit, final double bandwidthMbit)
    {
        return bandwidthMbit > 0 ? Fmt.whole(100 * dirtyRateMbit / bandwidthMbit) : Fmt.NONE;
    }

    /**
     * One algorithm that fails to converge pauses for seconds where the others pause for
     * milliseconds: on a linear axis the others would lie flat on zero.
     */
    private static boolean spansOrdersOfMagnitude(final double[] downtimesMs)
    {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (final double v : downtimesMs)
        {
            if (v > 0 && Double.isFinite(v))
            {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max > 0 && max >= LOG_SPAN * min;
    }
}
