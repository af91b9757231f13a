package io.vcspbench.reports;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The result.json reader of {@code vcsp report} against arbitrary bytes: a file is either read into a
 * run whose table row renders, or refused with an IOException whose message names the file on one
 * printable line; nothing else escapes. {@code mvn verify} replays the kept inputs, {@code -Pfuzz} fuzzes.
 */
class ResultReaderFuzzTest
{
    private static final String FILE = "runs/p001/result.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "60s")
    void shouldReadAResultOrRefuseItInOneLineNamingTheFile(final byte[] bytes)
    {
        final JsonNode root;
        try
        {
            root = RunFolders.readResult(JSON, bytes, FILE);
        }
        catch (final IOException refused)
        {
            final String message = refused.getMessage();
            assertNotNull(message);
            assertTrue(message.startsWith(FILE + " "), message);
            assertFalse(message.chars().anyMatch(c -> c < 0x20 || c == 0x7F || c >= 0x80 && c <= 0x9F),
                "one printable line: " + message);
            return;
        }
        final RunsReport.Run run = RunFolders.parse("p001", root, null);
        // The sections a report shows for it render, as Markdown and HTML, whatever the file held.
        final List<Section> sections = RunsReport.sections("fuzz", "runs", List.of(run), true);
        assertNotNull(Markdown.render(RunsReport.TITLE, sections));
        assertNotNull(Html.render(RunsReport.TITLE, sections));
    }
}
