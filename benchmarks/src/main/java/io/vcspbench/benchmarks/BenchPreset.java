package io.vcspbench.benchmarks;

import io.vcspbench.core.migration.Algorithm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The grids the bench launcher runs. {@code short} is the CI job's default, about six
 * minutes on two cores: one fork, 2 × 1 s warm-up and 6 × 500 ms measurement for steady-state benchmarks,
 * one warm-up and five measured migrations per point. {@code full} widens every grid and lengthens
 * every run (roughly an hour and a half on two cores). Either gives every point at least five samples
 * a label, so the report's comparison of two labels (a Mann–Whitney test per point, as benchstat's)
 * can tell a real change from noise: at 3+3 no difference could reach p ≤ 0.05, at 5+5 one that does
 * not overlap gives p = 0.008, at 6+6 0.002.
 */
enum BenchPreset
{
    /** The CI default. */
    SHORT,
    /** Every grid the DESIGN asks for. */
    FULL;

    /**
     * @param name {@code short} or {@code full}.
     * @return the preset.
     * @throws IllegalArgumentException naming the allowed values.
     */
    static BenchPreset fromName(final String name)
    {
        for (final BenchPreset p : values())
        {
            if (p.cliName().equals(name))
            {
                return p;
            }
        }
        throw new IllegalArgumentException("preset must be one of short|full, was '" + name + "'");
    }

    /** @return the name on the command line and in environment.json. */
    String cliName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param include regular expression a benchmark class's simple name must contain, or null for all.
     * @return the passes of this preset, in run order.
     */
    List<BenchPass> passes(final String include)
    {
        return passes(include, true);
    }

