package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the folders a run writes into so that results never overwrite each other: a named
 * folder the user gave, or a new time-stamped one under a results root, with one sub-folder per
 * repeat. Stateless and thread-safe; two processes naming folders in the same second still get
 * different ones because a folder is claimed by creating it.
 */
public final class ResultFolders
{
    /** The sub-folder of repeat {@code i} (from 1) when a run repeats. */
    public static final String REPEAT_PREFIX = "repeat-";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int MAX_SUFFIX = 10_000;

    private ResultFolders()
    {
    }

    /**
     * @param config       what runs.
     * @param startEpochMs when, ms since the epoch.
     * @param zone         the zone the time stamp is written in.
     * @return the folder name {@code <yyyyMMdd-HHmmss>-<algorithm>-E<e>-N<n>}.
     */
    public static String defaultName(final MigrationConfig config, final long startEpochMs, final ZoneId zone)
    {
        return STAMP.format(Instant.ofEpochMilli(startEpochMs).atZone(zone)) + '-' + config.algorithm().cliName() +
            "-E" + config.throttlePercent() + "-N" + config.prefetchPages();
    }

    /**
     * Creates a new folder {@code root/name}, or {@code root/name-2}, {@code -3}, … when that exists.
     *
     * @param root the results root; created when missing.
     * @param name the wanted folder name.
     * @return the folder created, which nobody else can have claimed.
     * @throws IOException when no folder can be created.
     */
    public static Path claimNew(final Path root, final String name) throws IOException
    {
        Files.createDirectories(root);
        for (int suffix = 1; suffix <= MAX_SUFFIX; suffix++)
        {
            final Path candidate = root.resolve(suffix == 1 ? name : name + "-" + suffix);
            try
            {
                // createDirectory, not exists-then-create: it fails atomically if another run got there first.
                return Files.createDirectory(candidate);
            }
            catch (final FileAlreadyExistsException ex)
            {
                // Taken; try the next suffix.
            }
        }
        throw new IOException("more than " + MAX_SUFFIX + " folders named " + root.resolve(name) + "-N already exist");
    }

    /**
     * @param base    the run's folder.
     * @param repeats how many times the run repeats, at least 1.
     * @return the folder of each repeat: {@code base} itself for one, else {@code base/repeat-1} … {@code base/repeat-R}.
     */
    public static List<Path> repeatFolders(final Path base, final int repeats)
    {
        final List<Path> folders = new ArrayList<>(repeats);
        if (repeats == 1)
        {
            folders.add(base);
        }
        else
        {
            for (int i = 1; i <= repeats; i++)
            {
                folders.add(base.resolve(REPEAT_PREFIX + i));
            }
        }
        return folders;
    }

    /**
     * @param folder a folder a run would write into.
     * @return the first result file it already holds, or null when writing there overwrites nothing.
     */
    public static Path existingResult(final Path folder)
    {
        for (final String file : ResultWriter.RESULT_FILES)
        {
            final Path path = folder.resolve(file);
            if (Files.exists(path))
            {
                return path;
            }
        }
        return null;
    }

    /**
     * Prepares a folder the user named with {@code --out}: it must be named, not be a file, hold no
     * result in any run folder planned inside it and otherwise be empty; it is created if missing.
     *
     * @param out     the folder given.
     * @param planned the run folders that will be written inside it.
     * @return null when ready, else a one-line reason naming --out.
     */
    public static String prepareOut(final Path out, final Iterable<Path> planned)
    {
        if (out.toString().isBlank())
        {
            return "--out must name a folder, was empty; give a new or empty folder";
        }
        if (Files.exists(out) && !Files.isDirectory(out))
        {
            return "--out " + out + " is a file; give a new or empty folder";
        }
        for (final Path folder : planned)
        {
            final Path existing = existingResult(folder);
            if (existing != null)
            {
                return "--out " + out + " already holds a result (" + existing +
                    "); results never overwrite each other, give a new or empty folder";
            }
        }
        final String first = firstEntry(out);
        if (first != null)
        {
            return "--out " + out + " is not empty (it holds " + first + "); give a new or empty folder, so results " +
                "never mix with other files";
        }
        try
        {
            Files.createDirectories(out);
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return "--out " + out + " cannot be created (" + OneLineErrors.oneLine(ex) + "); give a writable folder";
        }
    }

    private static String firstEntry(final Path folder)
    {
        if (!Files.isDirectory(folder))
        {
            return null;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(folder))
        {
            return entries.map(p -> "'" + p.getFileName() + "'").sorted().findFirst().orElse(null);
        }
        catch (final IOException | RuntimeException ex)
        {
            return null; // unreadable: creating it below says why
        }
    }
}
