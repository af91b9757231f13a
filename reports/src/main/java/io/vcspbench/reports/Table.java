package io.vcspbench.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of the report, rendered the same way to Markdown and HTML: a header row and rows of
 * text cells. A cell can carry a warning mark, shown as "⚠" after its text.
 */
final class Table
{
    /** Text of a warning mark. */
    static final String WARN = "⚠";

    /** One cell. @param text its text. @param warn whether it carries the warning mark. */
    record Cell(String text, boolean warn)
    {
        /** @return the text with the mark, for Markdown. */
        String marked()
        {
            return warn ? text + " " + WARN : text;
        }
    }

    private final List<String> header;
    private final int textColumns;
    private final List<List<Cell>> rows = new ArrayList<>();

    /**
     * @param header      column titles.
     * @param textColumns how many leading columns hold text (left-aligned); the rest are figures.
     */
    Table(final List<String> header, final int textColumns)
    {
        this.header = List.copyOf(header);
        this.textColumns = textColumns;
    }

    /** @return how many leading columns hold text. */
    int textColumns()
    {
        return textColumns;
    }

    List<String> header()
    {
        return header;
    }

    List<List<Cell>> rows()
    {
        return rows;
    }

    /** Starts a row; add cells to the returned list, as many as there are header cells. */
    List<Cell> addRow()
    {
        final List<Cell> row = new ArrayList<>();
        rows.add(row);
        return row;
    }

    static Cell cell(final String text)
    {
        return new Cell(text, false);
    }

    static Cell cell(final String text, final boolean warn)
    {
        return new Cell(text, warn);
    }
}
