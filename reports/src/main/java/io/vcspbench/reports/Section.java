package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.List;

/** A titled part of the report: paragraphs, tables and charts in order. */
final class Section
{
    /** One piece of a section. */
    sealed interface Block permits Text, TableBlock, Chart
    {
    }

    /** A paragraph. @param text plain text; `code` spans are kept in Markdown and shown as code in HTML. */
    record Text(String text) implements Block
    {
    }

    /** A table with an optional caption. @param caption caption or null. @param table the table. */
    record TableBlock(String caption, Table table) implements Block
    {
    }

    /** A chart (HTML only; Markdown points to index.html). @param chart the chart. */
    record Chart(Plot chart) implements Block
    {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    Section(final String title)
    {
        this.title = title;
    }

    String title()
    {
        return title;
    }

    List<Block> blocks()
    {
        return blocks;
    }

    Section text(final String text)
    {
        blocks.add(new Text(text));
        return this;
    }

    Section table(final String caption, final Table table)
    {
        blocks.add(new TableBlock(caption, table));
        return this;
    }

    Section chart(final Plot chart)
    {
        if (!chart.isEmpty())
        {
            blocks.add(new Chart(chart));
        }
        return this;
    }
}
