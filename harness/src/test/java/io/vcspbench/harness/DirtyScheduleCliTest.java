package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vcspbench.core.workload.DirtySchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.vcspbench.harness.Synthetic.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --dirty-schedule} on {@code run} and {@code sweep}: usage errors, what result.json stores, a real run. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DirtyScheduleCliTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path root;

    private final Synthetic.Engine engine = Synthetic.Engine.succeeding();

    private String badUsage(final io.vcspbench.harness.Engine engine, final String... args)
    {
        final Synthetic.Outcome outcome = cli(engine, root, args);
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.errLines().size(), "exactly one line on stderr: " + outcome.err());
        assertTrue(this.engine.configs.isEmpty(), "bad usage must not start a run");
        return outcome.err().strip();
    }

    private static JsonNode readResult(final Path folder) throws IOException
    {
        return MAPPER.readTree(folder.resolve(ResultWriter.RESULT_FILE).toFile());
    }

    @Test
    void shouldRefuseARateAndAScheduleTogetherInOneLine()
    {
        final String line = badUsage(engine, "run", "--pattern", "writer", "--algorithm", "precopy",
            "--dirty-rate-mbit", "100", "--dirty-schedule", "50@0s,300@5s");

        assertEquals("vcsp run: " + ConfigOptions.BOTH_DIRTY_RATES + " (see vcsp run --help)", line);
    }

    @Test
    void shouldRefuseARateOfZeroBesideASchedule()
    {
        // Given is given: a 0 that happens to be the default still says two things about one rate.
        final String line = badUsage(engine, "run", "--dirty-rate-mbit", "0", "--dirty-schedule", "rising");

        assertTrue(line.contains(ConfigOptions.BOTH_DIRTY_RATES), line);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "50@1s,300@5s  | --dirty-schedule must start at 0s",
        "50@0s,300@5   | --dirty-schedule time '5' in '300@5' needs a unit: ms or s",
        "50@0s,300@2s,100@1s | --dirty-schedule times must increase: '100@1s' comes after 2s",
        "500000@0s     | --dirty-schedule rate 500000 in '500000@0s' must be in [0, 400000] Mbit/s",
        "steady        | --dirty-schedule entry 'steady' is not rate@time"})
    void shouldRefuseABadScheduleInOneLineNamingTheOption(final String schedule, final String message)
    {
        final String line = badUsage(engine, "run", "--pattern", "writer", "--algorithm", "precopy",
            "--dirty-schedule", schedule);

        assertTrue(line.startsWith("vcsp run: " + message), line);
    }

    @Test
    void shouldAskForTheWriterPatternBeforeCreatingAnyFolder() throws Exception
    {
        final String line = badUsage(Engine.PRODUCTION, "run", "--algorithm", "precopy", "--dirty-schedule", "rising");

        assertTrue(line.contains("--dirty-schedule sets the writer's rate over time; add --pattern writer"), line);
        try (var files = Files.list(root))
        {
            assertEquals(0, files.count(), "no result folder for a run that never started");
        }
    }

    @Test
    void shouldStoreTheExpandedScheduleInResultJsonAndKeepTheRateKey() throws Exception
    {
        final Path out = root.resolve("rising");

        final Synthetic.Outcome outcome = cli(engine, root, "run", "--algorithm", "precopy", "--pattern", "writer",
            "--dirty-schedule", "rising", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        final JsonNode config = readResult(out).get("config");
        assertEquals(DirtySchedule.RISING_TEXT, config.get("dirtySchedule").asText());
        assertEquals(0, config.get("dirtyRateMbit").asLong());
        assertEquals(DirtySchedule.parse("rising"), engine.configs.get(0).dirtySchedule());
        assertTrue(outcome.out().contains("dirtySchedule=" + DirtySchedule.RISING_TEXT), outcome.out());
    }

    @Test
    void shouldStoreAnEmptyScheduleWhenOnlyTheRateIsGiven() throws Exception
    {
        final Path out = root.resolve("constant");

        final Synthetic.Outcome outcome = cli(engine, root, "run", "--algorithm", "precopy", "--pattern", "writer",
            "--dirty-rate-mbit", "300", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        final JsonNode config = readResult(out).get("config");
        assertEquals("", config.get("dirtySchedule").asText());
        assertEquals(300, config.get("dirtyRateMbit").asLong());
        assertTrue(!outcome.out().contains("dirtySchedule="), "no empty setting in the config lines: " + outcome.out());
    }

    @Test
    void shouldSweepSchedulesSeparatedBySemicolons() throws Exception
    {
        final Path out = root.resolve("sweep");

        final Synthetic.Outcome outcome = cli(engine, root, "sweep", "--algorithm", "precopy", "--pattern", "writer",
            "--dirty-schedule", "50@0s,300@5s; bursts", "--repeat", "1", "--warmup", "0", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals(List.of("50@0s,300@5s", DirtySchedule.BURSTS_TEXT),
            engine.configs.stream().map(c -> c.dirtySchedule().toString()).toList());
        final List<String> lines = Files.readAllLines(out.resolve(RunsCsv.FILE));
        assertTrue(lines.get(1).contains(",\"50@0s,300@5s\","), "quoted in runs.csv: " + lines.get(1));
    }

    @Test
    void shouldRefuseARateAndAScheduleTogetherInASweep()
    {
        final String line = badUsage(engine, "sweep", "--pattern", "writer", "--algorithm", "precopy",
            "--dirty-rate-mbit", "100,200", "--dirty-schedule", "rising");

        assertEquals("vcsp sweep: " + ConfigOptions.BOTH_DIRTY_RATES + " (see vcsp sweep --help)", line);
    }

    @Test
    void shouldRefuseAScheduleBesideTheBarrierPresetThatSetsTheRate()
    {
        final String line = badUsage(engine, "sweep", "--preset", "barrier", "--dirty-schedule", "rising");

        assertTrue(line.contains("--dirty-schedule cannot go with --preset barrier"), line);
    }

    @Test
    void shouldRefuseABadScheduleInASweepNamingTheOption()
    {
        final String line = badUsage(engine, "sweep", "--pattern", "writer", "--algorithm", "precopy",
            "--dirty-schedule", "rising;;bursts");

        assertTrue(line.startsWith("vcsp sweep: --dirty-schedule is empty"), line);
    }

    @Test
    void shouldDocumentTheSyntaxAndTheScenariosInHelp()
    {
        for (final String command : List.of("run", "sweep"))
        {
            final String help = cli(engine, root, command, "--help").out().replaceAll("\\s+", " ");

            assertTrue(help.contains("--dirty-schedule"), help);
            assertTrue(help.replace(", ", ",").contains(DirtySchedule.EXAMPLE), "picocli may wrap after a comma: " + help);
            assertTrue(help.contains("rising (") && help.contains("bursts ("), help);
        }
        assertTrue(cli(engine, root, "sweep", "--help").out().replaceAll("\\s+", " ").contains("separated by ';'"));
    }

    @Test
    void shouldMigrateAWriterFollowingAScheduleWithNoMismatch() throws Exception
    {
        // 16 MiB over 200 Mbit/s: round 1 takes about 0.7 s, dirtied mostly by the 400 Mbit/s step; at
        // 20 Mbit/s from 0.6 s on the rounds shrink until stop-and-copy.
        final Path out = root.resolve("precopy");
        final Synthetic.Outcome outcome = cli(Engine.PRODUCTION, root, "run", "--algorithm", "precopy",
            "--pattern", "writer", "--dirty-schedule", "50@0s,400@300ms,20@600ms", "--bandwidth-mbit", "200",
            "--memory-mib", "16", "--workload-mib", "16", "--progress", "never", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        final JsonNode json = readResult(out);
        assertEquals("50@0s,400@300ms,20@600ms", json.at("/config/dirtySchedule").asText());
        assertEquals(0, json.at("/integrity/mismatches").asLong());
        final JsonNode rounds = json.get("rounds");
        assertTrue(rounds.size() >= 2, "rounds: " + rounds);
        final double first = rounds.get(0).get("dirtyRateMbit").asDouble();
        final double last = rounds.get(rounds.size() - 1).get("dirtyRateMbit").asDouble();
        assertTrue(first > 2 * last, "the burst dirties round 1 more than the 20 Mbit/s tail does the last: " + rounds);
    }
}
