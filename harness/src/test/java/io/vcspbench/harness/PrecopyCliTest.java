package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.vcspbench.harness.Synthetic.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pre-copy family through the real engine, from the command line to result.json. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrecopyCliTest
{
    @TempDir
    Path root;

    @Test
    void shouldRunThrottledPrecopyAndWriteItsRoundsAndMetrics() throws Exception
    {
        final Path out = root.resolve("jin");
        final Synthetic.Outcome outcome = cli(Engine.PRODUCTION, root, "run", "--algorithm", "precopy-throttled",
            "--pattern", "writer", "--dirty-rate-mbit", "300", "--writer-order", "sequential",
            "--bandwidth-mbit", "200", "--memory-mib", "4", "--workload-mib", "4", "--progress", "never", "--out", out.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        final JsonNode json = new ObjectMapper().readTree(out.resolve(ResultWriter.RESULT_FILE).toFile());
        assertEquals("precopy-throttled", json.at("/config/algorithm").asText());
        assertEquals(300, json.at("/config/dirtyRateMbit").asLong());
        assertEquals("sequential", json.at("/config/writerOrder").asText());
        assertEquals(0, json.at("/integrity/mismatches").asLong());
        final int rounds = json.at("/metrics/precopyRounds").asInt();
        assertTrue(rounds >= 2, "rounds: " + rounds);
        assertEquals(rounds, json.get("rounds").size());
        assertEquals(1024, json.at("/rounds/0/pagesSent").asLong(), "round 1 sends all 4 MiB");
        // Round 1 re-dirties the whole working set (1.5 times over), so P = B > 0.8 B and E drops.
        assertTrue(json.at("/rounds/1/throttlePercent").asInt() < 100, "300 Mbit/s of writes on 200 Mbit/s must throttle");
        assertTrue(json.at("/metrics/stopCopyPages").isNumber());
        assertTrue(outcome.out().contains("precopy-throttled"), outcome.out());
    }

    @Test
    void shouldRefuseWhatTheEngineCannotRunInTheTwoProcessSourceInOneLine()
    {
        final Synthetic.Outcome outcome = cli(Engine.PRODUCTION, root, "source", "--listen", "127.0.0.1:1",
            "--algorithm", "postcopy", "--pattern", "writer");

        assertEquals(2, outcome.exitCode(), outcome.err());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().contains("--pattern writer dirties source memory"), outcome.err());
    }
}
