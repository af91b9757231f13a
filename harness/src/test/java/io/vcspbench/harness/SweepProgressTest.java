package io.vcspbench.harness;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepProgressTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));

    private SweepProgress progress(final boolean terminal, final int runs)
    {
        return new SweepProgress(terminal, new PrintWriter(out, true), new PrintWriter(err, true), now::get, runs, 120, false);
    }

    private void advance(final long seconds)
    {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void shouldRedrawOneLineOnATerminalWithPointRepeatElapsedAndTimeLeft()
    {
        try (SweepProgress progress = progress(true, 4))
        {
            progress.started("point 1/2 E=10, repeat 1/2");
            advance(10);
            progress.finished("point 1/2 E=10, repeat 1/2", null, "downtime 1 ms");
            progress.started("point 1/2 E=10, repeat 2/2");
            advance(4);

            assertEquals("[#####...............] 1/4 runs  point 1/2 E=10, repeat 2/2  0:14 elapsed, ~0:26 left",
                progress.line());
        }

        assertTrue(out.toString().startsWith("\r[....................] 0/4 runs  point 1/2 E=10, repeat 1/2"), out.toString());
        assertEquals(1, out.toString().chars().filter(c -> c == '\n').count(), "one line redrawn, ended at the close");
        assertTrue(out.toString().endsWith("\n"), out.toString());
    }

    @Test
    void shouldPrintAPlainLinePerFinishedRunWhenNotATerminal()
    {
        try (SweepProgress progress = progress(false, 2))
        {
            progress.started("point 1/1, repeat 1/2");
            advance(3);
            progress.finished("point 1/1, repeat 1/2", null, "downtime 1 ms");
            progress.started("point 1/1, repeat 2/2");
            advance(3);
            progress.finished("point 1/1, repeat 2/2", "timeout", "");
        }

        assertFalse(out.toString().contains("\r"), "no carriage return in a log");
        assertEquals(
            "run 1/2  point 1/1, repeat 1/2  ok  downtime 1 ms  0:03 elapsed, ~0:03 left\n" +
            "run 2/2  point 1/1, repeat 2/2  FAILED  0:06 elapsed, ~0:00 left\n",
            out.toString().replace("\r\n", "\n"));
        assertEquals("run failed: point 1/1, repeat 2/2: timeout", err.toString().strip());
    }

    @Test
    void shouldCutTheSettingsToFitTheTerminal()
    {
        final SweepProgress progress =
            new SweepProgress(true, new PrintWriter(out, true), new PrintWriter(err, true), now::get, 4, 60, false);
        progress.started("point 1/2 vcsp-prefetch E=50 N=10 workload-mib=512 memory-mib=2048, repeat 1/3");

        assertEquals(59, progress.line().length(), progress.line());
        assertTrue(progress.line().contains("\u2026"), progress.line());
    }

    @Test
    void shouldFormatDurationsAsMinutesOrHours()
    {
        assertEquals("0:05", SweepProgress.duration(TimeUnit.SECONDS.toNanos(5)));
        assertEquals("12:00", SweepProgress.duration(TimeUnit.MINUTES.toNanos(12)));
        assertEquals("1:02:03", SweepProgress.duration(TimeUnit.SECONDS.toNanos(3723)));
    }
}
