package io.vcspbench.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesTest
{
    /** Four windows (0, 100], (100, 200], (200, 300], (300, 350] at 10, 20, 30 and 40 MB/s. */
    private static final Series SERIES = new Series(
        new double[]{ 100, 200, 300, 350 },
        new double[]{ 1, 1, 1, 1 },
        new double[]{ 10, 20, 30, 40 },
        new double[]{ 100, 100, 100, 100 });

    @Test
    void shouldAverageTheSamplesOfEveryWindowTheSpanOverlapsOncePerWindow()
    {
        assertEquals(25.0, SERIES.meanLinkMBps(150, 250), 1e-9, "windows 2 and 3");
        assertEquals(25.0, SERIES.meanLinkMBps(0, 350), 1e-9, "all four, the short last one counting as one");
        assertEquals(30.0, SERIES.meanLinkMBps(250, 300), 1e-9, "a span inside one window");
    }

    @Test
    void shouldCountAWindowThatHoldsAnEndOfTheSpanButNotOneThatOnlyStartsThere()
    {
        assertEquals(15.0, SERIES.meanLinkMBps(100, 200), 1e-9, "(0, 100] holds 100, (200, 300] does not hold 200");
        assertEquals(20.0, SERIES.meanLinkMBps(200, 200), 1e-9, "an instant: the window that holds it");
    }

    @Test
    void shouldTakeTheFirstWindowForASpanThatBeganBeforeTheSeries()
    {
        assertEquals(15.0, SERIES.meanLinkMBps(-40, 120), 1e-9);
    }

    @Test
    void shouldHaveNoMeanWhereNoWindowOverlaps()
    {
        assertTrue(Double.isNaN(SERIES.meanLinkMBps(400, 500)));
        assertTrue(Double.isNaN(SERIES.meanLinkMBps(-20, -10)));
        assertTrue(Double.isNaN(new Series(new double[0], new double[0], new double[0], new double[0])
            .meanLinkMBps(0, 100)));
    }

    @Test
    void shouldRefuseASpanThatEndsBeforeItStarts()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SERIES.meanLinkMBps(200, 100));
        assertTrue(e.getMessage().contains("toMs"), e.getMessage());
    }
}
