package io.vcspbench.reports;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report's "Profiles" section: for every result set the bench launcher profiled
 * ({@code -Dbench.prof=async|jfr}), the profiler that ran and a link to each benchmark's flame graph
 * (and JFR recording). The launcher lists the files in environment.json ({@value #PROFILES}, paths
 * relative to the label's folder, {@code profiles/NAME/FILE}, NAME being
 * {@code Class.method-param=value,...}) and names the profiler ({@value #PROFILER}). Links are relative
 * to the bench directory, where index.html is written, so they work when the folder is opened from disk.
 * Reads nothing but the given sets.
 */
final class ProfilesSection
{
    /** environment.json's key for the profiler that ran, after any fallback. */
    static final String PROFILER = "profiler";

    /** environment.json's key for the profile files, space-separated once loaded. */
    static final String PROFILES = "profiles";

    /** What each kind of file is called in the links, by file name; any other file goes by its name. */
    private static final Map<String, String> LINK_TEXT = Map.of("flame.html", "flame graph", "profile.jfr", "JFR recording");

    private ProfilesSection()
    {
    }

    /**
     * @param sets the result sets, in column order.
     * @return the section, or empty when no set was profiled.
     */
    static Optional<Section> of(final List<ResultSet> sets)
    {
        final Table t = new Table(List.of("label", "benchmark", "params", "profile"), 4);
        final List<String> profilers = new ArrayList<>();
        for (final ResultSet s : sets)
        {
            final String files = s.environment().getOrDefault(PROFILES, "").trim();
            if (!s.environment().containsKey(PROFILER) && files.isEmpty())
            {
                continue;
            }
            profilers.add("`" + s.label() + "`: " + s.environment().getOrDefault(PROFILER, Fmt.NONE) + ".");
            for (final Map.Entry<String, List<String>> folder : byFolder(files).entrySet())
            {
                final String name = folder.getKey();
                final int dash = name.indexOf('-');
                final List<String> links = new ArrayList<>();
                for (final String file : folder.getValue())
                {
                    final String fileName = file.substring(file.lastIndexOf('/') + 1);
                    links.add("[" + LINK_TEXT.getOrDefault(fileName, fileName) + "](" + href(s.label() + "/" + file) + ")");
                }
                t.addRow().addAll(List.of(Table.cell("`" + s.label() + "`"),
                    Table.cell(dash < 0 ? name : name.substring(0, dash)),
                    Table.cell(dash < 0 ? Fmt.NONE : name.substring(dash + 1).replace(",", " ")),
                    Table.cell(String.join(" · ", links))));
            }
        }
        if (profilers.isEmpty())
        {
            return Optional.empty();
        }
        final Section section = new Section("Profiles");
        section.text("A flame graph per benchmark and parameter point, of the measured iterations' CPU samples " +
            "(`mvn -B verify -Pbench -Dbench.prof=async` or `=jfr`), in `LABEL/profiles/` beside `jmh.json`; " +
            "the links are relative to the bench directory.");
        profilers.forEach(section::text);
        if (t.rows().isEmpty())
        {
            section.text("No profile was written.");
        }
        else
        {
            section.table(null, t);
        }
        return Optional.of(section);
    }

    /** The files grouped by their benchmark's folder, in the order given. */
    private static Map<String, List<String>> byFolder(final String files)
    {
        final Map<String, List<String>> folders = new LinkedHashMap<>();
        if (files.isEmpty())
        {
            return folders;
        }
        for (final String file : files.split("\\s+"))
        {
            final int slash = file.lastIndexOf('/');
            final String dir = slash < 0 ? "" : file.substring(0, slash);
            folders.computeIfAbsent(dir.substring(dir.lastIndexOf('/') + 1), d -> new ArrayList<>()).add(file);
        }
        return folders;
    }

    /** A relative URL: every byte outside the unreserved and a few safe characters percent-encoded. */
    private static String href(final String path)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : path.getBytes(StandardCharsets.UTF_8))
        {
            final char c = (char)(b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/=,+".indexOf(c) >= 0))
            {
                sb.append(c);
            }
            else
            {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }
}
