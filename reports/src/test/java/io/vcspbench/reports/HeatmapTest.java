package io.vcspbench.reports;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The heatmap's SVG: the better end dark whichever way is better, the legend saying so, gaps, log colours. */
class HeatmapTest
{
    private static final String DARKEST = Heatmap.colour(1);
    private static final String LIGHTEST = Heatmap.colour(0);

    private static Heatmap oneRow(final Heatmap.Better better, final double... values)
    {
        final List<String> columns = new ArrayList<>();
        for (int i = 0; i < values.length; i++)
        {
            columns.add("E=" + i);
        }
        final Heatmap h = new Heatmap("Median x by E and N", "scenario", "E", "N", columns, List.of("N=1"), "x, ms",
            better, Fmt::num);
        for (int i = 0; i < values.length; i++)
        {
            h.cell(0, i, values[i], "cell " + i);
        }
        return h;
    }

    /** @return the fill of the cell whose hover text is given. */
    private static String fill(final String svg, final String hover)
    {
        final int at = svg.indexOf("<title>" + hover + "</title>");
        final int fill = svg.indexOf("fill=\"", at) + 6;
        return svg.substring(fill, svg.indexOf('"', fill));
    }

    @Test
    void shouldColourTheLowestValueDarkestWhenLowerIsBetterAndSaySo()
    {
        final String svg = oneRow(Heatmap.Better.LOWER, 10, 20, 30).svg();

        assertEquals(DARKEST, fill(svg, "cell 0"));
        assertEquals(LIGHTEST, fill(svg, "cell 2"));
        assertTrue(svg.contains(">lower is better</text>"), svg);
        assertTrue(svg.contains(">10.00 (best)</text>") && svg.contains(">30.00 (worst)</text>"), svg);
        assertTrue(svg.contains("fill=\"#fff\">10.00</text>"), "white text on the dark cell: " + svg);
        assertTrue(svg.contains(">best median</text>"), svg);
    }

    @Test
    void shouldColourTheHighestValueDarkestWhenHigherIsBetter()
    {
        final String svg = oneRow(Heatmap.Better.HIGHER, 10, 20, 30).svg();

        assertEquals(LIGHTEST, fill(svg, "cell 0"));
        assertEquals(DARKEST, fill(svg, "cell 2"));
        assertTrue(svg.contains(">higher is better</text>"), svg);
    }

    @Test
    void shouldOutlineNoCellWhenNeitherEndIsBetter()
    {
        final String svg = oneRow(Heatmap.Better.NEITHER, 10, 20, 30).svg();

        assertTrue(svg.contains(">neither end is better</text>"), svg);
        assertFalse(svg.contains("best median"), svg);
        assertTrue(svg.contains(">30.00 (highest)</text>"), svg);
    }

    @Test
    void shouldLeaveAMissingCellGreyWithADash()
    {
        final String svg = oneRow(Heatmap.Better.LOWER, 10, Double.NaN, 30).svg();

        assertEquals("#eeeeee", fill(svg, "cell 1"));
        assertTrue(svg.contains(">" + Fmt.NONE + "</text>"), svg);
    }

    @Test
    void shouldColourOnALogScaleWhenTheValuesSpanTwentyTimes()
    {
        assertTrue(oneRow(Heatmap.Better.LOWER, 10, 40, 640).logScale());
        assertFalse(oneRow(Heatmap.Better.LOWER, 10, 40, 190).logScale());
        assertTrue(oneRow(Heatmap.Better.LOWER, 10, 40, 640).svg().contains(">lower is better, log scale</text>"));
    }

    @Test
    void shouldUseNoScriptAndNoIdsSoSeveralSitInOnePage()
    {
        final String svg = oneRow(Heatmap.Better.LOWER, 10, 20, 30).svg();

        assertFalse(svg.contains("<script"), svg);
        assertFalse(svg.contains(" id=\""), svg);
    }
}
