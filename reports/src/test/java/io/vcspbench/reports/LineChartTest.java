package io.vcspbench.reports;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineChartTest
{
    @Test
    void shouldDrawALinePerSeriesFromZeroToARoundCeiling()
    {
        final String svg = new LineChart("t", "x unit", "y unit")
            .addLine("a", new double[]{ 0, 50, 100 }, new double[]{ 10, 20, 45 })
            .svg();

        // plot 70..630 px wide, 260 px high from y = 56: 0 → 70, 100 → 630; y 0..50: 10 → 264, 45 → 82
        assertTrue(svg.contains("<path d=\"M70.0 264.0 L350.0 212.0 L630.0 82.0\""), svg);
        assertTrue(svg.contains(">50</text>"), "y axis ends at the round 50: " + svg);
        assertEquals(3, svg.split("<circle", -1).length - 1, "a marker per point");
    }

    @Test
    void shouldBreakTheLineAtAMissingValue()
    {
        final String svg = new LineChart("t", "x", "y")
            .addLine("a", new double[]{ 0, 1, 2, 3 }, new double[]{ 1, 1, Double.NaN, 1 })
            .svg();

        final String path = svg.substring(svg.indexOf("<path d=\""), svg.indexOf("\" fill=\"none\""));
        assertEquals(2, path.split("M", -1).length - 1, "two pieces: " + path);
    }

    @Test
    void shouldCountAReferenceLineAsNoData()
    {
        final LineChart chart = new LineChart("t", "x", "y").addReference("ideal", new double[]{ 0, 100 }, new double[]{ 0, 100 });
        assertTrue(chart.isEmpty());
        chart.addLine("a", new double[]{ 1 }, new double[]{ Double.NaN });
        assertTrue(chart.isEmpty(), "no usable point");
        chart.addLine("b", new double[]{ 1 }, new double[]{ 2 });
        assertFalse(chart.isEmpty());
        assertTrue(chart.svg().contains("stroke-dasharray"), "the reference is dashed");
    }

    @Test
    void shouldWriteXTicksAsToldAndEscapeText()
    {
        final String svg = new LineChart("a < b", "x", "y")
            .xTickText(v -> Fmt.tick(v) + " (" + Fmt.tick(v / 10) + " %)")
            .addLine("s & t", new double[]{ 0, 1000 }, new double[]{ 1, 2 })
            .svg();

        assertTrue(svg.contains("<title>a &lt; b</title>"), svg);
        assertTrue(svg.contains(">s &amp; t</text>"), svg);
        assertTrue(svg.contains(">200 (20 %)</text>"), svg);
    }

    @Test
    void shouldSpanDecadesOnALogAxisAndLeaveOutValuesThatAreNotPositive()
    {
        final String svg = new LineChart("t", "x", "y").logY()
            .addLine("a", new double[]{ 0, 1, 2 }, new double[]{ 3, 0, 2000 })
            .svg();

        // decades 1 .. 10000 over 260 px from y = 56: 3 → 56 + 260 · (1 − log10(3) / 4) ≈ 285.0, 2000 → 101.4
        assertTrue(svg.contains("<path d=\"M70.0 285.0 M630.0 101.4\""), svg);
        for (final String tick : new String[]{ ">1</text>", ">10</text>", ">100</text>", ">1000</text>", ">10000</text>" })
        {
            assertTrue(svg.contains(tick), tick + " in " + svg);
        }
    }

    @Test
    void shouldSpanDecadesOnALogXAxisAndLeaveOutPointsWhoseXIsNotPositive()
    {
        final String svg = new LineChart("t", "x", "y").logX()
            .addLine("a", new double[]{ 0, 3, 2000 }, new double[]{ 0.5, 0.2, 1 })
            .svg();

        // decades 1 .. 10000 over 560 px from x = 70: 3 → 70 + 560 · log10(3) / 4 ≈ 136.8, 2000 → 532.1;
        // y 0..1 over 260 px from y = 56: 0.2 → 264.0, 1 → 56.0; x = 0 has no place on the axis
        assertTrue(svg.contains("<path d=\"M136.8 264.0 L532.1 56.0\""), svg);
        for (final String tick : new String[]{ ">1</text>", ">10</text>", ">100</text>", ">1000</text>", ">10000</text>" })
        {
            assertTrue(svg.contains(tick), tick + " in " + svg);
        }
        assertEquals(2, svg.split("<circle", -1).length - 1, "no marker for the point left out");
    }

    @Test
    void shouldRefuseALineWithMoreXThanY()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new LineChart("t", "x", "y").addLine("a", new double[]{ 1, 2 }, new double[]{ 1 }));
    }

    @Test
    void shouldDrawAMarkerAcrossThePlotWidenTheAxisToItAndLabelItInsideThePlot()
    {
        final String svg = new LineChart("t", "x", "y")
            .addLine("a", new double[]{ 0, 100 }, new double[]{ 1, 2 })
            .addMarker(20, "left & low")
            .addMarker(150, "beyond the data")
            .svg();

        // x 0..150 over 560 px from x = 70 (the axis widens to the marker): 20 → 144.7, 150 → 630.0; plot y 56..316
        assertTrue(svg.contains("<line x1=\"144.7\" x2=\"144.7\" y1=\"56\" y2=\"316\""), svg);
        assertTrue(svg.contains("<line x1=\"630.0\" x2=\"630.0\" y1=\"56\" y2=\"316\""), svg);
        assertTrue(svg.contains(">150</text>"), "the x axis ends at the marker: " + svg);
        // a label left of the middle runs rightwards from its line, one right of it leftwards, a line lower
        assertTrue(svg.contains("<text x=\"148.7\" y=\"68\" text-anchor=\"start\" fill=\"#444\">left &amp; low</text>"),
            svg);
        assertTrue(svg.contains("<text x=\"626.0\" y=\"81\" text-anchor=\"end\" fill=\"#444\">beyond the data</text>"),
            svg);
        assertEquals(2, svg.split("<circle", -1).length - 1, "markers are not data points");
    }

    @Test
    void shouldLeaveOutAMarkerTheAxisCannotShowAndNotCountMarkersAsData()
    {
        final LineChart chart = new LineChart("t", "x", "y").logX().addMarker(0, "at zero").addMarker(Double.NaN, "at NaN");
        assertTrue(chart.isEmpty(), "markers alone are no data");
        chart.addLine("a", new double[]{ 1, 10 }, new double[]{ 1, 2 });

        final String svg = chart.svg();

        assertFalse(svg.contains("at zero") || svg.contains("at NaN"), svg);
        assertEquals(svg, chart.svg(), "the same chart renders the same SVG");
    }
}
