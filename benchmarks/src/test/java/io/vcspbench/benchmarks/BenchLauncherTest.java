package io.vcspbench.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench launcher's grids and options, without running a benchmark.
 */
class BenchLauncherTest
{
    @Test
    void shouldRunOnlyTheMigrationPointsThatDifferInTheShortPreset()
    {
        final int points = BenchPreset.SHORT.passes(null).stream()
            .filter(p -> p.benchmark().equals("MigrationBenchmark")).mapToInt(BenchPass::combinations).sum();
        // postcopy 1, postcopy-prefetch N{1,10} 2, vcsp E{50,100} 2, vcsp-prefetch 4; then precopy,
        // precopy-throttled and auto-converge at two dirty rates each (their policies set E, N is 1)
        assertEquals(9 + 6, points);
    }

    @Test
    void shouldCoverEveryBenchmarkClassInBothPresets()
    {
        for (final BenchPreset preset : BenchPreset.values())
        {
            final List<String> classes = preset.passes(null).stream().map(BenchPass::benchmark).distinct().toList();
            assertEquals(List.of("FaultLatencyBenchmark", "PlainRequestResponseBenchmark", "FaultUnderLoadBenchmark",
                "PlainUnderLoadBenchmark", "PlainBulkStreamBenchmark", "FaultBackendBenchmark", "MigrationBenchmark",
                "ThrottlerBenchmark", "ThrottlerAccuracyBenchmark", "BitmapBenchmark", "DirtyTrackingBenchmark",
                "PageCopyBenchmark"), classes,
                preset.cliName());
        }
    }

    @Test
    void shouldMeasureTheThrottlerAtEveryEWithIterationsOfAtLeastASecond()
    {
        for (final BenchPreset preset : BenchPreset.values())
        {
            final BenchPass pass = preset.passes("ThrottlerAccuracy").get(0);
            assertEquals(List.of("25", "50", "75", "100"), pass.params().get("throttlePercent"), preset.cliName());
            assertTrue(pass.measureMillis() >= 1000 && pass.measureIterations() >= 3, preset.cliName());
        }
    }

    @Test
    void shouldGiveEveryPointEnoughSamplesForTwoLabelsToBeToldApart()
    {
        // The report's Mann-Whitney test at alpha 0.05: 3+3 can never be significant, 5+5 can (p = 0.008).
        for (final BenchPreset preset : BenchPreset.values())
        {
            for (final BenchPass pass : preset.passes(null))
            {
                assertTrue(pass.forks() * pass.measureIterations() >= 5, preset.cliName() + " " + pass.benchmark());
            }
        }
    }

    @Test
    void shouldKeepTheShortPresetsSteadyStateMeasurementAsLongAsThreeSecondsAPoint()
    {
        final BenchPass pass = BenchPreset.SHORT.passes("PageCopy").get(0);

        assertEquals(3000, pass.measureIterations() * pass.measureMillis());
        assertTrue(String.join(" ", pass.commandLine(List.of())).contains("-w 1000ms -i 6 -r 500ms"),
            pass.commandLine(List.of()).toString());
    }

    @Test
    void shouldRefuseASweepWithoutTheHarnessJarOrWithAnUnknownPreset()
    {
        final IllegalArgumentException noJar = assertThrows(IllegalArgumentException.class,
            () -> BenchLauncher.Settings.parse(new String[] { "--sweep", "quick" }));
        assertTrue(noJar.getMessage().contains("needs --harness-jar"), noJar.getMessage());
        final IllegalArgumentException preset = assertThrows(IllegalArgumentException.class,
            () -> BenchLauncher.Settings.parse(new String[] { "--sweep", "huge", "--harness-jar", "x.jar" }));
        assertTrue(preset.getMessage().contains("quick|paper|none"), preset.getMessage());
        assertFalse(BenchLauncher.Settings.parse(new String[] { "--sweep=none", "--harness-jar=" }).sweeps());
    }

    @Test
    void shouldRunTheSweepOnTheForksJvmAndArgumentsIntoTheLabelsRunsFolder(@TempDir final Path dir)
    {
        final BenchLauncher.Settings s = BenchLauncher.Settings.parse(new String[] {
            "--jvm=/opt/jdk25/bin/java", "--jvm-flags=--add-opens java.base/java.nio=ALL-UNNAMED", "--jvm-args=-Xmx1g",
            "--sweep", "quick", "--harness-jar", dir.resolve("vcsp.jar").toString() });

        assertEquals(List.of("/opt/jdk25/bin/java", "--add-opens", "java.base/java.nio=ALL-UNNAMED", "-Xmx1g", "-jar",
            dir.resolve("vcsp.jar").toString(), "sweep", "--preset", "quick", "--out", dir.resolve("runs").toString(),
            "--progress", "never", "--repeat", "5"), s.sweepCommand(dir.resolve("runs")));
    }

