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
        // postcopy 1, postcopy-prefetch N{1,10} 2, vcsp E{50,100} 2, vcsp-prefetch 4
        assertEquals(9, points);
    }

    @Test
    void shouldCoverEveryBenchmarkClassInBothPresets()
    {
        for (final BenchPreset preset : BenchPreset.values())
        {
            final List<String> classes = preset.passes(null).stream().map(BenchPass::benchmark).distinct().toList();
            assertEquals(List.of("FaultLatencyBenchmark", "PlainRequestResponseBenchmark", "MigrationBenchmark",
                "ThrottlerBenchmark", "BitmapBenchmark", "PageCopyBenchmark"), classes, preset.cliName());
        }
    }

    @Test
    void shouldAskTheFaultAndPlainBenchmarksForTheSamePoints()
    {
        final List<BenchPass> passes = BenchPreset.SHORT.passes("Fault|Plain");
        assertEquals(2, passes.size());
        for (final String name : List.of("link", "pages", "waitStrategy"))
        {
            assertEquals(passes.get(0).params().get(name), passes.get(1).params().get(name), name);
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
            "--out", dir.toString(), "--label", "dry", "--dry-run", "--include", "Bitmap" });
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
    }
}
