package io.vcspbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vcspbench.reports.RunsReport.Run;
import io.vcspbench.reports.RunsReport.Series;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads harness result folders: every {@code result.json} under a folder (a run, a run with repeats,
 * or a sweep) with the {@code fault-latency.hlog} beside it. Reads files only; stateless.
 */
final class RunFolders
{
    /** The result.json layout this build reads: the harness's {@code ResultWriter.SCHEMA}. */
    static final String SCHEMA = "vcsp-result/1";

    /** Folders searched below each given folder for result.json (run, repeat-i, sweep run folders). */
    static final int MAX_DEPTH = 3;

    /** A run's fault-latency HdrHistogram log beside its result.json, as the harness names it; values in ns. */
    static final String HLOG_FILE = "fault-latency.hlog";

    private RunFolders()
    {
    }

    /**
     * Every result.json under a folder, in path order.
     *
     * @param dir a run's or a sweep's folder, or one above them.
     * @return the runs.
     * @throws IOException if a file cannot be read or parsed.
     * @throws IllegalArgumentException if the folder is missing or holds no result.json, naming it.
     */
    static List<Run> load(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException(dir + " is not a folder");
        }
        final ObjectMapper json = new ObjectMapper();
        final List<Run> runs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, MAX_DEPTH))
        {
            for (final Path file : (Iterable<Path>)files.filter(f -> f.getFileName().toString().equals("result.json"))
                .sorted()::iterator)
            {
                runs.add(parse(dir.relativize(file.getParent()).toString(), readResult(json, file),
                    readHlog(file.resolveSibling(HLOG_FILE))));
            }
        }
        catch (final UncheckedIOException e)
        {
            throw e.getCause();
        }
        if (runs.isEmpty())
        {
            throw new IllegalArgumentException(dir + " holds no result.json (give run or sweep result folders)");
        }
        return runs;
    }

    /**
     * Reads one result.json, refusing in one line that names the file anything that is not a result of
     * the layout this build reads: unreadable or truncated JSON, an empty file, a value other than an
     * object, or another {@code schema}.
     *
     * @param json the reader.
     * @param file the file.
     * @return its root object.
     * @throws IOException naming the file and what is wrong with it.
     */
    static JsonNode readResult(final ObjectMapper json, final Path file) throws IOException
    {
        return readResult(json, Files.readAllBytes(file), file.toString());
    }

    /**
     * {@link #readResult(ObjectMapper, Path)} on bytes already read.
     *
     * @param json  the reader.
     * @param bytes the file's content.
     * @param file  the file's name, for messages.
     * @return its root object.
     * @throws IOException naming the file and what is wrong with it.
     */
    static JsonNode readResult(final ObjectMapper json, final byte[] bytes, final String file) throws IOException
    {
        final JsonNode root;
        try
        {
            root = json.readTree(bytes);
        }
        catch (final IOException e)
        {
            // Jackson's parse errors, and its encoding detection's (a CharConversionException, not one of them).
            final boolean parse = e instanceof com.fasterxml.jackson.core.JsonProcessingException;
            final String what = printable(parse ?
                ((com.fasterxml.jackson.core.JsonProcessingException)e).getOriginalMessage() : e.getMessage());
            final com.fasterxml.jackson.core.JsonLocation at =
                parse ? ((com.fasterxml.jackson.core.JsonProcessingException)e).getLocation() : null;
            throw new IOException(file + " is not valid JSON (" + what + (at == null ? "" : " at line " + at.getLineNr()) +
                "); a run that was cut short, rerun it or remove the file", e);
        }
        if (root == null || root.isMissingNode())
        {
            throw new IOException(file + " is empty; rerun the run or remove the file");
        }
        if (!root.isObject())
        {
            throw new IOException(file + " holds a JSON " + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) +
                ", not a vcsp result (an object with schema \"" + SCHEMA + "\")");
        }
        final String schema = root.path("schema").asText("");
        if (!SCHEMA.equals(schema))
        {
            throw new IOException(file + " has schema '" + printable(schema) + "'; this vcsp reads " + SCHEMA +
                " (a result of another version: report it with that version)");
        }
        return root;
    }

    /**
     * @param file a run's fault-latency.hlog, possibly missing.
     * @return its interval histograms merged, ns; null when the file is missing.
     * @throws IOException if it cannot be read or holds something other than integer histograms, naming it.
     */
    static Histogram readHlog(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        final Histogram merged = new Histogram(3);
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile()))
        {
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null)
            {
                if (!(interval instanceof Histogram h))
                {
                    throw new IOException(file + " holds a " + interval.getClass().getSimpleName() +
                        ", not integer ns histograms as the harness writes them");
                }
                merged.add(h);
            }
        }
        catch (final RuntimeException e)
        {
            // The reader reports a corrupt line or payload unchecked; say which file it was.
            throw new IOException(file + " is not a readable HdrHistogram log (" + e + "); delete or rewrite it", e);
        }
        return merged;
    }

    /**
     * @param folder         the run's folder relative to the one given, "" for itself.
     * @param r              its result.json, as {@link #readResult} accepted it.
     * @param faultLatencyNs its fault-latency histogram, or null.
     * @return the run; values a file lacks are NaN or absent, never made up.
     */
    static Run parse(final String folder, final JsonNode r, final Histogram faultLatencyNs)
    {
        final Map<String, String> config = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> c = r.path("config").fields();
        while (c.hasNext())
        {
            final Map.Entry<String, JsonNode> e = c.next();
            config.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
        final Map<String, Double> metrics = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> m = r.path("metrics").fields();
        while (m.hasNext())
        {
            final Map.Entry<String, JsonNode> e = m.next();
            if (e.getValue().isNumber())
            {
                metrics.put(e.getKey(), e.getValue().doubleValue());
            }
        }
        final JsonNode latency = r.path("metrics").path("faultLatencyUs");
        putNumber(metrics, "faultLatencyP50Us", latency.path("p50"));
        putNumber(metrics, "faultLatencyP99Us", latency.path("p99"));

        final JsonNode series = r.path("series");
        final int n = series.isArray() ? series.size() : 0;
        final Series s = new Series(new double[n], new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            final JsonNode w = series.get(i);
            s.tMs()[i] = number(w.path("tMs"));
            s.workloadMBps()[i] = number(w.path("workloadMBps"));
            s.linkMBps()[i] = number(w.path("linkMBps"));
            s.cpuSharePercent()[i] = number(w.path("cpuSharePercent"));
        }
        final JsonNode failure = r.path("failure");
        return new Run(folder.isEmpty() ? "." : folder, Collections.unmodifiableMap(config),
            Collections.unmodifiableMap(metrics),
            r.path("integrity").path("mismatches").isIntegralNumber() ? r.path("integrity").path("mismatches").asLong() :
                RunsReport.MISSING,
            failure.isMissingNode() || failure.isNull() ? null : failure.asText(), s, faultLatencyNs);
    }

    private static void putNumber(final Map<String, Double> metrics, final String name, final JsonNode n)
    {
        if (n.isNumber())
        {
            metrics.put(name, n.doubleValue());
        }
    }

    private static double number(final JsonNode n)
    {
        return n.isNumber() ? n.doubleValue() : Double.NaN;
    }

    /** A parser's message on one printable line: it may quote bytes of the file. */
    private static String printable(final String message)
    {
        final String m = String.valueOf(message);
        final StringBuilder sb = new StringBuilder(Math.min(m.length(), 200));
        for (int i = 0; i < m.length() && sb.length() < 200; i++)
        {
            final char c = m.charAt(i);
            sb.append(Character.isWhitespace(c) ? ' ' : c < 0x20 || c >= 0x7F && c <= 0x9F ? '?' : c);
        }
        return sb.toString();
    }
}
