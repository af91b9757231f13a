package io.vcspbench.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The floors of core, read from the main sources as text: {@code migration} composes the packages
 * below it and none of them may reach back up, and {@code memory}, which defines the page size, is
 * the lowest floor and depends on no other package of core; {@code storage} (shared storage) uses only
 * memory, metrics and control, so the link and both sides of the engine may use it; {@code jfr} (the
 * Flight Recorder events) sits beside memory on the lowest floor, so that every package may emit them.
 */
class LayeringTest
{
    private static final Path CORE_SOURCES = Path.of("src", "main", "java", "io", "vcspbench", "core");
    private static final String PREFIX = "io.vcspbench.core.";
    private static final String TOP = "migration";
    private static final Set<String> BELOW_MIGRATION =
        Set.of("memory", "jfr", "link", "cpu", "destination", "source", "workload", "metrics", "control", "storage");
    /** The lowest floor: packages that depend on no other package of core. */
    private static final Set<String> LOWEST = Set.of("memory", "jfr");
    /** What storage may use: it sits low, so that link, source and destination may all use it. */
    private static final Set<String> STORAGE_MAY_USE = Set.of("storage", "memory", "metrics", "control");

    @Test
    void shouldPlaceEveryPackageOfCoreOnAKnownFloor() throws IOException
    {
        final Set<String> expected = new TreeSet<>(BELOW_MIGRATION);
        expected.add(TOP);
        final Set<String> found = new TreeSet<>();
        try (Stream<Path> children = Files.list(coreSources()))
        {
            children.filter(Files::isDirectory).forEach(p -> found.add(p.getFileName().toString()));
        }
        assertEquals(expected, found,
            "a new package of core must be placed on a floor: add it to " + LayeringTest.class.getSimpleName());
    }

    @Test
    void shouldNotReferToMigrationFromAnyPackageBelowIt() throws IOException
    {
        final List<String> offences = new ArrayList<>();
        for (final String pkg : BELOW_MIGRATION)
        {
            offences.addAll(references(pkg, PREFIX + TOP + "."));
        }
        assertTrue(offences.isEmpty(),
            "packages below " + TOP + " must not depend on it:\n" + String.join("\n", offences));
    }

    @Test
    void shouldKeepMemoryAndTheEventsTheLowestFloor() throws IOException
    {
        final List<String> offences = new ArrayList<>();
        for (final String pkg : LOWEST)
        {
            for (final String line : references(pkg, PREFIX))
            {
                if (!line.contains(PREFIX + pkg + "."))
                {
                    offences.add(line);
                }
            }
        }
        assertTrue(offences.isEmpty(),
            LOWEST + " must depend on no other package of core:\n" + String.join("\n", offences));
    }

    @Test
    void shouldLetStorageDependOnMemoryMetricsAndControlOnly() throws IOException
    {
        final List<String> offences = new ArrayList<>();
        for (final String line : references("storage", PREFIX))
        {
            if (STORAGE_MAY_USE.stream().noneMatch(pkg -> line.contains(PREFIX + pkg + ".")))
            {
                offences.add(line);
            }
        }
        assertTrue(offences.isEmpty(),
            "storage may depend only on " + STORAGE_MAY_USE + " of core:\n" + String.join("\n", offences));
    }

    private static Path coreSources()
    {
        // Surefire runs the tests in the module's folder.
        assertTrue(Files.isDirectory(CORE_SOURCES), "core's sources not found at " + CORE_SOURCES.toAbsolutePath());
        return CORE_SOURCES;
    }

    /**
     * @return "file:line: text" for every line of the package's sources that names {@code target},
     * in an import or as a qualified name.
     */
    private static List<String> references(final String pkg, final String target) throws IOException
    {
        final Path dir = coreSources().resolve(pkg);
        final List<String> found = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return found;
        }
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(dir))
        {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (final Path file : files)
        {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++)
            {
                final String line = lines.get(i);
                if (line.contains(target) && !line.startsWith("package "))
                {
                    found.add(CORE_SOURCES.relativize(file) + ":" + (i + 1) + ": " + line.trim());
                }
            }
        }
        return found;
    }
}
