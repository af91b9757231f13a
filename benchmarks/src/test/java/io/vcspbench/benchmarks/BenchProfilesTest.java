package io.vcspbench.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --prof}: parsing, the async-profiler probe's fallback to JFR, the stable folder names, the
 * filing of what JMH's profilers wrote, the JFR conversion, and one real profiled benchmark.
 */
class BenchProfilesTest
{
    @Test
    void shouldProfileNothingUnlessAsked()
    {
        final BenchLauncher.Settings s = BenchLauncher.Settings.parse(new String[0]);
        assertEquals("none", s.prof);
        assertFalse(BenchProfiles.plan(s.prof, failingProbe(), new PrintStream(new ByteArrayOutputStream())).enabled());
    }

    @Test
    void shouldAcceptAsyncAndJfrAndRefuseAnythingElseNamingTheAllowedValues()
    {
        assertEquals("async", BenchLauncher.Settings.parse(new String[] { "--prof", "async" }).prof);
        assertEquals("jfr", BenchLauncher.Settings.parse(new String[] { "--prof=jfr" }).prof);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BenchLauncher.Settings.parse(new String[] { "--prof", "perf" }));
        assertEquals("prof must be one of none|async|jfr, was 'perf'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchLauncher.Settings.parse(new String[] { "--prof" }));
    }

    @Test
    void shouldFallBackToJfrWithOneLineWhenAsyncProfilerCannotSample()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BenchProfiles plan = BenchProfiles.plan("async", failingProbe(), new PrintStream(out, true));

