package io.vcspbench.reports;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "Fault backends" section against golden files: {@code bench-backends} holds two real result
 * sets of {@code FaultBackendBenchmark} from this machine, {@code jdk25} with mmu, uffd and floor at
 * N=1 (environment.json: uffd measured) and {@code jdk17} with mmu alone at N=1 and 10 (environment.json:
 * the launcher's reason uffd was not measured), each iteration's sample histogram cut to its mean;
 * rendered alone to {@code golden/bench-backends.md} and {@code golden/bench-backends.html}. Run with
 * {@code -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
class FaultBackendSectionTest
{
    private static final String JAVA_17_REASON = "--fault-backend uffd needs Java 22 or later (java.lang.foreign); " +
        "this is Java 17: run vcsp with a JDK 22+, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar vcsp.jar ...";

    @Test
    void shouldRenderTwoLabelsBackendsExactlyAsTheGoldenFiles() throws Exception
    {
        final List<Section> section = List.of(FaultBackendSection.section(JmhJson.scan(resource("bench-backends"))));

        Golden.assertMatches("bench-backends.md", Markdown.render(ReportMain.TITLE, section));
        Golden.assertMatches("bench-backends.html", Html.render(ReportMain.TITLE, section));
    }

    @Test
    void shouldTableTheThreeBackendsAndUffdsRatiosToMmuAndTheFloor() throws Exception
    {
        final String markdown = markdown(set("jdk25"));

        // p50 11.104 / 41.984 / 36.992: uffd / mmu 3.78, uffd / floor 1.13; means 67.81 / 106.0 / 79.30: 1.56 and 1.34
        assertTrue(markdown.contains("| push | N | p50 mmu / uffd / floor | p99 mmu / uffd / floor | " +
            "mean mmu / uffd / floor | uffd / mmu p50 | uffd / floor p50 | uffd / mmu mean | uffd / floor mean |\n"),
            "one label: no label in the columns: " + markdown);
        assertTrue(markdown.contains("| off | 1 | 11.10 / 41.98 / 36.99 | 1120 / 2050 / 1210 | 67.81 / 106.0 / 79.30 | " +
            "3.78× | 1.13× | 1.56× | 1.34× |"), markdown);
        // under push: p50 52.86 / 88.06 / 41.66, means 317.8 / 241.3 / 66.26
        assertTrue(markdown.contains("| on | 1 | 52.86 / 88.06 / 41.66 | 6259 / 4000 / 443.4 | 317.8 / 241.3 / 66.26 | " +
            "1.67× | 2.11× | 0.76× | 3.64× |"), markdown);
        assertFalse(markdown.contains("No uffd or floor rows"), "uffd was measured: " + markdown);
        assertFalse(markdown.contains(FaultBackendSection.UFFD_COMMAND), markdown);
    }

    @Test
    void shouldSayWhyALabelHasNoUffdRowsAndHowToMeasureThem() throws Exception
    {
        final String markdown = markdown(set("jdk17"));

        assertTrue(markdown.contains("\nNo uffd or floor rows in `jdk17`: the bench launcher's probe said \"" +
            JAVA_17_REASON + "\".\n"), markdown);
        assertTrue(markdown.contains("To measure them: `JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B verify -Pbench " +
            "-Dbench.include=FaultBackend -Dbench.label=uffd`"), markdown);
        assertTrue(markdown.contains("| off | 1 | 12.61 / – / – | 72.45 / – / – | 21.22 / – / – | – | – | – | – |"),
            markdown);
        assertTrue(markdown.contains("| on | 10 | 415.7 / – / – | 1256 / – / – | 449.0 / – / – | – | – | – | – |"),
            markdown);
    }

    @Test
    void shouldSayWhenALabelsEnvironmentGivesNoReasonForMissingUffd() throws Exception
    {
        final ResultSet jdk17 = set("jdk17");
        final String markdown = markdown(new ResultSet(jdk17.label(), Map.of(), jdk17.results()));

        assertTrue(markdown.contains("\nNo uffd or floor rows in `jdk17`: its environment.json gives no reason.\n"),
            markdown);
    }

    @Test
    void shouldPutEachLabelsColumnsSideBySideAndSayWhichLabelLacksUffd() throws Exception
    {
        final String markdown = Markdown.render(ReportMain.TITLE,
            List.of(FaultBackendSection.section(JmhJson.scan(resource("bench-backends")))));

        assertTrue(markdown.contains("| p50 mmu / uffd / floor `jdk17` |") &&
            markdown.contains("| p50 mmu / uffd / floor `jdk25` |"), markdown);
        assertTrue(markdown.contains("No uffd or floor rows in `jdk17`"), markdown);
        assertFalse(markdown.contains("rows in `jdk25`"), markdown);
        // jdk25 ran N=1 only
        assertTrue(markdown.contains("| off | 10 | 17.60 / – / – | 83.58 / – / – | 21.90 / – / – | – | – | – | – | " +
            "– / – / – | – / – / – | – / – / – | – | – | – | – |"), markdown);
        assertEquals(1, markdown.split("To measure them", -1).length - 1, "the command once: " + markdown);
    }

    @Test
    void shouldSayInOneLineThatThereAreNoFaultBackendResultsRightAfterTheFaultsUnderPush() throws Exception
    {
        final String markdown = ReportMain.renderMarkdown(JmhJson.scan(resource("bench")));

        assertTrue(markdown.contains("## Fault backends\n\nNo fault-backend results.\n\n## "), markdown);
        assertTrue(markdown.indexOf("## Fault latency under push") < markdown.indexOf("## Fault backends"));
        assertTrue(markdown.indexOf("## Fault backends") < markdown.indexOf("## Allocation check"));
    }

    @Test
    void shouldPassOverOtherBenchmarksResultsInTheSameSet() throws Exception
    {
        // A whole bench run: the fault-backend results among every other benchmark's, which have no backend.
        final ResultSet jdk17 = set("jdk17");
        final List<JmhResult> mixed = new java.util.ArrayList<>(jdk17.results());
        JmhJson.scan(resource("bench")).forEach(other -> mixed.addAll(other.results()));
        final String markdown = markdown(new ResultSet(jdk17.label(), jdk17.environment(), mixed));

        assertTrue(markdown.contains("| off | 1 | 12.61 / – / – | 72.45 / – / – | 21.22 / – / – | – | – | – | – |"),
            markdown);
    }

    private static String markdown(final ResultSet set)
    {
        return Markdown.render(ReportMain.TITLE, List.of(FaultBackendSection.section(List.of(set))));
    }

    private static ResultSet set(final String label) throws Exception
    {
        return JmhJson.scan(resource("bench-backends")).stream().filter(s -> s.label().equals(label)).findFirst()
            .orElseThrow();
    }

    private static Path resource(final String name) throws URISyntaxException
    {
        return Path.of(FaultBackendSectionTest.class.getClassLoader().getResource(name).toURI());
    }
}
