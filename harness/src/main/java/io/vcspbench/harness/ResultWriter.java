package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vcspbench.core.metrics.RoundStats;
import io.vcspbench.core.metrics.Series;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's result folder as DESIGN.md "Result files" defines it: {@code result.json} and
 * {@code fault-latency.hlog}. Never overwrites: a file that already exists is an error. Each
 * file is written to a temporary name and renamed, so a reader never sees half a file, and
 * {@code result.json} is written last, so its presence means the folder is complete.
 * Thread-safe: it holds no state beyond an immutable Jackson writer.
 */
public final class ResultWriter
{
    /** The result file of a run. */
    public static final String RESULT_FILE = "result.json";

    /** The fault-latency HdrHistogram log of a run. */
    public static final String HLOG_FILE = "fault-latency.hlog";

    /** The version of the {@code result.json} layout, its {@code schema} field. */
    public static final String SCHEMA = "vcsp-result/1";

    /** The files a run writes; a folder holding any of them already holds a result. */
    public static final List<String> RESULT_FILES = List.of(RESULT_FILE, HLOG_FILE);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String TMP_SUFFIX = ".tmp";

    private final ObjectWriter json = new ObjectMapper().writerWithDefaultPrettyPrinter();

    /**
     * Writes {@code fault-latency.hlog} then {@code result.json} of a run that returned a result,
     * failed or not.
     *
     * @param dir         the run's folder; must exist.
     * @param result      what the engine returned.
     * @param environment where it ran.
     * @param endEpochMs  when the run ended, ms since the epoch; closes a latency histogram that has no time stamps.
     * @throws IOException when a file cannot be written or already exists.
     */
    public void write(final Path dir, final MigrationResult result, final Environment environment, final long endEpochMs)
        throws IOException
    {
        writeHlog(dir.resolve(HLOG_FILE), result, endEpochMs);
        writeJson(dir.resolve(RESULT_FILE), toJson(result, environment));
    }

    /**
     * Writes {@code result.json} for a run that ended without a result (the engine threw), so the
     * configuration and the reason are not lost; there are no metrics to write.
     *
     * @param dir          the run's folder; must exist.
     * @param config       what was run.
     * @param environment  where it ran.
     * @param startEpochMs when the run started, ms since the epoch.
     * @param failure      why it failed, one line.
     * @throws IOException when the file cannot be written or already exists.
     */
    public void writeFailure(
        final Path dir,
        final MigrationConfig config,
        final Environment environment,
        final long startEpochMs,
        final String failure) throws IOException
    {
        final ObjectNode root = NODES.objectNode();
        root.put("schema", SCHEMA);
        root.set("config", toNode(config.toMap()));
        root.set("environment", toNode(environment.toMap()));
        root.put("failure", failure);
        root.put("startEpochMs", startEpochMs);
        writeJson(dir.resolve(RESULT_FILE), root);
    }

    /**
     * Writes whatever one run left into its folder: the result when the engine returned one, else a
     * failure record and, when the engine threw, {@link RunCommand#STACK_TRACE_FILE} beside it.
     *
     * @param folder       the run's folder, created if missing.
     * @param config       what ran.
     * @param result       the engine's result, or null.
     * @param crash        what the engine threw, or null.
     * @param environment  where it ran.
     * @param startEpochMs when the run started.
     * @param endEpochMs   when it ended.
     * @return null when the run succeeded, else its one-line failure reason.
     * @throws IOException if the folder cannot be written.
     */
    public String record(
        final Path folder, final MigrationConfig config, final MigrationResult result, final Throwable crash,
        final Environment environment, final long startEpochMs, final long endEpochMs) throws IOException
    {
        Files.createDirectories(folder);
        if (result != null)
        {
            write(folder, result, environment, endEpochMs);
            return failureReason(result);
        }
        String failure = crash != null ? OneLineErrors.oneLine(crash) : "the engine returned no result";
        writeFailure(folder, config, environment, startEpochMs, failure);
        if (crash != null)
        {
            // One line for people; the stack trace for whoever debugs the engine.
            final Path file = folder.resolve(RunCommand.STACK_TRACE_FILE);
            final StringWriter trace = new StringWriter();
            try (PrintWriter pw = new PrintWriter(trace))
            {
                crash.printStackTrace(pw);
            }
            Files.writeString(file, trace.toString(), StandardCharsets.UTF_8);
            failure += " (stack trace in " + file + ")";
        }
        return failure;
    }

    /**
     * @param result what the engine returned.
     * @return why the run failed, one line, or null when it succeeded: the engine's failure, or
     * the integrity check's mismatches, which DESIGN.md counts as a failure too.
     */
    public static String failureReason(final MigrationResult result)
    {
        if (result.failure() != null)
        {
            return result.failure();
        }
        if (result.mismatches() > 0)
        {
            return "integrity check failed: " + result.mismatches() + " of " + result.pagesChecked() +
                " pages missing or different at the destination";
        }
        return null;
    }

    /**
     * @param result      what the engine returned.
     * @param environment where it ran.
     * @return the {@code result.json} document; non-finite numbers are null.
     */
    public ObjectNode toJson(final MigrationResult result, final Environment environment)
    {
        final ObjectNode root = NODES.objectNode();
        root.put("schema", SCHEMA);
        root.set("config", toNode(result.config().toMap()));
        root.set("environment", toNode(environment.toMap()));

        final ObjectNode metrics = toNode(result.scalarMetrics());
        if (result.faultLatencyNs() != null)
        {
            metrics.set("faultLatencyUs", toNode(result.faultLatencyUs()));
        }
        root.set("metrics", metrics);

        final ObjectNode integrity = root.putObject("integrity");
        integrity.put("pagesChecked", result.pagesChecked());
        integrity.put("mismatches", result.mismatches());

        root.set("series", seriesNode(result.series()));

        final List<RoundStats> rounds = result.rounds();
        if (rounds != null && !rounds.isEmpty())
        {
            final ArrayNode array = root.putArray("rounds");
            for (final RoundStats round : rounds)
            {
                array.add(recordNode(round));
            }
        }

        final String failure = failureReason(result);
        if (failure != null)
        {
            root.put("failure", failure);
        }
        root.put("startEpochMs", result.startEpochMs());
        return root;
    }

