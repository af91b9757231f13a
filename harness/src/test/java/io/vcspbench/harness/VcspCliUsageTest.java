package io.vcspbench.harness;

import io.vcspbench.core.migration.Algorithm;
import io.vcspbench.core.migration.MigrationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.vcspbench.harness.Synthetic.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VcspCliUsageTest
{
    @TempDir
    Path root;

    private final Synthetic.Engine engine = Synthetic.Engine.succeeding();

    private Synthetic.Outcome badUsage(final String... args)
    {
        final Synthetic.Outcome outcome = cli(engine, root, args);
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.errLines().size(), "exactly one line on stderr: " + outcome.err());
        assertTrue(engine.configs.isEmpty(), "bad usage must not start a run");
        return outcome;
    }

    @ParameterizedTest
    @CsvSource({
        "--pattern, writer, --pattern writer dirties source memory",
        "--dirty-rate-mbit, 10, --dirty-rate-mbit sets the writer's rate"})
    void shouldRefuseWhatTheRealEngineCannotRunBeforeCreatingAnyFolder(
        final String option, final String value, final String message) throws Exception
    {
        final Synthetic.Outcome outcome = cli(Engine.PRODUCTION, root, "run", option, value);

        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().contains(message), outcome.err());
        try (var files = Files.list(root))
        {
            assertEquals(0, files.count(), "no result folder for a run that never started");
        }
    }

    @Test
    void shouldRefuseAnUnknownOptionInOneLineNamingIt()
    {
        final String line = badUsage("run", "--no-such-option", "3").err().strip();

        assertTrue(line.startsWith("vcsp run: unknown option '--no-such-option'"), line);
        assertTrue(line.endsWith("(see vcsp run --help)"), line);
    }

    @Test
    void shouldSuggestTheOptionMeantWhenOneIsMisspelt()
    {
        final String line = badUsage("run", "--throtle", "50").err();

        assertTrue(line.contains("'--throtle'") && line.contains("did you mean --throttle"), line);
    }

    @Test
    void shouldNameTheOptionAndItsRangeWhenTheThrottleIsOutOfRange()
    {
        final String line = badUsage("run", "--throttle", "150").err().strip();

        assertEquals("vcsp run: --throttle must be in [1, 100], was 150 (see vcsp run --help)", line);
    }

    @Test
    void shouldListThePatternsWhenThePatternIsUnknown()
    {
        final String line = badUsage("run", "--pattern", "foo").err();

        assertTrue(line.contains("--pattern must be one of sequential|random|hotcold|window|writer, was 'foo'"), line);
    }

    @Test
    void shouldListTheAlgorithmsWhenTheAlgorithmIsUnknown()
    {
        final String line = badUsage("run", "--algorithm", "nope").err();

        assertTrue(line.contains("--algorithm must be one of " + Algorithm.names() + ", was 'nope'"), line);
    }

    @Test
    void shouldRefuseAWorkingSetLargerThanGuestMemoryNamingBothOptions()
    {
        final String line = badUsage("run", "--workload-mib", "128", "--memory-mib", "64").err();

        assertTrue(line.contains("--workload-mib must be in [1, 64], was 128"), line);
        assertTrue(line.contains("--memory-mib"), line);
        assertFalse(line.contains("workloadMiB"), "the user typed options, not field names: " + line);
    }

    @ParameterizedTest
    @CsvSource({
        "--throttle, abc, --throttle must be a whole number",
        "--seed, 1.5, --seed must be a whole number",
        "--jin-c, x, --jin-c must be a number",
        "--link, udp, --link must be one of ipc|tcp",
        "--wait-strategy, sleep, --wait-strategy must be one of spin|yield|backoff|park",
        "--jin-c, 11, --jin-c must be in (0, 10]",
        "--repeat, 0, --repeat must be in [1, 1000]",
        "--repeat, 1000000, --repeat must be in [1, 1000]",
        "--fault-timeout-ms, 10000000000000, --fault-timeout-ms must be in [1, 600000]",
        "--run-timeout-ms, 9223372036854775807, --run-timeout-ms must be in [1, 86400000]" })
    void shouldRefuseABadValueInOneLineNamingTheOption(final String option, final String value, final String expected)
    {
        final String line = badUsage("run", option, value).err();

        assertTrue(line.startsWith("vcsp run: " + expected), line);
    }

    @Test
    void shouldRefuseAnAcceptTimeoutBeyondADayInsteadOfOverflowing()
    {
        final String line = badUsage("source", "--accept-timeout-ms", "10000000000000").err();

        assertTrue(line.startsWith("vcsp source: --accept-timeout-ms must be in [1, 86400000]"), line);
    }

    @Test
    void shouldSayWhichOptionLacksItsValue()
    {
        final String line = badUsage("run", "--throttle").err();

        assertTrue(line.startsWith("vcsp run: --throttle needs a value"), line);
    }

    @Test
    void shouldRefuseAMissingCommandInOneLine()
    {
        final String line = badUsage().err().strip();

        assertEquals("vcsp: missing command, one of run, sweep, source, destination, report (see vcsp --help)", line);
    }

    @Test
    void shouldRefuseAnUnknownCommandNamingTheCommands()
    {
        final String line = badUsage("swep").err();

        assertTrue(line.startsWith("vcsp: unknown command 'swep', the commands are run"), line);
    }

    @Test
    void shouldPrintHelpListingEveryOptionAndExitZero()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "run", "--help");

        assertEquals(0, outcome.exitCode());
        for (final String option : ConfigOptions.optionsByKey().values())
        {
            assertTrue(outcome.out().contains(option), option + " missing from\n" + outcome.out());
        }
        assertTrue(outcome.out().contains("--repeat") && outcome.out().contains("--out"), outcome.out());
        assertTrue(outcome.err().isEmpty(), outcome.err());
    }

    @ParameterizedTest
    @ValueSource(strings = { "run", "sweep", "source", "destination", "report" })
    void shouldPrintEverySubcommandsHelpWithoutAFormattingWarning(final String command)
    {
        // picocli reports a bad format specifier in a description (a lone '%') on System.err, not on the
        // command's own writer, and prints the raw text instead.
        final java.io.PrintStream stderr = System.err;
        final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        final Synthetic.Outcome outcome;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try
        {
            outcome = cli(engine, root, command, "--help");
        }
        finally
        {
            System.setErr(stderr);
        }

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("Usage:"), outcome.out());
        assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(outcome.out().contains("%n"), outcome.out());
    }

    @Test
    void shouldShowTheDefaultsOfADefaultBuiltConfigurationInHelp()
    {
        final Map<String, Object> defaults = MigrationConfig.builder().build().toMap();
        final String help = cli(engine, root, "run", "--help").out().replaceAll("\\s+", " ");

        assertTrue(help.contains("(default: " + defaults.get("algorithm") + ")"), help);
        assertTrue(help.contains("(default: " + defaults.get("pattern") + ")"), help);
        assertTrue(help.contains("(default: " + defaults.get("memoryMiB") + ")"), help);
        assertTrue(help.contains("(default: " + defaults.get("jinC") + ")"), help);
        assertFalse(help.contains("${"), "every default variable resolved: " + help);
    }

    @Test
    void shouldListTheAllowedNamesOfEveryEnumOptionInHelp()
    {
        final String help = cli(engine, root, "run", "--help").out().replaceAll("\\s+", " ");

        assertTrue(help.contains(Algorithm.names().replace("|", ", ")), help);
        assertTrue(help.contains("sequential, random, hotcold, window, writer"), help);
        assertTrue(help.contains("spin, yield, backoff, park"), help);
    }

    @Test
    void shouldPrintTopLevelHelpNamingTheRunCommand()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "--help");

        assertEquals(0, outcome.exitCode());
        assertTrue(outcome.out().contains("run"), outcome.out());
    }

    @Test
    void shouldPrintTheVersionAndExitZero()
    {
        final Synthetic.Outcome outcome = cli(engine, root, "--version");

        assertEquals(0, outcome.exitCode());
        assertTrue(outcome.out().startsWith("vcsp "), outcome.out());
    }

    @Test
    void shouldRefuseAnOutFolderThatIsAFile() throws Exception
    {
        final Path file = Files.writeString(root.resolve("notes.txt"), "keep me");

        final String line = badUsage("run", "--out", file.toString()).err();

        assertTrue(line.startsWith("vcsp run: --out " + file + " is a file"), line);
        assertEquals("keep me", Files.readString(file));
    }
}
