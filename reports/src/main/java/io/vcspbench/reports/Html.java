package io.vcspbench.reports;

import java.util.List;

/**
 * Renders the report's sections as one self-contained HTML page: inline CSS, inline SVG plots, no
 * script and no external resource, so the file can be mailed or archived alone.
 */
final class Html
{
    private static final String CSS = String.join("\n",
        "body{font-family:sans-serif;margin:2em;color:#222;max-width:100%}",
        "table{border-collapse:collapse;margin:0.5em 0 1.5em 0;font-size:13px}",
        "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;white-space:nowrap}",
        "th{background:#f0f0f0}td.text{text-align:left}",
        "td.warn{background:#fde2e1}code{background:#f4f4f4;padding:0 3px}",
        "svg{display:block;margin:1em 0;max-width:100%;height:auto}h3{margin-bottom:0.2em}");

    private Html()
    {
    }

    /**
     * @param title    page title.
     * @param sections the sections.
     * @return the page.
     */
    static String render(final String title, final List<Section> sections)
    {
        final StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>").append(escape(title)).append("</h1>\n");
        for (final Section s : sections)
        {
            h.append("<h2>").append(escape(s.title())).append("</h2>\n");
            for (final Section.Block b : s.blocks())
            {
                if (b instanceof Section.Text t)
                {
                    h.append("<p>").append(code(escape(t.text()))).append("</p>\n");
                }
                else if (b instanceof Section.TableBlock tb)
                {
                    if (tb.caption() != null)
                    {
                        h.append("<h3>").append(escape(tb.caption())).append("</h3>\n");
                    }
                    table(h, tb.table());
                }
                else if (b instanceof Section.Chart c)
                {
                    h.append(c.chart().svg());
                }
            }
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void table(final StringBuilder h, final Table t)
    {
        h.append("<table>\n<tr>");
        for (final String head : t.header())
        {
            h.append("<th>").append(code(escape(head))).append("</th>");
        }
        h.append("</tr>\n");
        for (final List<Table.Cell> row : t.rows())
        {
            h.append("<tr>");
            for (int i = 0; i < row.size(); i++)
            {
                final Table.Cell c = row.get(i);
                final String cls = (i < t.textColumns() ? "text" : "") + (c.warn() ? " warn" : "");
                h.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls.trim() + "\">")
                    .append(code(escape(c.marked()))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** Turns `x` spans (already escaped) into code elements and Markdown links [text](href) into anchors. */
    private static String code(final String escaped)
    {
        return escaped.replaceAll("`([^`]*)`", "<code>$1</code>")
            .replaceAll("\\[([^\\]\\[]+)\\]\\(([^()\\s]+)\\)", "<a href=\"$2\">$1</a>");
    }

    /**
     * @param s text.
     * @return it escaped for HTML text and attribute values.
     */
    static String escape(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