    private static ArrayNode seriesNode(final Series series)
    {
        final ArrayNode array = NODES.arrayNode();
        if (series == null)
        {
            return array;
        }

        for (int i = 0, size = series.size(); i < size; i++)
        {
            final ObjectNode window = array.addObject();
            window.set("tMs", number(series.tMs()[i]));
            window.set("workloadMBps", number(series.workloadMBps()[i]));
            window.set("linkMBps", number(series.linkMBps()[i]));
            window.set("cpuSharePercent", number(series.cpuSharePercent()[i]));
        }
        return array;
    }

    private static ObjectNode recordNode(final Record record)
    {
        // By reflection over the components so a field added to RoundStats reaches the file unasked.
        final ObjectNode node = NODES.objectNode();
        for (final RecordComponent component : record.getClass().getRecordComponents())
        {
            try
            {
                node.set(component.getName(), toNode(component.getAccessor().invoke(record)));
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + record, ex);
            }
        }
        return node;
    }

    private static ObjectNode toNode(final Map<String, ?> map)
    {
        final ObjectNode node = NODES.objectNode();
        for (final Map.Entry<String, ?> e : map.entrySet())
        {
            node.set(e.getKey(), toNode(e.getValue()));
        }
        return node;
    }

    private static JsonNode toNode(final Object value)
    {
        if (value == null)
        {
            return NODES.nullNode();
        }
        if (value instanceof Double || value instanceof Float)
        {
            return number(((Number)value).doubleValue());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)
        {
            return NODES.numberNode(((Number)value).longValue());
        }
        if (value instanceof Boolean)
        {
            return NODES.booleanNode((Boolean)value);
        }
        if (value instanceof Map<?, ?> map)
        {
            final ObjectNode node = NODES.objectNode();
            for (final Map.Entry<?, ?> e : map.entrySet())
            {
                node.set(String.valueOf(e.getKey()), toNode(e.getValue()));
            }
            return node;
        }
        if (value instanceof Collection<?> collection)
        {
            final ArrayNode array = NODES.arrayNode();
            for (final Object element : collection)
            {
                array.add(toNode(element));
            }
            return array;
        }
        if (value instanceof Record record)
        {
            return recordNode(record);
        }
        if (value instanceof Enum<?> e)
        {
            return NODES.textNode(e.name());
        }
        return NODES.textNode(value.toString());
    }

    private static JsonNode number(final double value)
    {
        // JSON has no NaN or Infinity; null keeps the file parseable by every reader.
        return Double.isFinite(value) ? NODES.numberNode(value) : NODES.nullNode();
    }

    private void writeJson(final Path file, final JsonNode root) throws IOException
    {
        final byte[] bytes = (json.writeValueAsString(root) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        final Path tmp = tmpFor(file);
        try
        {
            Files.write(tmp, bytes);
            moveIntoPlace(tmp, file);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeHlog(final Path file, final MigrationResult result, final long endEpochMs)
        throws IOException
    {
        final long startEpochMs = result.startEpochMs();
        final Path tmp = tmpFor(file);
        try
        {
            try (OutputStream out = Files.newOutputStream(tmp))
            {
                final HistogramLogWriter writer = new HistogramLogWriter(out);
                writer.outputLogFormatVersion();
                writer.outputStartTime(startEpochMs);
                writer.setBaseTime(startEpochMs);
                writer.outputBaseTime(startEpochMs);
                writer.outputLegend();

                final List<Histogram> intervals = result.faultLatencyIntervals();
                if (intervals != null && !intervals.isEmpty())
                {
                    for (final Histogram interval : intervals)
                    {
                        writer.outputIntervalHistogram(stamped(interval, startEpochMs, endEpochMs));
                    }
                }
                else if (result.faultLatencyNs() != null)
                {
                    writer.outputIntervalHistogram(stamped(result.faultLatencyNs(), startEpochMs, endEpochMs));
                }
                writer.close();
            }
            moveIntoPlace(tmp, file);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }

    private static Histogram stamped(final Histogram histogram, final long startEpochMs, final long endEpochMs)
    {
        // A histogram nobody stamped has start Long.MAX_VALUE and end 0, which a log reader would
        // place centuries away; give a copy the run's span rather than touching the engine's object.
        final long start = histogram.getStartTimeStamp();
        final long end = histogram.getEndTimeStamp();
        if (start != Long.MAX_VALUE && start > 0 && end >= start)
        {
            return histogram;
        }

        final Histogram copy = histogram.copy();
        copy.setStartTimeStamp(startEpochMs);
        copy.setEndTimeStamp(Math.max(startEpochMs, endEpochMs));
        return copy;
    }

    private static Path tmpFor(final Path file)
    {
        return file.resolveSibling(file.getFileName() + TMP_SUFFIX);
    }

    private static void moveIntoPlace(final Path tmp, final Path file) throws IOException
    {
        if (Files.exists(file))
        {
            throw new FileAlreadyExistsException(file.toString(), null, "results never overwrite each other");
        }
        // Without REPLACE_EXISTING the move refuses an existing target, and on one file system it is a rename.
        Files.move(tmp, file);
    }
}