    /**
     * @param include regular expression a benchmark class's simple name must contain, or null for all.
     * @param uffd    whether the forks can run the uffd fault backend (Java 22+, Linux, a build made on a
     *                JDK 22+): without it the fault-backend pass measures the quasi-MMU only.
     * @return the passes of this preset, in run order.
     */
    List<BenchPass> passes(final String include, final boolean uffd)
    {
        final boolean full = this == FULL;
        final int forks = full ? 2 : 1;
        final int wi = full ? 5 : 2;
        final int w = full ? 2000 : 1000;
        // Six half-second iterations measure as long as three of a second did, and give six samples a label.
        final int i = full ? 5 : 6;
        final int r = full ? 2000 : 500;
        // Migrations are single-shot: five a point, each label, so that two labels can be told apart.
        final int migrations = 5;
        final List<String> links = List.of("ipc", "tcp");
        final List<String> pages = full ? List.of("1", "10", "32", "64") : List.of("1", "10", "64");
        // block is the migrations' default; spin the polling floor; backoff the old default, in the full grid.
        final List<String> waits = full ? List.of("spin", "backoff", "block") : List.of("spin", "block");

        final List<BenchPass> passes = new ArrayList<>();
        passes.add(new BenchPass("FaultLatencyBenchmark", BenchPass.grid(
            "link", links, "pages", pages, "waitStrategy", waits,
            "checkCrc", full ? List.of("true", "false") : List.of("true")), forks, wi, w, i, r));
        passes.add(new BenchPass("PlainRequestResponseBenchmark", BenchPass.grid(
            "link", links, "pages", pages, "waitStrategy", waits), forks, wi, w, i, r));

        // A fault while the push streams, unpaced and paced at the paper's 1 Gbit/s, beside the plain
        // request/response under a plain bulk stream (same threads, no framing).
        final List<String> bandwidths = List.of("0", "1000");
        passes.add(new BenchPass("FaultUnderLoadBenchmark", BenchPass.grid(
            "link", List.of("tcp"), "bandwidthMbit", bandwidths, "pages", pages, "waitStrategy", List.of("block")),
            forks, wi, w, i, r));
        passes.add(new BenchPass("PlainUnderLoadBenchmark", BenchPass.grid(
            "bandwidthMbit", bandwidths, "pages", pages, "waitStrategy", List.of("block")), forks, wi, w, i, r));
        passes.add(new BenchPass("PlainBulkStreamBenchmark", BenchPass.grid(), forks, wi, w, i, r));

        // Real faults (userfaultfd) beside the quasi-MMU and beside the kernel's own round trip, idle and
        // under a 1 Gbit/s push. Every iteration is a fresh migration whose memory its faults use up (an
        // idle quasi-MMU fault of 10 pages takes about 11 µs): half-second iterations in both presets, more
        // of them in the full one, and N up to 10.
        passes.add(new BenchPass("FaultBackendBenchmark", BenchPass.grid(
            "backend", uffd ? List.of("mmu", "uffd", "floor") : List.of("mmu"),
            "push", List.of("off", "on"),
            "pages", List.of("1", "10")), forks, wi, 500, full ? 10 : 6, 500));

        final List<String> throttles = full ? List.of("25", "50", "75", "100") : List.of("50", "100");
        final List<String> prefetches = full ? List.of("1", "10", "32") : List.of("1", "10");
        for (final String name : List.of("postcopy", "postcopy-prefetch", "vcsp", "vcsp-prefetch"))
        {
            // E and N only where the algorithm uses them: anything else would repeat a run under another name.
            final Algorithm algorithm = Algorithm.fromCliName(name);
            passes.add(new BenchPass("MigrationBenchmark", BenchPass.grid(
                "algorithm", List.of(name),
                "throttlePercent", algorithm.throttled() ? throttles : List.of("100"),
                "prefetchPages", algorithm.prefetching() ? prefetches : List.of("1"),
                "workloadMiB", List.of("32"),
                "memoryMiB", List.of("64"),
                "pattern", full ? List.of("window", "random") : List.of("window"),
                "link", full ? links : List.of("ipc"),
                "bandwidthMbit", List.of("1000")), 1, full ? 2 : 1, 0, migrations, 0));
        }

        // Pre-copy against the writer on a 200 Mbit/s link, below and beyond Jin's barrier. Plain precopy
        // beyond it runs all 30 rounds of the whole working set: 10 s a migration on 8 MiB (the short
        // preset, 50% and 150% of the link, about 150 s in all with five migrations a point), 20 s on
        // 16 MiB (the full preset, about 25 minutes over five rates and both links).
        final List<String> dirtyRates = full ? List.of("50", "100", "150", "200", "300") : List.of("100", "300");
        final String precopyMiB = full ? "16" : "8";
        for (final String name : List.of("precopy", "precopy-throttled", "auto-converge"))
        {
            passes.add(new BenchPass("MigrationBenchmark", BenchPass.grid(
                "algorithm", List.of(name),
                "throttlePercent", List.of("100"),
                "prefetchPages", List.of("1"),
                "workloadMiB", List.of(precopyMiB),
                "memoryMiB", List.of(precopyMiB),
                "pattern", List.of("writer"),
                "link", full ? links : List.of("ipc"),
                "bandwidthMbit", List.of("200"),
                "dirtyRateMbit", dirtyRates,
                "maxRounds", List.of("30")), 1, full ? 2 : 1, 0, migrations, 0));
        }

        passes.add(new BenchPass("ThrottlerBenchmark", BenchPass.grid(), forks, wi, w, i, r));
        // Every E in both presets: about 35 s in the short one. An iteration of at least a second is a
        // hundred duty-cycle periods, enough for the achieved share to settle; five of them a point.
        passes.add(new BenchPass("ThrottlerAccuracyBenchmark", BenchPass.grid(
            "throttlePercent", List.of("25", "50", "75", "100")), forks, wi, w, 5, full ? 2000 : 1000));
        passes.add(new BenchPass("BitmapBenchmark", BenchPass.grid(
            "memoryPages", full ? List.of("16384", "262144") : List.of("262144")), forks, wi, w, i, r));
        passes.add(new BenchPass("DirtyTrackingBenchmark", BenchPass.grid(
            "memoryPages", List.of("16384"), "order", List.of("sequential", "random")), forks, wi, w, i, r));
        passes.add(new BenchPass("PageCopyBenchmark", BenchPass.grid(
            "memoryPages", full ? List.of("256", "16384") : List.of("256")), forks, wi, w, i, r));

        if (include == null || include.isEmpty())
        {
            return passes;
        }
        final Pattern filter = Pattern.compile(include);
        final List<BenchPass> selected = new ArrayList<>();
        for (final BenchPass p : passes)
        {
            if (filter.matcher(p.benchmark()).find())
            {
                selected.add(p);
            }
        }
        return selected;
    }
}
