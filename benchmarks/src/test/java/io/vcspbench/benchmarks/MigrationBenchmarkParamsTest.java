package io.vcspbench.benchmarks;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.Settings;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

import java.lang.reflect.Field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationBenchmarkParamsTest
{
    @Test
    void shouldNameEveryParameterAfterASettingOfTheTable()
    {
        for (final Field field : MigrationBenchmark.class.getFields())
        {
            if (field.isAnnotationPresent(Param.class))
            {
                assertNotNull(Settings.byKey(field.getName()), field.getName() + " is not in Settings.ALL");
            }
        }
    }

    @Test
    void shouldBuildTheConfigurationOfTheParametersThroughTheTable() throws Exception
    {
        final MigrationBenchmark benchmark = defaults();
        benchmark.algorithm = "precopy-throttled";
        benchmark.pattern = "writer";
        benchmark.dirtyRateMbit = 300;
        benchmark.jinC = 0.5;

        final MigrationConfig config = MigrationBenchmark.configOf(benchmark);

        assertEquals("precopy-throttled", config.algorithm().cliName());
        assertEquals(0.5, config.jinC());
        assertEquals(300, config.dirtyRateMbit());
        assertEquals(benchmark.memoryMiB, config.memoryMiB());
    }

    @Test
    void shouldRefuseAParameterOutOfTheSettingsRangeNamingIt() throws Exception
    {
        final MigrationBenchmark benchmark = defaults();
        benchmark.throttlePercent = 150;

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MigrationBenchmark.configOf(benchmark));
        assertTrue(e.getMessage().startsWith("throttlePercent must be in [1, 100]"), e.getMessage());
    }

    /** A benchmark with the first value of each {@code @Param}, as JMH fills it in. */
    private static MigrationBenchmark defaults() throws Exception
    {
        final MigrationBenchmark b = new MigrationBenchmark();
        for (final Field f : MigrationBenchmark.class.getFields())
        {
            final Param p = f.getAnnotation(Param.class);
            if (p == null)
            {
                continue;
            }
            final String v = p.value()[0];
            if (f.getType() == int.class)
            {
                f.setInt(b, Integer.parseInt(v));
            }
            else if (f.getType() == long.class)
            {
                f.setLong(b, Long.parseLong(v));
            }
            else if (f.getType() == double.class)
            {
                f.setDouble(b, Double.parseDouble(v));
            }
            else
            {
                f.set(b, v);
            }
        }
        return b;
    }
}
