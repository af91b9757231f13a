package io.vcspbench.reports;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code fault-latency.hlog} files the way the harness does (HdrHistogram at 3 significant
 * digits, ns, one interval histogram per second) from latencies a test chooses, byte for byte the
 * same on every machine: no start-time line, whose date text would follow the time zone.
 */
final class Hlogs
{
    /** The base time of every log written here, ms since the epoch. */
    static final long BASE_EPOCH_MS = 1_795_000_000_000L;

    private Hlogs()
    {
    }

    /**
     * @param intervalsNs one array of latencies per 1 s interval, ns.
     * @return the log's text.
     */
    static byte[] bytes(final long[]... intervalsNs)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(out, false, StandardCharsets.UTF_8));
        writer.outputLogFormatVersion();
        writer.setBaseTime(BASE_EPOCH_MS);
        writer.outputBaseTime(BASE_EPOCH_MS);
        writer.outputLegend();
        for (int i = 0; i < intervalsNs.length; i++)
        {
            final Histogram h = new Histogram(3);
            for (final long v : intervalsNs[i])
            {
                h.recordValue(v);
            }
            h.setStartTimeStamp(BASE_EPOCH_MS + i * 1000L);
            h.setEndTimeStamp(BASE_EPOCH_MS + (i + 1) * 1000L);
            writer.outputIntervalHistogram(h);
        }
        writer.close();
        return out.toByteArray();
    }

    /**
     * Writes a log, creating its folder.
     *
     * @param file        where.
     * @param intervalsNs one array of latencies per 1 s interval, ns.
     * @throws IOException if it cannot be written.
     */
    static void write(final Path file, final long[]... intervalsNs) throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes(intervalsNs));
    }

    /**
     * Latencies shaped like faults: most near the fastest, a tail up to the slowest.
     *
     * @param count  how many.
     * @param fromUs the fastest, µs.
     * @param toUs   the slowest, µs.
     * @param skew   how much the values crowd at the fast end: 1 spreads them evenly over the decades, 3 keeps
     *               most of them within the first tenth of the range's decades.
     * @return the latencies, ns, fastest first.
     */
    static long[] spread(final int count, final double fromUs, final double toUs, final double skew)
    {
        final long[] ns = new long[count];
        for (int i = 0; i < count; i++)
        {
            final double f = count == 1 ? 0 : Math.pow((double)i / (count - 1), skew);
            ns[i] = Math.round(fromUs * Math.pow(toUs / fromUs, f) * 1000);
        }
        return ns;
    }

    /**
     * @param ns latencies.
     * @return them dealt into two intervals, alternately, so a reader must merge intervals to see them all.
     */
    static long[][] twoIntervals(final long[] ns)
    {
        final long[][] intervals = { new long[(ns.length + 1) / 2], new long[ns.length / 2] };
        for (int i = 0; i < ns.length; i++)
        {
            intervals[i % 2][i / 2] = ns[i];
        }
        return intervals;
    }
}
