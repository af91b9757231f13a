package io.vcspbench.reports;

/** A chart of the report, drawn as inline SVG for index.html; report.md points to it instead. */
interface Plot
{
    /** @return the chart's title, which report.md names in its place. */
    String title();

    /** @return whether there is nothing to draw, so the chart is left out. */
    boolean isEmpty();

    /** @return the SVG element, ending with a newline. */
    String svg();
}
