package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The K-th of N disjoint slices of a sweep's grid ({@code sweep --shard K/N}): point p belongs to
 * shard ((p - 1) mod N) + 1, so each shard gets every N-th point with all its repeats, and the shards
 * of a grid take about as long each. Also the manifest every sweep folder holds, {@code sweep.json}:
 * the grid's options, the shard, the points and repeats, which {@code vcsp report} reads to merge
 * shards back into the one sweep. Immutable and thread-safe.
 *
 * @param index which slice, from 1.
 * @param count how many slices.
 */
record SweepShard(int index, int count)
{
    /** The manifest's file name in a sweep folder. */
    static final String MANIFEST = "sweep.json";

    /** The whole grid: one shard of one. */
    static final SweepShard WHOLE = new SweepShard(1, 1);

    /** Most shards a grid may be cut into. */
    static final int MAX_COUNT = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a sweep folder's manifest says.
     *
     * @param args    the options that define the grid, as typed (without --out, --shard, --progress).
     * @param shard   which slice the folder holds.
     * @param points  the points of the whole grid.
     * @param repeats repeats per point.
     */
    record Manifest(List<String> args, SweepShard shard, int points, int repeats)
    {
    }

    /**
     * @param text what the user typed, "K/N".
     * @return the shard.
     * @throws IllegalArgumentException naming the option and what it allows.
     */
    static SweepShard parse(final String text)
    {
        final int slash = text.indexOf('/');
        try
        {
            if (slash > 0)
            {
                final int k = Integer.parseInt(text.substring(0, slash).strip());
                final int n = Integer.parseInt(text.substring(slash + 1).strip());
                if (n >= 1 && n <= MAX_COUNT && k >= 1 && k <= n)
                {
                    return new SweepShard(k, n);
                }
            }
        }
        catch (final NumberFormatException ex)
        {
            // said below
        }
        throw new IllegalArgumentException("--shard must be K/N with 1 <= K <= N <= " + MAX_COUNT + " (e.g. 2/4), was '" +
            text + "'");
    }

    /** @return whether this is the whole grid. */
    boolean whole()
    {
        return count == 1;
    }

    /**
     * @param point a point of the grid.
     * @return whether it belongs to this shard.
     */
    boolean owns(final SweepPoint point)
    {
        return (point.number() - 1) % count == index - 1;
    }

    /**
     * @param points the grid's points.
     * @return those of this shard, in grid order.
     */
    List<SweepPoint> of(final List<SweepPoint> points)
    {
        final List<SweepPoint> mine = new ArrayList<>();
        for (final SweepPoint p : points)
        {
            if (owns(p))
            {
                mine.add(p);
            }
        }
        return mine;
    }

    @Override
    public String toString()
    {
        return index + "/" + count;
    }

    /**
     * Writes {@code sweep.json} into a sweep folder; it must not exist yet.
     *
     * @param folder   the sweep folder.
     * @param manifest what to write.
     * @throws IOException when it cannot be written.
     */
    static void write(final Path folder, final Manifest manifest) throws IOException
    {
        final ObjectNode root = JSON.createObjectNode();
        root.put("schema", 1);
        root.put("shard", manifest.shard().toString());
        root.put("points", manifest.points());
        root.put("repeats", manifest.repeats());
        manifest.args().forEach(root.putArray("args")::add);
        Files.writeString(folder.resolve(MANIFEST), JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * @param folder a folder.
     * @return whether it holds a sweep manifest.
     */
    static boolean hasManifest(final Path folder)
    {
        return Files.isRegularFile(folder.resolve(MANIFEST));
    }

    /**
     * @param folder a sweep folder.
     * @return its manifest.
     * @throws IOException when it cannot be read.
     * @throws IllegalArgumentException naming the file when it is not a sweep manifest.
     */
    static Manifest read(final Path folder) throws IOException
    {
        final Path file = folder.resolve(MANIFEST);
        final JsonNode root;
        try
        {
            root = JSON.readTree(file.toFile());
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new IllegalArgumentException(file + " is not a sweep manifest: " + OneLineErrors.oneLine(ex));
        }
        if (root == null || root.path("schema").asInt() != 1 || !root.path("args").isArray() ||
            !root.path("shard").isTextual())
        {
            throw new IllegalArgumentException(file + " is not a sweep manifest of schema 1");
        }
        final List<String> args = new ArrayList<>();
        root.path("args").forEach(a -> args.add(a.asText()));
        return new Manifest(args, parse(root.path("shard").asText()), root.path("points").asInt(),
            root.path("repeats").asInt());
    }
}
