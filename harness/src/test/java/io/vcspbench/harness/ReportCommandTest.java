package io.vcspbench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.vcspbench.harness.Synthetic.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest
{
    @TempDir
    Path root;

    @Test
    void shouldRenderTheFoldersARunWroteIntoAReport() throws Exception
    {
        final Synthetic.Engine engine = Synthetic.Engine.succeeding();
        assertEquals(0, cli(engine, root, "run", "--algorithm", "postcopy", "--out", root.resolve("a").toString())
            .exitCode());
        assertEquals(0, cli(engine, root, "run", "--algorithm", "vcsp", "--out", root.resolve("b").toString())
            .exitCode());

        final Synthetic.Outcome outcome = cli(engine, root, "report", root.resolve("a").toString(),
            root.resolve("b").toString(), "--out", root.resolve("r").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("report: " + root.resolve("r").resolve("report.md")), outcome.out());
        final String md = Files.readString(root.resolve("r").resolve("report.md"));
        assertTrue(md.contains("## Runs in a") && md.contains("## Runs in b"), md);
        assertTrue(Files.readString(root.resolve("r").resolve("index.html")).contains("<table"));
    }

    @Test
    void shouldRefuseAFolderWithoutResultsWithExitTwoAndOneLine() throws Exception
    {
        Files.createDirectories(root.resolve("nothing"));
        final Synthetic.Outcome outcome = cli(Synthetic.Engine.succeeding(), root, "report",
            root.resolve("nothing").toString(), "--out", root.resolve("r").toString());

        assertEquals(2, outcome.exitCode());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().contains("holds no result.json"), outcome.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|is empty",
        "[1,2,3]|holds a JSON array, not a vcsp result",
        "{\"schema\":\"vcsp-result/999\"}|has schema 'vcsp-result/999'; this vcsp reads vcsp-result/1",
        "{\"schema\":\"vcsp-r|is not valid JSON" })
    void shouldRefuseAResultFileItCannotReadNamingTheFileInOneLine(final String content, final String says)
        throws Exception
    {
        final Path file = Files.createDirectories(root.resolve("bad")).resolve(ResultWriter.RESULT_FILE);
        Files.writeString(file, content);

        final Synthetic.Outcome outcome = cli(Synthetic.Engine.succeeding(), root, "report",
            root.resolve("bad").toString(), "--out", root.resolve("r").toString());

        assertEquals(1, outcome.exitCode());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().startsWith("report failed: " + file + " " + says), outcome.err());
    }

    @Test
    void shouldMarkAMissingIntegritySectionInsteadOfShowingNoMismatches() throws Exception
    {
        final Path file = Files.createDirectories(root.resolve("old")).resolve(ResultWriter.RESULT_FILE);
        Files.writeString(file, "{\"schema\":\"vcsp-result/1\",\"config\":{\"algorithm\":\"postcopy\"},\"metrics\":{}}");

        final Synthetic.Outcome outcome = cli(Synthetic.Engine.succeeding(), root, "report",
            root.resolve("old").toString(), "--out", root.resolve("r").toString());

        assertEquals(0, outcome.exitCode(), outcome.err());
        final String row = Files.readAllLines(root.resolve("r").resolve("report.md")).stream()
            .filter(l -> l.startsWith("| . | postcopy")).findFirst().orElseThrow();
        assertTrue(row.endsWith("| missing ⚠ |"), row);
        assertTrue(row.contains("| missing | missing |"), "E and N are missing, not 0: " + row);
    }
}
