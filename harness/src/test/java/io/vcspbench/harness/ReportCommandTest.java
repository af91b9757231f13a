package io.vcspbench.harness;

import org.junit.jupiter.api.Test;
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
}
