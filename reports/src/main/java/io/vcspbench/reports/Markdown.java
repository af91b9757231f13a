package io.vcspbench.reports;

import java.util.List;

/** Renders the report's sections as GitHub-flavoured Markdown. */
final class Markdown
{
    private Markdown()
    {
    }

    /**
     * @param title    document title.
     * @param sections the sections.
     * @return the Markdown text, ending with a newline.
     */
    static String render(final String title, final List<Section> sections)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n");
        for (final Section s : sections)
        {
            md.append("\n## ").append(s.title()).append("\n");
            for (final Section.Block b : s.blocks())
            {
                md.append('\n');
                if (b instanceof Section.Text t)
                {
                    md.append(t.text()).append('\n');
                }
                else if (b instanceof Section.TableBlock tb)
                {
                    if (tb.caption() != null)
                    {
                        md.append("### ").append(tb.caption()).append("\n\n");
                    }
                    table(md, tb.table());
                }
                else if (b instanceof Section.Chart c)
                {
                    md.append("(plot in index.html: ").append(c.chart().title()).append(")\n");
                }
            }
        }
        return md.toString();
    }

    private static void table(final StringBuilder md, final Table t)
    {
        md.append('|');
        for (final String h : t.header())
        {
            md.append(' ').append(escape(h)).append(" |");
        }
        md.append("\n|");
        for (int i = 0; i < t.header().size(); i++)
        {
            md.append(i < t.textColumns() ? "---|" : "---:|");
        }
        md.append('\n');
        for (final List<Table.Cell> row : t.rows())
        {
            md.append('|');
            for (final Table.Cell c : row)
            {
                md.append(' ').append(escape(c.marked())).append(" |");
            }
            md.append('\n');
        }
    }

    private static String escape(final String s)
    {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
