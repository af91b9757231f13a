package io.vcspbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads JMH's JSON result format and the bench directory layout ({@code DIR/LABEL/jmh.json} plus
 * {@code DIR/LABEL/environment.json}). Secondary metric names are normalized: JMH up to 1.36 spells
 * the GC profiler's metrics {@code ·gc.alloc.rate.norm}, 1.37 {@code gc.alloc.rate.norm}; both read
 * as the latter. JMH writes NaN as the string "NaN"; it reads as {@link Double#NaN}.
 */
public final class JmhJson
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson()
    {
    }

    /**
     * @param file a JMH JSON file.
     * @return its results, in file order.
     * @throws IOException if it cannot be read or is not a JMH result array.
     */
    public static List<JmhResult> read(final Path file) throws IOException
    {
        final JsonNode root = MAPPER.readTree(file.toFile());
        if (root == null || !root.isArray())
        {
            throw new IOException(file + " is not a JMH JSON result file (expected an array)");
        }
        final List<JmhResult> results = new ArrayList<>();
        for (final JsonNode n : root)
        {
            results.add(parse(n));
        }
        return results;
    }

    /**
     * Every labelled result set under a directory: each subfolder holding a {@code jmh.json}, with
     * the harness sweep in its {@code runs} folder when there is one.
     *
     * @param dir the bench directory, e.g. {@code target/bench}.
     * @return the sets sorted by label.
     * @throws IOException if a file cannot be read.
     */
    public static List<ResultSet> scan(final Path dir) throws IOException
    {
        final List<Path> folders = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir))
        {
            s.filter(p -> Files.isRegularFile(p.resolve("jmh.json"))).forEach(folders::add);
        }
        Collections.sort(folders);
        final List<ResultSet> sets = new ArrayList<>();
        for (final Path folder : folders)
        {
            final Path runs = folder.resolve(ResultSet.RUNS_FOLDER);
            sets.add(new ResultSet(folder.getFileName().toString(), environment(folder.resolve("environment.json")),
                read(folder.resolve("jmh.json")), hasResult(runs) ? RunsReport.load(runs) : List.of()));
        }
        return sets;
    }

    /** Whether a folder exists and holds a result.json somewhere below it (an interrupted sweep may hold none). */
    private static boolean hasResult(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir, RunFolders.MAX_DEPTH))
        {
            return files.anyMatch(f -> f.getFileName().toString().equals("result.json"));
        }
    }

    /**
     * @param file an environment.json, possibly missing.
     * @return its entries as text (lists joined with spaces), sorted by key; empty if missing.
     * @throws IOException if it exists but cannot be parsed.
     */
    public static Map<String, String> environment(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            return Map.of();
        }
        final JsonNode root = MAPPER.readTree(file.toFile());
        final Map<String, String> env = new TreeMap<>();
        if (root != null && root.isObject())
        {
            final Iterator<Map.Entry<String, JsonNode>> it = root.fields();
            while (it.hasNext())
            {
                final Map.Entry<String, JsonNode> e = it.next();
                env.put(e.getKey(), text(e.getValue()));
            }
        }
        return env;
    }

    private static String text(final JsonNode n)
    {
        if (n.isArray())
        {
            final List<String> parts = new ArrayList<>();
            n.forEach(x -> parts.add(text(x)));
            return String.join(" ", parts);
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static JmhResult parse(final JsonNode n) throws IOException
    {
        final String benchmark = n.path("benchmark").asText(null);
        final JsonNode primary = n.path("primaryMetric");
        if (benchmark == null || primary.isMissingNode())
        {
            throw new IOException("JMH result without benchmark or primaryMetric: " + abbreviate(n.toString()));
        }
        final Map<String, String> params = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> it = n.path("params").fields();
        while (it.hasNext())
        {
            final Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        final Map<String, Double> percentiles = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> pit = primary.path("scorePercentiles").fields();
        while (pit.hasNext())
        {
            final Map.Entry<String, JsonNode> e = pit.next();
            percentiles.put(percentileKey(e.getKey()), number(e.getValue()));
        }
        final Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> sit = n.path("secondaryMetrics").fields();
        while (sit.hasNext())
        {
            final Map.Entry<String, JsonNode> e = sit.next();
            final JsonNode m = e.getValue();
            final double score = number(m.path("score"));
            secondary.put(normalizeName(e.getKey()), new JmhResult.Metric(score, number(m.path("scoreError")),
                m.path("scoreUnit").asText(""), rawMean(m.path("rawData"), score), samples(m)));
        }
        return new JmhResult(benchmark, n.path("mode").asText(""), Collections.unmodifiableMap(params),
            number(primary.path("score")), number(primary.path("scoreError")), primary.path("scoreUnit").asText(""),
            Collections.unmodifiableMap(percentiles), Collections.unmodifiableMap(secondary), samples(primary));
    }

    /**
     * @param metric a result's primaryMetric or one of its secondaryMetrics.
     * @return every measured iteration's value, fork after fork: {@code rawData} as it is, or for
     * sample-time results each iteration's mean from {@code rawDataHistogram} ([value, count] pairs).
     */
    private static List<Double> samples(final JsonNode metric)
    {
        final List<Double> samples = new ArrayList<>();
        for (final JsonNode fork : metric.path("rawData"))
        {
            for (final JsonNode v : fork)
            {
                samples.add(number(v));
            }
        }
        for (final JsonNode fork : metric.path("rawDataHistogram"))
        {
            for (final JsonNode iteration : fork)
            {
                double sum = 0;
                double count = 0;
                for (final JsonNode pair : iteration)
                {
                    sum += number(pair.path(0)) * number(pair.path(1));
                    count += number(pair.path(1));
                }
                samples.add(count > 0 ? sum / count : Double.NaN);
            }
        }
        return Collections.unmodifiableList(samples);
    }

    /**
     * @param name a secondary metric name as JMH wrote it.
     * @return the name without the "·" older JMH versions put in front of profiler metrics.
     */
    public static String normalizeName(final String name)
    {
        return name.startsWith("\u00b7") ? name.substring(1) : name;
    }

    private static String percentileKey(final String key)
    {
        try
        {
            return Double.toString(Double.parseDouble(key));
        }
        catch (final NumberFormatException e)
        {
            return key;
        }
    }

    private static double rawMean(final JsonNode rawData, final double fallback)
    {
        double sum = 0;
        int count = 0;
        for (final JsonNode fork : rawData)
        {
            for (final JsonNode v : fork)
            {
                final double d = number(v);
                if (!Double.isNaN(d))
                {
                    sum += d;
                    count++;
                }
            }
        }
        return count == 0 ? fallback : sum / count;
    }

    private static double number(final JsonNode n)
    {
        if (n.isNumber())
        {
            return n.doubleValue();
        }
        if (n.isTextual())
        {
            try
            {
                return Double.parseDouble(n.asText());
            }
            catch (final NumberFormatException e)
            {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static String abbreviate(final String s)
    {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
