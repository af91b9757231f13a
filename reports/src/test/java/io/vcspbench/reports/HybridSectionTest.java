package io.vcspbench.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hybrid sections from synthetic result folders written as {@code result.json} files the way the
 * harness writes them: Li and Cao 2023's Tables 4/5 layout per scenario, PA-hybrid against 1-hybrid
 * beside the paper's headline, time and data against k with the lowest k marked, and against golden
 * files a small sweep of every kind of row.
 */
class HybridSectionTest
{
    private static final String RISING = "50@0s,150@1s,300@2s,600@3s";
    private static final String BURSTS = "10@0s,400@1s,10@1200ms,400@2s,10@2200ms,400@3s,10@3200ms";
    private static final double MIB = 1024 * 1024;

    @TempDir
    Path root;

    private int folders;

    /** The settings of a run on 32 MiB written on a schedule over a 200 Mbit/s link, as the hybrid preset has them. */
    private static Map<String, Object> config(final String algorithm, final int k, final String schedule)
    {
        final Map<String, Object> c = new LinkedHashMap<>();
        c.put("algorithm", algorithm);
        c.put("throttlePercent", 100);
        c.put("prefetchPages", 1);
        c.put("workloadMiB", 32);
        c.put("memoryMiB", 32);
        c.put("pattern", algorithm.equals("postcopy") ? "sequential" : "writer");
        c.put("link", "ipc");
        c.put("bandwidthMbit", 200);
        c.put("seed", 1);
        c.put("maxRounds", 10);
        c.put("hybridRounds", k);
        c.put("dirtyRateMbit", 0);
        c.put("dirtySchedule", algorithm.equals("postcopy") ? "" : schedule);
        c.put("writerOrder", "sequential");
        c.put("push", "on");
        return c;
    }

    /**
     * A hybrid run's metrics; downtime (ours) is the switchover plus 100 ms of stalls.
     *
     * @param switchRound the round it switched after, negative when it converged (no key, as the harness writes it).
     */
    private static Map<String, Double> hybrid(final double totalMs, final double linkMiB, final double storageMiB,
        final double switchAtMs, final double switchoverMs, final int rounds, final int switchRound)
    {
        final Map<String, Double> m = new LinkedHashMap<>();
        m.put("downtimeMs", switchoverMs + 100);
        m.put("totalMigrationTimeMs", totalMs);
        m.put("switchoverMs", switchoverMs);
        m.put("bytesOnWire", linkMiB * MIB);
        m.put("precopyRounds", (double)rounds);
        if (switchRound >= 0)
        {
            m.put("switchRound", (double)switchRound);
        }
        m.put("switchAtMs", switchAtMs);
        m.put("postcopyMs", totalMs - switchAtMs);
        m.put("storageBytes", storageMiB * MIB);
        return m;
    }

    private static Map<String, Double> reference(final double totalMs, final double linkMiB, final double downtimeMs,
        final double switchoverMs, final int rounds)
    {
        final Map<String, Double> m = new LinkedHashMap<>();
        m.put("downtimeMs", downtimeMs);
        m.put("totalMigrationTimeMs", totalMs);
        m.put("switchoverMs", switchoverMs);
        m.put("bytesOnWire", linkMiB * MIB);
        if (rounds > 0)
        {
            m.put("precopyRounds", (double)rounds);
        }
        return m;
    }

    /** Writes a run's result.json in a folder of its own, named as the harness names them. */
    private void run(final Path sweep, final Map<String, Object> config, final Map<String, Double> metrics,
        final String failure) throws IOException
    {
        folders++;
        final Path folder = sweep.resolve(String.format(Locale.ROOT, "p%03d-r1-%s", folders, config.get("algorithm")));
        Files.createDirectories(folder);
        final StringBuilder c = new StringBuilder();
        config.forEach((k, v) -> c.append(c.length() == 0 ? "" : ",").append('"').append(k).append("\":")
            .append(v instanceof String ? "\"" + v + "\"" : v));
        final StringBuilder m = new StringBuilder();
        metrics.forEach((k, v) -> m.append(m.length() == 0 ? "" : ",").append('"').append(k).append("\":").append(v));
        Files.writeString(folder.resolve("result.json"), "{\"schema\":\"vcsp-result/1\",\"config\":{" + c + "}," +
            "\"metrics\":{" + m + "},\"integrity\":{\"pagesChecked\":8192,\"mismatches\":0}" +
            (failure == null ? "" : ",\"failure\":\"" + failure + "\"") + "}");
    }

    private List<Section> sections(final Path sweep) throws IOException
    {
        return HybridSection.sections("sweep", RunsReport.load(sweep));
    }

    private String markdown(final Path sweep) throws IOException
    {
        return Markdown.render(RunsReport.TITLE, sections(sweep));
    }

    private String html(final Path sweep) throws IOException
    {
        return Html.render(RunsReport.TITLE, sections(sweep));
    }

