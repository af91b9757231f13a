package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vcspbench.core.jfr.FaultEvent;
import io.vcspbench.core.jfr.PageBatchEvent;
import io.vcspbench.core.jfr.PhaseEvent;
import io.vcspbench.core.jfr.PrecopyRoundEvent;
import io.vcspbench.core.jfr.RequestEvent;
import io.vcspbench.core.jfr.StopAndCopyEvent;
import io.vcspbench.core.jfr.SwitchoverEvent;
import io.vcspbench.core.jfr.ThrottleSleepEvent;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.vcspbench.harness.Synthetic.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --jfr FILE}: real migrations recorded and read back with {@link RecordingFile}. The counts in
 * the recording agree with the result (a fault event per fault, a round event per round with the
 * round's pages and E, one switchover or stop-and-copy), the JVM's own events are there beside them,
 * and the events' names and fields match {@code golden/jfr-events.txt} (run with
 * {@code -Dgolden.update=true} after an intended change and review the diff).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JfrRecordingTest
{
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "jfr-events.txt");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void shouldRecordAFaultPerFaultAndOneSwitchoverOfAPostcopyRun() throws Exception
    {
        final Path out = root.resolve("vcsp");
        final Path jfr = root.resolve("vcsp.jfr");

        // 16 MiB at 100 Mbit/s, about 1.4 s: faults throughout, E = 50 so the vCPU sleeps 5 ms a period.
        final Synthetic.Outcome outcome = cli(Engine.PRODUCTION, root, "run", "--algorithm", "vcsp-prefetch",
            "--throttle", "50", "--prefetch", "4", "--memory-mib", "16", "--workload-mib", "16", "--pattern", "random",
            "--bandwidth-mbit", "100", "--progress", "never", "--out", out.toString(), "--jfr", jfr.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("jfr recording: " + jfr), outcome.out());
        final JsonNode metrics = MAPPER.readTree(out.resolve(ResultWriter.RESULT_FILE).toFile()).get("metrics");
        final List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);

        final List<RecordedEvent> faults = named(events, FaultEvent.NAME);
        assertTrue(metrics.get("faults").asLong() > 0, "the run must fault");
        assertEquals(metrics.get("faults").asLong(), faults.size(), "one event per fault");
        assertEquals(metrics.at("/faultLatencyUs/count").asLong(), faults.size());
        assertTrue(faults.stream().allMatch(e -> e.getInt("prefetchPages") == 4));
        assertEquals(metrics.get("pageRequests").asLong(), faults.stream().filter(e -> e.getBoolean("requestSent")).count(),
            "a fault that sent a request per request");
        final long requests = named(events, RequestEvent.NAME).size();
        assertTrue(requests > 0 && requests <= metrics.get("pageRequests").asLong(), "requests served: " + requests);
        assertEquals(metrics.get("pagesTransferred").asLong(),
            named(events, PageBatchEvent.NAME).stream().mapToLong(e -> e.getInt("pages")).sum(), "every page received");

        final List<RecordedEvent> switchovers = named(events, SwitchoverEvent.NAME);
        assertEquals(1, switchovers.size());
        assertEquals(0, switchovers.get(0).getInt("afterRounds"));
        assertEquals(16L * 256, switchovers.get(0).getLong("owedPages"), "post-copy alone owes every page");
        assertEquals(List.of("switchover", "post-copy"), phases(events));
        assertTrue(named(events, PrecopyRoundEvent.NAME).isEmpty());
        assertTrue(named(events, StopAndCopyEvent.NAME).isEmpty());
        assertFalse(named(events, ThrottleSleepEvent.NAME).isEmpty(), "E = 50 sleeps 5 ms a period");
        assertFalse(named(events, "jdk.JVMInformation").isEmpty(), "the JVM's own events are recorded beside");
        assertEventTypesMatchGolden(jfr);
    }

    @Test
    void shouldRecordAnEventPerPrecopyRoundWithItsPagesAndThrottle() throws Exception
    {
        final Path out = root.resolve("precopy");
        final Path jfr = root.resolve("precopy.jfr");

        final Synthetic.Outcome outcome = cli(Engine.PRODUCTION, root, "run", "--algorithm", "precopy-throttled",
            "--pattern", "writer", "--dirty-rate-mbit", "300", "--writer-order", "sequential", "--bandwidth-mbit", "200",
            "--memory-mib", "4", "--workload-mib", "4", "--progress", "never", "--out", out.toString(),
            "--jfr", jfr.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        final JsonNode json = MAPPER.readTree(out.resolve(ResultWriter.RESULT_FILE).toFile());
        final List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        final List<RecordedEvent> rounds = named(events, PrecopyRoundEvent.NAME);
        final JsonNode expected = json.get("rounds");
        assertEquals(json.at("/metrics/precopyRounds").asInt(), rounds.size(), "one event per round");
        assertEquals(expected.size(), rounds.size());
        for (int i = 0; i < rounds.size(); i++)
        {
            final RecordedEvent round = rounds.get(i);
            assertEquals(i + 1, round.getInt("round"));
            assertEquals(expected.get(i).get("pagesSent").asLong(), round.getLong("pages"));
            assertEquals(expected.get(i).get("throttlePercent").asInt(), Math.round(round.getDouble("throttle") * 100));
            assertEquals(i + 1 < rounds.size() ? "CONTINUE" : "STOP_AND_COPY", round.getString("decision"));
        }
        final List<RecordedEvent> stopAndCopy = named(events, StopAndCopyEvent.NAME);
        assertEquals(1, stopAndCopy.size());
        assertEquals(json.at("/metrics/stopCopyPages").asLong(), stopAndCopy.get(0).getLong("pages"));
        assertEquals(rounds.size(), stopAndCopy.get(0).getInt("afterRounds"));
        assertTrue(named(events, SwitchoverEvent.NAME).isEmpty(), "pre-copy does not switch to post-copy");
        assertTrue(named(events, FaultEvent.NAME).isEmpty(), "every page is present when the vCPU resumes");
        assertEquals(List.of("pre-copy rounds", "stop-and-copy"), phases(events));
    }

    @Test
    void shouldRecordEachSideInItsOwnFileAcrossTwoProcesses() throws Exception
    {
        final Path sourceJfr = root.resolve("source.jfr");
        final Path destinationJfr = root.resolve("destination.jfr");
        final int port = TwoProcessCliTest.freePort();
        final Process source = TwoProcessCliTest.startSource(port, "--memory-mib", "16", "--bandwidth-mbit", "400",
            "--jfr", sourceJfr.toString());
        final Synthetic.Outcome destination = cli(Engine.PRODUCTION, root, "destination",
            "--connect", "127.0.0.1:" + port, "--memory-mib", "16", "--workload-mib", "8", "--bandwidth-mbit", "400",
            "--pattern", "random", "--progress", "never", "--out", root.resolve("d").toString(),
            "--jfr", destinationJfr.toString());

        assertTrue(source.waitFor(60, TimeUnit.SECONDS), "source did not exit");
        final String sourceOutput = TwoProcessCliTest.output(source);
        assertEquals(0, destination.exitCode(), destination.err() + destination.out());
        assertEquals(0, source.exitValue(), sourceOutput);
        assertTrue(sourceOutput.contains("jfr recording: " + sourceJfr), sourceOutput);

        final List<RecordedEvent> atSource = RecordingFile.readAllEvents(sourceJfr);
        assertEquals(List.of("switchover", "post-copy", "page digests and the verdict"), phases(atSource));
        assertEquals(1, named(atSource, SwitchoverEvent.NAME).size());
        assertTrue(named(atSource, FaultEvent.NAME).isEmpty(), "the vCPU faults at the destination");
        final List<RecordedEvent> atDestination = RecordingFile.readAllEvents(destinationJfr);
        final JsonNode metrics = MAPPER.readTree(root.resolve("d").resolve(ResultWriter.RESULT_FILE).toFile()).get("metrics");
        assertEquals(metrics.get("faults").asLong(), named(atDestination, FaultEvent.NAME).size());
        assertEquals(metrics.get("pagesTransferred").asLong(),
            named(atDestination, PageBatchEvent.NAME).stream().mapToLong(e -> e.getInt("pages")).sum());
        assertTrue(phases(atDestination).isEmpty(), "the phases run at the source");
        assertTrue(named(atSource, RequestEvent.NAME).size() <= metrics.get("pageRequests").asLong());
    }

    @Test
    void shouldWriteTheRecordingEvenWhenTheRunFailed() throws Exception
    {
        final Synthetic.Engine failing = new Synthetic.Engine(c -> Synthetic.result(c, "fault on page 17 timed out", 0));
        final Path jfr = root.resolve("failed.jfr");

        final Synthetic.Outcome outcome = cli(failing, root, "run", "--out", root.resolve("failed").toString(),
            "--jfr", jfr.toString());

        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.out().contains("jfr recording: " + jfr), outcome.out());
        assertFalse(named(RecordingFile.readAllEvents(jfr), "jdk.JVMInformation").isEmpty());
    }

    @Test
    void shouldRecordASweepInOneFile() throws Exception
    {
        final Path jfr = root.resolve("sweep.jfr");

        final Synthetic.Outcome outcome = cli(Synthetic.Engine.succeeding(), root, "sweep", "--throttle", "40,60",
            "--repeat", "1", "--warmup", "0", "--progress", "never", "--out", root.resolve("sweep").toString(),
            "--jfr", jfr.toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("jfr recording: " + jfr), outcome.out());
        assertFalse(named(RecordingFile.readAllEvents(jfr), "jdk.JVMInformation").isEmpty());
    }

    @Test
    void shouldRefuseAFolderForTheRecordingInOneLine() throws IOException
    {
        final Path folder = Files.createDirectory(root.resolve("dir"));

        final Synthetic.Outcome outcome = cli(Synthetic.Engine.succeeding(), root, "run", "--jfr", folder.toString());

        assertEquals(2, outcome.exitCode());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().startsWith("vcsp run: --jfr " + folder + " is a folder"), outcome.err());
    }

    @Test
    void shouldRefuseARecordingInAFolderThatDoesNotExistInOneLine()
    {
        final Path file = root.resolve("missing").resolve("run.jfr");

        final Synthetic.Outcome outcome = cli(Synthetic.Engine.succeeding(), root, "run", "--jfr", file.toString());

        assertEquals(2, outcome.exitCode());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().contains("does not exist"), outcome.err());
    }

    private static List<RecordedEvent> named(final List<RecordedEvent> events, final String name)
    {
        return events.stream().filter(e -> e.getEventType().getName().equals(name))
            .sorted(Comparator.comparing(RecordedEvent::getStartTime)).collect(Collectors.toList());
    }

    private static List<String> phases(final List<RecordedEvent> events)
    {
        return named(events, PhaseEvent.NAME).stream().map(e -> e.getString("phase")).collect(Collectors.toList());
    }

    /** The stable part of the events' metadata: names, labels, categories and fields with their types and units. */
    private static void assertEventTypesMatchGolden(final Path jfr) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        try (RecordingFile file = new RecordingFile(jfr))
        {
            final List<EventType> types = file.readEventTypes().stream().filter(t -> t.getName().startsWith("vcsp."))
                .sorted(Comparator.comparing(EventType::getName)).collect(Collectors.toList());
            for (final EventType type : types)
            {
                text.append(type.getName()).append(" \"").append(type.getLabel()).append("\" ")
                    .append(type.getCategoryNames()).append('\n');
                for (final ValueDescriptor field : type.getFields())
                {
                    text.append("  ").append(field.getName()).append(' ').append(field.getTypeName());
                    if (field.getContentType() != null)
                    {
                        text.append(' ').append(field.getContentType());
                    }
                    text.append('\n');
                }
            }
        }
        if (Boolean.getBoolean("golden.update"))
        {
            Files.writeString(GOLDEN, text.toString(), StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), text.toString(),
            GOLDEN + " differs: after an intended change rerun with -Dgolden.update=true and review the diff");
    }
}
