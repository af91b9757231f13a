package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigOptionsTest
{
    @Test
    void shouldHaveAnOptionForEverySettingOfTheConfiguration()
    {
        final Set<String> keys = MigrationConfig.builder().build().toMap().keySet();

        assertEquals(keys, ConfigOptions.optionsByKey().keySet());
    }

    @Test
    void shouldDeclareEveryMappedOptionOnTheRunCommand()
    {
        final CommandLine run = RunCommand.commandLine(c -> null, Path.of("unused"), Clock.systemUTC());

        for (final String option : ConfigOptions.optionsByKey().values())
        {
            assertNotNull(run.getCommandSpec().findOption(option), option);
        }
    }

    @Test
    void shouldRewriteTheLeadingFieldOfABuilderMessageAsItsOption()
    {
        assertEquals("--throttle must be in [1, 100], was 150",
            ConfigOptions.inOptionNames("throttlePercent must be in [1, 100], was 150"));
        assertEquals("--link must be set", ConfigOptions.inOptionNames("link must be set"));
    }

    @Test
    void shouldRewriteCamelCaseFieldsButNotPlainWordsFurtherIn()
    {
        assertEquals("--dirty-rate-mbit must be > 0 for the pattern writer, see --memory-mib",
            ConfigOptions.inOptionNames("dirtyRateMbit must be > 0 for the pattern writer, see memoryMiB"));
    }

    @Test
    void shouldPointAtMemoryWhenTheWorkingSetIsTooLarge()
    {
        final String message = ConfigOptions.inOptionNames("workloadMiB must be in [1, 64], was 128");

        assertTrue(message.startsWith("--workload-mib must be in [1, 64], was 128"), message);
        assertTrue(message.contains("--memory-mib"), message);
    }
}