    /** hybrid-k at k: time 2 s + 1 s a round past the first (+ extra, the switch as much earlier), 40 MiB + 30 a round past it. */
    private void hybridK(final Path sweep, final int k, final String schedule, final double extraMs) throws IOException
    {
        run(sweep, config("hybrid-k", k, schedule), hybrid(2000 + 1000 * (k - 1) + extraMs, 40 + 30 * (k - 1), 0,
            1400 + 1000 * (k - 1) + extraMs, 1, k, k), null);
    }

    @Test
    void shouldSetTheMediansOfEachAlgorithmInThePapersLayout() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        hybridK(sweep, 1, RISING, 0);
        run(sweep, config("adaptive-hybrid", 1, RISING), hybrid(3000, 80, 0, 2500, 1, 4, 4), null);
        run(sweep, config("adaptive-hybrid", 1, RISING), hybrid(3600, 90, 0, 2800, 3, 5, 5), null);
        run(sweep, config("adaptive-hybrid", 1, RISING), hybrid(3500, 84, 0, 2700, 2, 4, 4), null);

        final String md = markdown(sweep);

        // medians: total 3.5 s, 84 MiB, switch at 2.7 s, post-copy 0.8 s, switchover 2 ms, ours 102 ms, 4 rounds
        assertTrue(md.contains("| As-hybrid (adaptive-hybrid) | 3 | 3.500 | 84.00 | 84.00 | 0 | 2.700 | 0.800 | 2.000 | " +
            "102.0 | 4 | 4 |"), md);
        assertTrue(md.contains("| 1-hybrid (hybrid-k k=1) | 1 | 2.000 | 40.00 | 40.00 | 0 | 1.400 | 0.600 |"), md);
        assertTrue(md.contains("### Tables 4/5 layout, scenario 1: dirty schedule " + RISING + ": medians over repeats"),
            md);
    }

    @Test
    void shouldCountSharedStorageInTotalDataAndShowLinkAndStorageApart() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        hybridK(sweep, 1, RISING, 0);
        run(sweep, config("parallel-hybrid", 1, RISING), hybrid(1500, 20, 12, 1200, 1, 3, 3), null);

        final String md = markdown(sweep);

        assertTrue(md.contains("| PA-hybrid (parallel-hybrid) | 1 | 1.500 | 32.00 | 20.00 | 12.00 |"), md);
    }

    @Test
    void shouldSetPaHybridAgainstOneHybridBesideThePapersHeadline() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        hybridK(sweep, 1, RISING, 0);
        run(sweep, config("parallel-hybrid", 1, RISING), hybrid(1500, 20, 12, 1200, 1, 3, 3), null);

        final String md = markdown(sweep);

        assertTrue(md.contains("| PA-hybrid | paper (Li and Cao 2023, Table 5) | 605.9 | 465.5 | -23.2 | 30720 MB | " +
            "22528 MB | -26.7 |"), md);
        // 1.5 / 2 s = -25 %; 32 / 40 MiB = -20 %
        assertTrue(md.contains("| PA-hybrid | ours, scenario 1 | 2.000 | 1.500 | -25.0 | 40.00 MiB | 32.00 MiB | -20.0 |"),
            md);
    }

    @Test
    void shouldShowADashForOursWhenParallelHybridHasNoRun() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        hybridK(sweep, 1, RISING, 0);

        final String md = markdown(sweep);

        assertTrue(md.contains("| PA-hybrid | ours, scenario 1 | 2.000 | — | — | 40.00 MiB | — | — |"), md);
        assertTrue(md.contains("| As-hybrid | paper (Li and Cao 2023) | — | — | — | — | — | — |"),
            "no As-hybrid figure of the paper is entered: " + md);
    }

    @Test
    void shouldPutTheSchedulesInScenariosOfTheirOwnAndPostcopyInEach() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        hybridK(sweep, 1, RISING, 0);
        hybridK(sweep, 1, BURSTS, -200);
        run(sweep, config("postcopy", 1, ""), reference(1360, 32.5, 1351, 0.25, 0), null);

        final String md = markdown(sweep);

        assertTrue(md.contains("scenario 1: dirty schedule " + RISING + ": medians"), md);
        assertTrue(md.contains("scenario 2: dirty schedule 10@0s,400@1s,10@1200ms,400@2s,…,10@3200ms (7 steps): medians"),
            "a long schedule shortened: " + md);
        assertEquals(2, md.split("\\| postcopy \\| 1 \\| 1.360 \\| 32.50 \\| 32.50 \\| — \\| — \\| — \\| 0.2500 \\| 1351 " +
            "\\| — \\| — \\|", -1).length - 1, "postcopy's guest never runs at the source: in both scenarios: " + md);
    }

    @Test
    void shouldSayHowManyRepeatsSwitchedAndDashARunThatConverged() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        hybridK(sweep, 1, RISING, 0);
        run(sweep, config("adaptive-hybrid", 1, RISING), hybrid(3000, 80, 0, 3000, 20, 3, -1), null);
        run(sweep, config("adaptive-hybrid", 1, RISING), hybrid(3000, 80, 0, 2500, 1, 4, 4), null);
        run(sweep, config("adaptive-hybrid", 1, RISING), hybrid(3000, 80, 0, 2500, 1, 5, 5), null);
        run(sweep, config("adaptive-hybrid", 1, BURSTS), hybrid(1800, 43, 0, 1800, 20, 2, -1), null);

        final String md = markdown(sweep);

        assertTrue(md.contains("| 4 | 4.500 (2/3) |"), "the median of those that switched, and how many: " + md);
        assertTrue(md.contains("| As-hybrid (adaptive-hybrid) | 1 | 1.800 | 43.00 | 43.00 | 0 | 1.800 | 0.000 | 20.00 | " +
            "120.0 | 2 | — |"), md);
    }

    @Test
    void shouldMarkTheKWithTheLowestMedianOfEachScenario() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        for (final int k : new int[]{ 1, 2, 3, 5 })
        {
            // rising: lowest at k = 1; bursts: k = 3 is 2.6 s faster than its line
            hybridK(sweep, k, RISING, 0);
            hybridK(sweep, k, BURSTS, k == 3 ? -2600 : 0);
        }

        final String html = html(sweep);
        final String md = markdown(sweep);

        assertTrue(html.contains(">lowest: k=1 (scenario 1)</text>"), html);
        assertTrue(html.contains(">lowest: k=3 (scenario 2)</text>"), html);
        assertTrue(html.contains(">lowest: k=1 (scenario 1, 2)</text>"), "the data is lowest at k = 1 in both: " + html);
        assertTrue(md.contains("| scenario 2: dirty schedule 10@0s,400@1s,10@1200ms,400@2s,…,10@3200ms (7 steps) | " +
            "1,2,3,5 | 3 | 1.400 | 1 | 40.00 |"), md);
    }

    @Test
    void shouldLeaveOutFailedRunsAndSaySo() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        hybridK(sweep, 1, RISING, 0);
        run(sweep, config("hybrid-k", 1, RISING), hybrid(9000, 99, 0, 1, 1, 1, 1), "source: timed out");

        final String md = markdown(sweep);

        assertTrue(md.contains("Left out: 1 failed run."), md);
        assertTrue(md.contains("| 1-hybrid (hybrid-k k=1) | 1 | 2.000 |"), md);
    }

    @Test
    void shouldGiveNoSectionWithoutAHybridRun() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        run(sweep, config("precopy", 1, RISING), reference(11_600, 277, 1353, 1353, 10), null);
        run(sweep, config("postcopy", 1, ""), reference(1360, 32.5, 1351, 0.25, 0), null);

        assertTrue(sections(sweep).isEmpty());
        assertFalse(Markdown.render(RunsReport.TITLE, RunsReport.sections("sweep", "sweep", RunsReport.load(sweep), true))
            .contains(HybridSection.TITLE));
    }

    @Test
    void shouldNotDrawAScheduledPrecopyRunAtDirtyRateZero() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        hybridK(sweep, 1, RISING, 0);
        run(sweep, config("precopy", 1, RISING), reference(11_600, 277, 1353, 1353, 10), null);

        final String md = Markdown.render(RunsReport.TITLE, RunsReport.sections("sweep", "sweep", RunsReport.load(sweep),
            true));

        assertFalse(md.contains("Pre-copy downtime against dirty rate"), md);
        assertTrue(md.contains("## " + HybridSection.TITLE + " in sweep"), md);
    }

    @Test
    void shouldRenderEveryKindOfRowExactlyAsTheGoldenFiles() throws IOException
    {
        final Path sweep = root.resolve("sweep");
        for (final int k : new int[]{ 1, 2, 3, 5, 10 })
        {
            hybridK(sweep, k, RISING, 0);
            hybridK(sweep, k, BURSTS, k == 2 ? -1200 : 0);
        }
        run(sweep, config("adaptive-hybrid", 1, RISING), hybrid(3500, 84, 0, 2700, 2, 4, 4), null);
        run(sweep, config("adaptive-hybrid", 1, BURSTS), hybrid(1800, 43, 0, 1800, 20, 2, -1), null);
        run(sweep, config("parallel-hybrid", 1, RISING), hybrid(1500, 20, 12, 1200, 1, 3, 3), null);
        run(sweep, config("precopy", 1, RISING), reference(11_600, 277, 1353, 1353, 10), null);
        run(sweep, config("precopy", 1, BURSTS), reference(1840, 43.8, 1.3, 1.3, 3), null);
        run(sweep, config("postcopy", 1, ""), reference(1360, 32.5, 1351, 0.25, 0), null);
        run(sweep, config("hybrid-k", 1, BURSTS), hybrid(9000, 99, 0, 1, 1, 1, 1), "source: timed out");

        final List<Section> sections = sections(sweep);

        Golden.assertMatches("runs-hybrid.md", Markdown.render(RunsReport.TITLE, sections));
        Golden.assertMatches("runs-hybrid.html", Html.render(RunsReport.TITLE, sections));
    }
}
