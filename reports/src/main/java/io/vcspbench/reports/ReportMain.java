package io.vcspbench.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders the benchmark report of a bench directory: every subfolder holding a {@code jmh.json} is
 * one labelled result set, with the harness sweep in its {@code runs} folder when there is one;
 * {@code index.html} and {@code report.md} are written into the directory (or {@code --out DIR}).
 *
 * <pre>java -cp ... io.vcspbench.reports.ReportMain DIR [--out DIR]</pre>
 *
 * Exit status: 0 on success, 1 when a file cannot be read or written, 2 on bad usage.
 */
public final class ReportMain
{
    /** Title of both documents. */
    public static final String TITLE = "vcsp-bench JMH report";

    private ReportMain()
    {
    }

    /**
     * @param args {@code DIR [--out DIR]}.
     */
    public static void main(final String[] args)
    {
        Path in = null;
        Path out = null;
        for (int i = 0; i < args.length; i++)
        {
            if ("--out".equals(args[i]) && i + 1 < args.length)
            {
                out = Path.of(args[++i]);
            }
            else if (in == null && !args[i].startsWith("--"))
            {
                in = Path.of(args[i]);
            }
            else
            {
                usage("unexpected argument '" + args[i] + "'");
            }
        }
        if (in == null)
        {
            usage("no bench directory given");
        }
        if (!Files.isDirectory(in))
        {
            usage(in + " is not a directory (run mvn -B verify -Pbench first)");
        }
        try
        {
            final List<ResultSet> sets = JmhJson.scan(in);
            if (sets.isEmpty())
            {
                usage("no result set in " + in + ": expected " + in + "/LABEL/jmh.json");
            }
            final Path target = out == null ? in : out;
            final List<Path> written = write(sets, target);
            for (final Path p : written)
            {
                System.out.println("report: " + p.toAbsolutePath().normalize());
            }
        }
        catch (final IOException e)
        {
            System.err.println("report: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Writes both documents.
     *
     * @param sets the result sets, in column order.
     * @param dir  where to write.
     * @return the files written: index.html, report.md.
     * @throws IOException if they cannot be written.
     */
    public static List<Path> write(final List<ResultSet> sets, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final Path html = dir.resolve("index.html");
        final Path md = dir.resolve("report.md");
        Files.writeString(html, renderHtml(sets), StandardCharsets.UTF_8);
        Files.writeString(md, renderMarkdown(sets), StandardCharsets.UTF_8);
        return List.of(html, md);
    }

    /**
     * @param sets the result sets, in column order.
     * @return report.md's text.
     */
    public static String renderMarkdown(final List<ResultSet> sets)
    {
        return Markdown.render(TITLE, new BenchReport(sets).sections());
    }

    /**
     * @param sets the result sets, in column order.
     * @return index.html's text.
     */
    public static String renderHtml(final List<ResultSet> sets)
    {
        return Html.render(TITLE, new BenchReport(sets).sections());
    }

    private static void usage(final String reason)
    {
        System.err.println("report: " + reason);
        System.err.println("usage: ReportMain DIR [--out DIR]");
        System.exit(2);
    }
}
