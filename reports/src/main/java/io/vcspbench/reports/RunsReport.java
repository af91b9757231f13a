package io.vcspbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The report of harness result folders ({@code vcsp report DIR...}): every {@code result.json} under
 * each folder (a run, a run with repeats, or a sweep), one section per folder so several sit side by
 * side, each with its runs, and where {@code postcopy} and another post-copy algorithm ran, the VCSP
 * paper's Table 3 from the per-workload medians beside the published rows. Reads files only.
 */
public final class RunsReport
{
    /** Folders searched below each given folder for result.json (run, repeat-i, sweep run folders). */
    private static final int MAX_DEPTH = 3;

    private RunsReport()
    {
    }

    /** One run's figures, as result.json has them. */
    record Run(String folder, String algorithm, int throttle, int prefetch, long workloadMiB, long memoryMiB, String link,
        double downtimeMs, double totalMs, double pages, double faults, double p50Us, double p99Us, double throughputMBps,
        double sharePercent, long mismatches, String failure)
    {
    }

    /**
     * Writes {@code report.md} and {@code index.html} into {@code out}.
     *
     * @param dirs result folders, each a labelled set.
     * @param out  where the report goes; created if missing.
     * @return the two files written.
     * @throws IOException if a folder cannot be read or the report written.
     * @throws IllegalArgumentException if a folder holds no result.json, naming it.
     */
    public static List<Path> write(final List<Path> dirs, final Path out) throws IOException
    {
        final List<Section> sections = new ArrayList<>();
        for (final Path dir : dirs)
        {
            sections.addAll(sections(dir, load(dir)));
        }
        Files.createDirectories(out);
        final Path md = out.resolve("report.md");
        final Path html = out.resolve("index.html");
        Files.writeString(md, Markdown.render("vcsp-bench runs", sections), StandardCharsets.UTF_8);
        Files.writeString(html, Html.render("vcsp-bench runs", sections), StandardCharsets.UTF_8);
        return List.of(md, html);
    }

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
                runs.add(parse(dir.relativize(file.getParent()).toString(), json.readTree(file.toFile())));
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

    private static Run parse(final String folder, final JsonNode r)
    {
        final JsonNode c = r.path("config");
        final JsonNode m = r.path("metrics");
        final JsonNode lat = m.path("faultLatencyUs");
        final JsonNode failure = r.path("failure");
        return new Run(folder.isEmpty() ? "." : folder, c.path("algorithm").asText(), c.path("throttlePercent").asInt(),
            c.path("prefetchPages").asInt(), c.path("workloadMiB").asLong(), c.path("memoryMiB").asLong(),
            c.path("link").asText(), m.path("downtimeMs").asDouble(Double.NaN),
            m.path("totalMigrationTimeMs").asDouble(Double.NaN), m.path("pagesTransferred").asDouble(Double.NaN),
            m.path("faults").asDouble(Double.NaN), lat.path("p50").asDouble(Double.NaN),
            lat.path("p99").asDouble(Double.NaN), m.path("workloadThroughputMBps").asDouble(Double.NaN),
            m.path("achievedCpuSharePercent").asDouble(Double.NaN), r.path("integrity").path("mismatches").asLong(),
            failure.isMissingNode() || failure.isNull() ? null : failure.asText());
    }

    static List<Section> sections(final Path dir, final List<Run> runs)
    {
        final String label = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        final Table table = new Table(List.of("run", "algorithm", "E", "N", "workload MiB", "memory MiB", "link",
            "downtime ms", "total ms", "pages", "faults", "p50 µs", "p99 µs", "throughput MB/s", "share %",
            "mismatches"), 7);
        final List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(Run::algorithm).thenComparingLong(Run::workloadMiB)
            .thenComparingInt(Run::throttle).thenComparingInt(Run::prefetch).thenComparing(Run::folder));
        for (final Run r : sorted)
        {
            final List<Table.Cell> row = table.addRow();
            row.add(Table.cell(r.folder()));
            row.add(Table.cell(r.algorithm()));
            row.add(Table.cell(Integer.toString(r.throttle())));
            row.add(Table.cell(Integer.toString(r.prefetch())));
            row.add(Table.cell(Long.toString(r.workloadMiB())));
            row.add(Table.cell(Long.toString(r.memoryMiB())));
            row.add(Table.cell(r.link()));
            for (final double v : new double[]{ r.downtimeMs(), r.totalMs(), r.pages(), r.faults(), r.p50Us(), r.p99Us(),
                r.throughputMBps(), r.sharePercent() })
            {
                row.add(Table.cell(Fmt.num(v)));
            }
            row.add(Table.cell(Long.toString(r.mismatches()), r.mismatches() > 0 || r.failure() != null));
        }
        final Section section = new Section("Runs in " + label)
            .text(runs.size() + " runs from " + dir + "; ⚠ marks a failed run or an integrity mismatch.")
            .table(null, table);

        final List<PaperTable3.Medians> medians = medians(sorted);
        final boolean comparable = medians.stream().anyMatch(m -> m.algorithm().equals(PaperTable3.BASELINE)) &&
            medians.stream().anyMatch(m -> !m.algorithm().equals(PaperTable3.BASELINE));
        if (comparable)
        {
            section.table("Table 3 layout: improvement over postcopy, %", table3(medians));
            section.text("ours: per workload the median of each metric over the runs of that algorithm, improvement = " +
                "(postcopy − algorithm) / postcopy × 100 (throughput the other way round), averaged over the " +
                "workloads where both ran; positive = better than postcopy. paper: the VCSP paper's Table 3.");
        }
        return List.of(section);
    }

    private static Table table3(final List<PaperTable3.Medians> medians)
    {
        final List<String> header = new ArrayList<>(List.of("algorithm", "source"));
        header.addAll(PaperTable3.METRICS);
        final Table t = new Table(header, 2);
        for (final PaperTable3.Published p : PaperTable3.PAPER)
        {
            final List<Table.Cell> paper = t.addRow();
            paper.add(Table.cell(p.algorithm()));
            paper.add(Table.cell("paper"));
            p.percent().forEach(v -> paper.add(Table.cell(v)));
            final List<Table.Cell> ours = t.addRow();
            ours.add(Table.cell(p.algorithm()));
            ours.add(Table.cell("ours"));
            final PaperTable3.Improvement i = PaperTable3.improvement(medians, p.algorithm());
            for (final double v : i.percent())
            {
                ours.add(Table.cell(Double.isFinite(v) ? String.format("%.2f", v) : Fmt.NONE));
            }
        }
        return t;
    }

    private static List<PaperTable3.Medians> medians(final List<Run> runs)
    {
        final Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (final Run r : runs)
        {
            if (r.failure() == null)
            {
                groups.computeIfAbsent(r.algorithm() + "\u0000" + r.workloadMiB(), k -> new ArrayList<>()).add(r);
            }
        }
        final List<PaperTable3.Medians> medians = new ArrayList<>();
        for (final List<Run> g : groups.values())
        {
            medians.add(new PaperTable3.Medians(g.get(0).algorithm(), g.get(0).workloadMiB() + " MiB",
                median(g, Run::downtimeMs), median(g, Run::totalMs), median(g, Run::pages),
                median(g, Run::throughputMBps)));
        }
        return medians;
    }

    private static double median(final List<Run> runs, final java.util.function.ToDoubleFunction<Run> metric)
    {
        final double[] v = runs.stream().mapToDouble(metric).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
