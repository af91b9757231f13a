package io.vcspbench.harness;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows how far a sweep has got. On a terminal, one line redrawn in place with {@code \r}: a bar,
 * runs done of all, the point being run and its settings, the repeat, time elapsed and an estimate
 * of the time left, refreshed once a second while a run is under way. Elsewhere (a pipe, a file,
 * CI), one plain line per finished run and no {@code \r}. Failures go to stderr on a line of their
 * own in both modes. Thread-safe: the sweep thread, the refresher and a shutdown hook all draw
 * under this object's lock.
 */
public final class SweepProgress implements AutoCloseable
{
    /** Width of the bar between its brackets, characters. */
    public static final int BAR_WIDTH = 20;

    /** Width of a terminal whose width is not known, characters. */
    public static final int DEFAULT_COLUMNS = 120;

    private final boolean terminal;
    private final PrintWriter out;
    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final int runs;
    private final int columns;
    private final long startNanos;
    private final ScheduledExecutorService refresher;

    private int finished;
    private long lastFinishNanos;
    private String current;
    private int drawnLength;

    /**
     * @param terminal whether {@code out} is a terminal: redraw one line rather than print one per run.
     * @param out      where progress goes.
     * @param err      where failures go.
     * @param nanoTime the monotonic clock, {@code System::nanoTime} outside tests.
     * @param runs     how many runs the sweep has.
     * @param columns  the terminal's width; the line is cut to fit.
     * @param refresh  whether to redraw once a second between runs (on a terminal only).
     */
    public SweepProgress(
        final boolean terminal,
        final PrintWriter out,
        final PrintWriter err,
        final LongSupplier nanoTime,
        final int runs,
        final int columns,
        final boolean refresh)
    {
        this.terminal = terminal;
        this.out = out;
        this.err = err;
        this.nanoTime = nanoTime;
        this.runs = runs;
        this.columns = Math.max(40, columns);
        this.startNanos = nanoTime.getAsLong();
        this.lastFinishNanos = startNanos;
        if (terminal && refresh)
        {
            refresher = Executors.newSingleThreadScheduledExecutor(r ->
            {
                final Thread t = new Thread(r, "vcsp-sweep-progress");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
        else
        {
            refresher = null;
        }
    }

    /**
     * @return the terminal's width from {@code $COLUMNS}, else {@link #DEFAULT_COLUMNS}.
     */
    public static int terminalColumns()
    {
        try
        {
            final String columns = System.getenv("COLUMNS");
            return columns == null ? DEFAULT_COLUMNS : Integer.parseInt(columns.strip());
        }
        catch (final RuntimeException ex)
        {
            return DEFAULT_COLUMNS;
        }
    }

    /**
     * A run starts.
     *
     * @param what the point, its settings and the repeat, e.g. "point 3/12 vcsp E=50 N=1, repeat 2/3".
     */
    public synchronized void started(final String what)
    {
        current = what;
        if (terminal)
        {
            draw();
        }
    }

    /**
     * A run ended.
     *
     * @param what    as given to {@link #started}.
     * @param failure why it failed, or null.
     * @param summary a few of its figures for the plain line, e.g. "downtime 12.3 ms, total 804.1 ms".
     */
    public synchronized void finished(final String what, final String failure, final String summary)
    {
        finished++;
        lastFinishNanos = nanoTime.getAsLong();
        current = null;
        if (terminal)
        {
            if (failure != null)
            {
                clear();
                err.println("run failed: " + what + ": " + failure);
                err.flush();
            }
            draw();
            return;
        }

        out.println("run " + finished + "/" + runs + "  " + what + "  " + (failure == null ? "ok" : "FAILED") +
            (summary == null || summary.isEmpty() ? "" : "  " + summary) + "  " + times());
        out.flush();
        if (failure != null)
        {
            err.println("run failed: " + what + ": " + failure);
            err.flush();
        }
    }

    /** Ends the progress line, so that what is printed next starts on a line of its own. */
    public synchronized void endLine()
    {
        if (terminal && drawnLength > 0)
        {
            out.println();
            out.flush();
            drawnLength = 0;
        }
    }

    /** Stops the refresher and ends the line. */
    @Override
    public void close()
    {
        if (refresher != null)
        {
            refresher.shutdownNow();
        }
        endLine();
    }

    /** @return the line a terminal shows now; for tests. */
    synchronized String line()
    {
        final StringBuilder sb = new StringBuilder();
        final int filled = runs == 0 ? BAR_WIDTH : (int)((long)finished * BAR_WIDTH / runs);
        sb.append('[');
        for (int i = 0; i < BAR_WIDTH; i++)
        {
            sb.append(i < filled ? '#' : '.');
        }
        sb.append("] ").append(finished).append('/').append(runs).append(" runs");
        final String tail = "  " + times();
        String middle = current == null ? "" : "  " + current;
        final int room = columns - 1 - sb.length() - tail.length();
        if (middle.length() > room)
        {
            middle = room > 1 ? middle.substring(0, room - 1) + "\u2026" : "";
        }
        return sb.append(middle).append(tail).toString();
    }

    private synchronized void redraw()
    {
        if (current != null)
        {
            draw();
        }
    }

    private void draw()
    {
        final String line = line();
        final StringBuilder sb = new StringBuilder(line.length() + 8).append('\r').append(line);
        for (int i = line.length(); i < drawnLength; i++)
        {
            // Blank out the tail of a longer line drawn before.
            sb.append(' ');
        }
        out.print(sb);
        out.flush();
        drawnLength = line.length();
    }

    private void clear()
    {
        if (drawnLength > 0)
        {
            out.print('\r' + " ".repeat(drawnLength) + '\r');
            out.flush();
            drawnLength = 0;
        }
    }

    private String times()
    {
        final long now = nanoTime.getAsLong();
        final long elapsed = now - startNanos;
        final String left;
        if (finished == 0)
        {
            left = "?";
        }
        else
        {
            // The mean run so far times the runs to go, less the part of the current run already spent.
            final long perRun = (lastFinishNanos - startNanos) / finished;
            final long remaining = Math.max(0, perRun * (runs - finished) - (now - lastFinishNanos));
            left = duration(remaining);
        }
        return duration(elapsed) + " elapsed, ~" + left + " left";
    }

    /**
     * @param nanos a duration, ns.
     * @return it as m:ss, or h:mm:ss from an hour.
     */
    static String duration(final long nanos)
    {
        final long s = TimeUnit.NANOSECONDS.toSeconds(Math.max(0, nanos));
        return s >= 3600
            ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