        assertEquals("jfr", plan.mode());
        assertNull(plan.event());
        final String notice = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, notice.lines().count(), notice);
        assertTrue(notice.contains("(no perf; no itimer); profiling with JFR instead"), notice);
        assertTrue(plan.description().contains("fallback from async"), plan.description());
    }

    @Test
    void shouldSayWhichEventAsyncProfilerSamples(@TempDir final Path dir)
    {
        final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        final BenchProfiles cpu = BenchProfiles.plan("async", () -> new BenchProfiles.Found(dir, "cpu"), quiet);
        final BenchProfiles itimer = BenchProfiles.plan("async", () -> new BenchProfiles.Found(dir, "itimer"), quiet);

        assertEquals("async", cpu.mode());
        assertTrue(cpu.description().endsWith("event=cpu (perf_events cpu-clock)"), cpu.description());
        assertTrue(itimer.description().endsWith("event=itimer (perf_events denied)"), itimer.description());
        assertTrue(itimer.jmhArgument(dir).startsWith("async:libPath=" + dir + ";output=flamegraph;direction=forward;event=itimer;"),
            itimer.jmhArgument(dir));
    }

    @Test
    void shouldNameAProfileAfterTheClassMethodAndParametersWithUrlSafeCharactersOnly()
    {
        final Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithm", "postcopy-prefetch");
        params.put("schedule", "100@0s,300 / x");
        assertEquals("MigrationBenchmark.migrate-algorithm=postcopy-prefetch,schedule=100_0s_300___x",
            BenchProfiles.folderName("io.vcspbench.benchmarks.MigrationBenchmark.migrate", params));
        assertEquals("PlainBulkStreamBenchmark.stream",
            BenchProfiles.folderName("io.vcspbench.benchmarks.PlainBulkStreamBenchmark.stream", Map.of()));
    }

    @Test
    void shouldFileWhatTheProfilerWroteUnderStableNamesAndEmptyTheScratchFolder(@TempDir final Path dir) throws IOException
    {
        // A pass that failed: no result names the folder, so it keeps JMH's name without the package.
        final Path scratch = BenchProfiles.scratch(dir);
        final Path trial = scratch.resolve("io.vcspbench.benchmarks.BitmapBenchmark.scan-AverageTime-memoryPages-16384");
        Files.createDirectories(trial);
        Files.writeString(trial.resolve("flame-itimer-forward.html"), "<html>flame</html>");
        final BenchProfiles async = BenchProfiles.plan("async", () -> new BenchProfiles.Found(dir, "itimer"),
            new PrintStream(new ByteArrayOutputStream()));

        final List<String> written = async.collect(List.of(), scratch, dir.resolve(BenchProfiles.FOLDER), System.out);

        assertEquals(List.of("profiles/BitmapBenchmark.scan-AverageTime-memoryPages-16384/flame.html"), written);
        assertEquals("<html>flame</html>", Files.readString(dir.resolve(written.get(0))));
        assertFalse(Files.exists(scratch), "the scratch folder is gone");
        assertTrue(BenchProfiles.clear(dir));
        assertFalse(Files.exists(dir.resolve(BenchProfiles.FOLDER)));
    }

    /**
     * A real run: one short benchmark through JMH with the profiler the host allows (async-profiler, or
     * JFR where it cannot sample), filed as the launcher files it; about 10 s.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldWriteARealFlameGraphOfOurFramesForAShortBenchmark(@TempDir final Path dir) throws Exception
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final BenchProfiles profiler = BenchProfiles.plan("async", BenchProfiles.hostProbe(java), System.out);
        final Path scratch = BenchProfiles.scratch(dir);
        final ChainedOptionsBuilder b = new OptionsBuilder()
            .include("^io\\.vcspbench\\.benchmarks\\.PageCopyBenchmark\\.unsafeCopyMemory$")
            .param("memoryPages", "256")
            .forks(1).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.seconds(1))
            .shouldFailOnError(true)
            .jvmArgsAppend(new ArrayList<>(BenchLauncher.Settings.parse(new String[0]).forkArgs()).toArray(new String[0]));
        profiler.addTo(b, scratch);
        // The test asserts no timing, so another JMH run on the machine (holding JMH's lock) need not fail it.
        final String ignoreLock = System.setProperty("jmh.ignoreLock", "true");
        final Collection<RunResult> results;
        try
        {
            results = new Runner(b.build()).run();
        }
        finally
        {
            if (ignoreLock == null)
            {
                System.clearProperty("jmh.ignoreLock");
            }
            else
            {
                System.setProperty("jmh.ignoreLock", ignoreLock);
            }
        }

        final List<String> written = profiler.collect(results, scratch, dir.resolve(BenchProfiles.FOLDER), System.out);

        final String name = "PageCopyBenchmark.unsafeCopyMemory-memoryPages=256";
        assertEquals("profiles/" + name + "/" + BenchProfiles.FLAME, written.get(0), written.toString());
        final String html = Files.readString(dir.resolve(written.get(0)));
        assertTrue(html.length() > 5_000, "a flame graph, not an empty page: " + html.length() + " chars");
        assertTrue(frames(html).contains("io/vcspbench/benchmarks/PageCopyBenchmark.unsafeCopyMemory"),
            "our frames are in it");
        System.out.println("profiled with " + profiler.description());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldTurnAJfrRecordingIntoAFlameGraphOfItsCpuSamples(@TempDir final Path dir) throws Exception
    {
        final Path jfr = dir.resolve(BenchProfiles.JFR);
        long sink = 0;
        // JMH's JFR profiler records with the profile settings; the converter finds no samples in a recording
        // of jdk.ExecutionSample alone.
        try (Recording recording = new Recording(Configuration.getConfiguration("profile")))
        {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            recording.start();
            final long end = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end)
            {
                sink += spin(sink);
            }
            recording.stop();
            recording.dump(jfr);
        }
        final Path html = dir.resolve(BenchProfiles.FLAME);

        BenchProfiles.toFlameGraph(jfr, html, "spin");

        final List<String> frames = frames(Files.readString(html));
        assertTrue(frames.contains("io/vcspbench/benchmarks/BenchProfilesTest.spin"),
            "the sampled method is in the graph (sink " + sink + "): " + frames);
    }

    private static long spin(final long seed)
    {
        long x = seed;
        for (int i = 0; i < 10_000; i++)
        {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    /**
     * The frame names of async-profiler's flame graph HTML: its {@code cpool} array, "all" first, then
     * each entry a character giving how many leading characters it shares with the one before (from
     * {@code ' '}, 0) and the rest.
     */
    private static List<String> frames(final String html)
    {
        final List<String> frames = new ArrayList<>();
        final int start = html.indexOf("const cpool = [");
        assertTrue(start >= 0, "no cpool: not async-profiler's flame graph");
        String previous = "";
        for (final String line : html.substring(start).lines().skip(1).toList())
        {
            if (!line.startsWith("'"))
            {
                break;
            }
            // A JavaScript string: a shared length of 7 or 60 is an escaped quote or backslash.
            final String entry = line.substring(1, line.lastIndexOf('\'')).replaceAll("\\\\(.)", "$1");
            final String name = frames.isEmpty() ? entry : previous.substring(0, entry.charAt(0) - ' ') + entry.substring(1);
            frames.add(name);
            previous = name;
        }
        return frames;
    }

    private static BenchProfiles.Probe failingProbe()
    {
        return () ->
        {
            throw new IOException("no perf\nno itimer\n");
        };
    }
}
