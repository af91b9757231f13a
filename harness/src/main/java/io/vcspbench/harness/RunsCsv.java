package io.vcspbench.harness;

import io.vcspbench.core.migration.DemandPagingStats;
import io.vcspbench.core.migration.HybridStats;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code runs.csv} of a sweep: one row per finished run, written and flushed as the run ends so
 * that an interrupted sweep keeps every row it finished. Columns: the config keys in
 * {@code MigrationConfig.toMap()} order, {@code repeat}, {@code status} ({@code ok|failed}),
 * {@code failure}, then every key {@code MigrationResult.scalarMetrics()} can hold (the post-copy
 * {@code DemandPagingStats} ones after {@code switchRound}); a metric a run does not have is empty. RFC 4180 quoting. Not thread-safe: one writer per sweep.
 */
public final class RunsCsv implements Closeable
{
    /** The file name in the sweep folder. */
    public static final String FILE = "runs.csv";

    /** {@code status} of a run that succeeded. */
    public static final String OK = "ok";

    /** {@code status} of a run that failed. */
    public static final String FAILED = "failed";

    /** The config columns. */
    public static final List<String> CONFIG_KEYS =
        List.copyOf(MigrationConfig.builder().build().toMap().keySet());

    /** The metric columns: every key {@code scalarMetrics()} can hold, the pre-copy ones included. */
    public static final List<String> METRIC_KEYS = metricKeys();

    private final BufferedWriter writer;

    /**
     * Creates the file and writes the header.
     *
     * @param file the file; must not exist, results never overwrite each other.
     * @throws IOException when it exists or cannot be written.
     */
    public RunsCsv(final Path file) throws IOException
    {
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        final List<String> header = new ArrayList<>(CONFIG_KEYS);
        header.add("repeat");
        header.add("status");
        header.add("failure");
        header.addAll(METRIC_KEYS);
        writeRow(header);
    }

    /**
     * Appends one run and flushes it to the file.
     *
     * @param config  what ran.
     * @param repeat  which repeat, from 1.
     * @param failure why it failed, or null when it succeeded.
     * @param metrics its scalar metrics, or null when it returned no result.
     * @throws IOException when the row cannot be written.
     */
    public void append(final MigrationConfig config, final int repeat, final String failure, final Map<String, Object> metrics)
        throws IOException
    {
        final Map<String, Object> settings = config.toMap();
        final List<String> row = new ArrayList<>(CONFIG_KEYS.size() + 3 + METRIC_KEYS.size());
        for (final String key : CONFIG_KEYS)
        {
            row.add(value(settings.get(key)));
        }
        row.add(Integer.toString(repeat));
        row.add(failure == null ? OK : FAILED);
        row.add(failure == null ? "" : failure);
        for (final String key : METRIC_KEYS)
        {
            row.add(metrics == null ? "" : value(metrics.get(key)));
        }
        writeRow(row);
    }

    /**
     * Appends a row as read from another {@code runs.csv} (a shard's), cell for cell.
     *
     * @param cells the row's cells, unquoted.
     * @throws IOException when the row cannot be written.
     */
    public void appendCells(final List<String> cells) throws IOException
    {
        writeRow(cells);
    }

    /**
     * @param config a configuration.
     * @return its config cells as a row of this file holds them.
     */
    public static List<String> configCells(final MigrationConfig config)
    {
        final Map<String, Object> settings = config.toMap();
        final List<String> cells = new ArrayList<>(CONFIG_KEYS.size());
        for (final String key : CONFIG_KEYS)
        {
            cells.add(value(settings.get(key)));
        }
        return cells;
    }

    /**
     * Reads a {@code runs.csv}: RFC 4180, quoted cells may hold commas, quotes and line breaks.
     *
     * @param file the file.
     * @return its rows, the header first, each a list of unquoted cells.
     * @throws IOException when it cannot be read.
     * @throws IllegalArgumentException naming the file when a quote is left open.
     */
    public static List<List<String>> read(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        final StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (quoted)
            {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"')
                {
                    cell.append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.add(cell.toString());
                cell.setLength(0);
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')
                {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            }
            else
            {
                cell.append(c);
            }
        }
        if (quoted)
        {
            throw new IllegalArgumentException(file + ": a quoted cell is not closed; the file is cut short");
        }
        if (cell.length() > 0 || !row.isEmpty())
        {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    /** {@inheritDoc} */
    @Override
    public void close() throws IOException
    {
        writer.close();
    }

    /**
     * @param field a value.
     * @return it quoted as RFC 4180 asks when it holds a comma, a quote or a line break.
     */
    public static String escape(final String field)
    {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0)
        {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private void writeRow(final List<String> fields) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        for (final String f : fields)
        {
            if (sb.length() > 0)
            {
                sb.append(',');
            }
            sb.append(escape(f));
        }
        // CRLF, as RFC 4180 writes it; every CSV reader accepts it.
        writer.write(sb.append("\r\n").toString());
        writer.flush();
    }

    private static String value(final Object v)
    {
        if (v == null)
        {
            return "";
        }
        if (v instanceof Double d)
        {
            // Empty rather than NaN: spreadsheets and pandas read an empty cell as missing.
            return Double.isFinite(d) ? Double.toString(d) : "";
        }
        return v.toString();
    }

    private static List<String> metricKeys()
    {
        // A result with every optional metric present (>= 0), so the header covers what any run can have.
        // The post-copy metrics come last, so the columns of older files keep their positions.
        final MigrationResult all = MigrationResult.builder(MigrationConfig.builder().build())
            .precopyRounds(0)
            .stopCopyPages(0)
            .switchRound(0)
            .demandPaging(new DemandPagingStats(0, 0, 0, 0, 0, 0, 0, 0))
            .hybrid(new HybridStats(0, 0, 0, 0, 0, 0, 0))
            .build();
        return Collections.unmodifiableList(new ArrayList<>(all.scalarMetrics().keySet()));
    }
}