    @Test
    void shouldReplaceAnEarlierSweepButNothingElse(@TempDir final Path dir) throws Exception
    {
        final Path sweep = dir.resolve("runs");
        Files.createDirectories(sweep.resolve("p001-r1"));
        Files.writeString(sweep.resolve(HarnessSweep.RUNS_CSV), "algorithm\n");
        Files.writeString(sweep.resolve("p001-r1/result.json"), "{}");
        HarnessSweep.clear(sweep);
        assertFalse(Files.exists(sweep), "an earlier sweep is removed");

        final Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        final java.io.IOException e = assertThrows(java.io.IOException.class, () -> HarnessSweep.clear(other));
        assertTrue(e.getMessage().contains("not an earlier sweep"), e.getMessage());
        assertTrue(Files.exists(other.resolve("notes.txt")), "left alone");
    }

    @Test
    void shouldAskTheFaultAndPlainBenchmarksForTheSamePoints()
    {
        final List<BenchPass> passes = BenchPreset.SHORT.passes("FaultLatency|PlainRequest");
        assertEquals(2, passes.size());
        for (final String name : List.of("link", "pages", "waitStrategy"))
        {
            assertEquals(passes.get(0).params().get(name), passes.get(1).params().get(name), name);
        }
    }

    @Test
    void shouldAskTheLoadedFaultAndPlainBenchmarksForTheSamePoints()
    {
        final List<BenchPass> passes = BenchPreset.SHORT.passes("UnderLoad");
        assertEquals(2, passes.size());
        for (final String name : List.of("bandwidthMbit", "pages", "waitStrategy"))
        {
            assertEquals(passes.get(0).params().get(name), passes.get(1).params().get(name), name);
        }
    }

    @Test
    void shouldMeasureTheUffdBackendAndItsFloorOnlyWhereTheForksCanRunThem()
    {
        for (final BenchPreset preset : BenchPreset.values())
        {
            final BenchPass with = preset.passes("FaultBackend", true).get(0);
            final BenchPass without = preset.passes("FaultBackend", false).get(0);
            assertEquals(List.of("mmu", "uffd", "floor"), with.params().get("backend"));
            assertEquals(List.of("mmu"), without.params().get("backend"));
            assertEquals(List.of("off", "on"), with.params().get("push"));
            assertEquals(with.params().get("pages"), without.params().get("pages"));
        }
    }

    @Test
    void shouldRefuseABadPresetOrLabelWithTheAllowedValues()
    {
        final IllegalArgumentException preset = assertThrows(IllegalArgumentException.class,
            () -> BenchLauncher.Settings.parse(new String[] { "--preset", "huge" }));
        assertTrue(preset.getMessage().contains("short|full"), preset.getMessage());
        final IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
            () -> BenchLauncher.Settings.parse(new String[] { "--label=../x" }));
        assertTrue(label.getMessage().contains("names a folder"), label.getMessage());
    }

    @Test
    void shouldGiveTheForksTheProjectFlagsThenTheExtraArguments()
    {
        final BenchLauncher.Settings s = BenchLauncher.Settings.parse(new String[] {
            "--jvm-flags=--add-opens java.base/java.nio=ALL-UNNAMED", "--jvm-args", " -Xmx1g  -XX:+UseSerialGC ", "--jvm=" });
        assertEquals(List.of("--add-opens", "java.base/java.nio=ALL-UNNAMED", "-Xmx1g", "-XX:+UseSerialGC"), s.forkArgs());
        assertTrue(s.forkJvm().endsWith("java"));
    }

    @Test
    void shouldCarryTheRootPomJvmFlagsInTheJar()
    {
        final String flags = BenchLauncher.Settings.bakedJvmFlags();
        assertTrue(flags.contains("--add-opens java.base/jdk.internal.misc=ALL-UNNAMED"), flags);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldWriteTheEnvironmentBesideTheResultsOnADryRun(@TempDir final Path dir) throws Exception
    {
        final BenchLauncher.Settings s = BenchLauncher.Settings.parse(new String[] {
            "--out", dir.toString(), "--label", "dry", "--dry-run", "--include", "Bitmap",
            "--sweep", "quick", "--harness-jar", dir.resolve("missing.jar").toString() });
        assertEquals(0, BenchLauncher.run(s));
        final JsonNode env = new ObjectMapper().readTree(dir.resolve("dry/environment.json").toFile());
        assertEquals("dry", env.get("label").asText());
        assertTrue(env.get("cores").asInt() >= 1);
        for (final String key : List.of("jvmName", "jvmVersion", "javaVersion", "jvmArgs", "cpuModel", "os", "kernel"))
        {
            assertTrue(env.has(key), key);
        }
        assertEquals(1, env.get("passes").size());
        assertFalse(Files.exists(dir.resolve("dry/jmh.json")), "a dry run measures nothing");
        assertTrue(env.get("sweep").asText().contains("sweep --preset quick --out " + dir.resolve("dry/runs")),
            env.get("sweep").asText());
        assertFalse(Files.exists(dir.resolve("dry/runs")), "nor sweeps");
    }
}
