package io.vcspbench.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunsReportTest
{
    @TempDir
    Path root;

    private void result(final Path folder, final String algorithm, final int e, final int n, final double downtime,
        final double throughput, final long mismatches) throws IOException
    {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("result.json"), "{\"schema\":\"vcsp-result/1\"," +
            "\"config\":{\"algorithm\":\"" + algorithm + "\",\"throttlePercent\":" + e + ",\"prefetchPages\":" + n +
            ",\"workloadMiB\":8,\"memoryMiB\":64,\"link\":\"ipc\"}," +
            "\"metrics\":{\"downtimeMs\":" + downtime + ",\"totalMigrationTimeMs\":500,\"pagesTransferred\":16384," +
            "\"faults\":10,\"workloadThroughputMBps\":" + throughput + ",\"achievedCpuSharePercent\":" + e + "," +
            "\"faultLatencyUs\":{\"p50\":12.5,\"p99\":99.0}},\"integrity\":{\"pagesChecked\":16384,\"mismatches\":" +
            mismatches + "}}");
    }

    @Test
    void shouldPutTwoResultSetsSideBySideWithTable3WhereTheBaselineRan() throws IOException
    {
        result(root.resolve("sweepA/p001-r1"), "postcopy", 100, 1, 100, 1000, 0);
        result(root.resolve("sweepA/p002-r1"), "vcsp-prefetch", 50, 10, 80, 600, 0);
        result(root.resolve("single"), "vcsp", 50, 1, 90, 500, 2);

        final List<Path> written = RunsReport.write(List.of(root.resolve("sweepA"), root.resolve("single")),
            root.resolve("out"));

        final String md = Files.readString(written.get(0));
        assertTrue(md.contains("## Runs in sweepA"), md);
        assertTrue(md.contains("## Runs in single"), md);
        assertTrue(md.contains("| p001-r1 | postcopy | 100 | 1 | 8 | 64 | ipc |"), md);
        // vcsp-prefetch: downtime (100 - 80) / 100 = 20 %, throughput (600 - 1000) / 1000 = -40 %
        assertTrue(md.contains("| vcsp-prefetch | ours | 20.00 | 0.00 | 0.00 | -40.00 |"), md);
        assertTrue(md.contains("| vcsp-prefetch | paper | 8.17 | 30.33 | 54.49 | 23.65 |"), md);
        assertTrue(md.contains("2 ⚠"), "a mismatching run is marked: " + md);
        assertEquals(1, md.split("Table 3 layout", -1).length - 1, "Table 3 only where postcopy ran");
        final String html = Files.readString(written.get(1));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("Runs in single"), html);
    }

    @Test
    void shouldRefuseAFolderWithoutResultsNamingIt() throws IOException
    {
        Files.createDirectories(root.resolve("empty"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RunsReport.write(List.of(root.resolve("empty")), root.resolve("out")));
        assertTrue(e.getMessage().contains("empty holds no result.json"), e.getMessage());
    }
}
