package io.vcspbench.reports;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "Profiles" section against golden files: {@code bench-prof} holds two labelled sets the bench
 * launcher profiled, {@code alpha} with async-profiler (three benchmarks, one without parameters) and
 * {@code beta} fallen back to JFR (a flame graph and its recording); rendered alone to
 * {@code golden/bench-prof.md} and {@code golden/bench-prof.html}. Run with {@code -Dgolden.update=true}
 * to rewrite them after an intended change, then review the diff.
 */
class ProfilesSectionTest
{
    @Test
    void shouldRenderTheProfiledSetsExactlyAsTheGoldenFiles() throws Exception
    {
        final List<Section> section = List.of(ProfilesSection.of(JmhJson.scan(resource("bench-prof"))).orElseThrow());

        Golden.assertMatches("bench-prof.md", Markdown.render(ReportMain.TITLE, section));
        Golden.assertMatches("bench-prof.html", Html.render(ReportMain.TITLE, section));
    }

    @Test
    void shouldLinkEveryFileByAPathRelativeToTheBenchDirectoryThatExists() throws Exception
    {
        final Path bench = resource("bench-prof");
        final String html = ReportMain.renderHtml(JmhJson.scan(bench));

        final List<String> hrefs = new ArrayList<>();
        final Matcher m = Pattern.compile("<a href=\"([^\"]+)\">").matcher(html);
        while (m.find())
        {
            hrefs.add(m.group(1));
        }
        assertEquals(5, hrefs.size(), hrefs.toString());
        for (final String href : hrefs)
        {
            assertFalse(href.startsWith("/") || href.contains(":") || href.contains(".."), href);
            assertTrue(Files.isRegularFile(bench.resolve(URLDecoder.decode(href, StandardCharsets.UTF_8))), href);
        }
    }

    @Test
    void shouldComeLastInTheReportWithTheProfilerInTheEnvironmentButNotTheFileList() throws Exception
    {
        final String markdown = ReportMain.renderMarkdown(JmhJson.scan(resource("bench-prof")));

        assertTrue(markdown.indexOf("\n## Profiles\n") > markdown.indexOf("\n## All results\n"), markdown);
        assertTrue(markdown.contains("| profiler | async-profiler 4.0, event=itimer (perf_events denied) |"), markdown);
        assertFalse(markdown.contains("| profiles |"), markdown);
    }

    @Test
    void shouldLeaveTheSectionOutWhenNoSetWasProfiled() throws Exception
    {
        assertTrue(ProfilesSection.of(JmhJson.scan(resource("bench"))).isEmpty());
        assertTrue(ProfilesSection.of(List.of(new ResultSet("plain", Map.of("preset", "short"), List.of()))).isEmpty());
    }

    @Test
    void shouldSayWhenAProfiledSetWroteNoProfile()
    {
        final Section section = ProfilesSection.of(List.of(new ResultSet("empty",
            Map.of(ProfilesSection.PROFILER, "async-profiler 4.0, event=cpu (perf_events cpu-clock)",
                ProfilesSection.PROFILES, ""), List.of()))).orElseThrow();

        assertTrue(Markdown.render("t", List.of(section)).contains("No profile was written."));
    }

    private static Path resource(final String name) throws URISyntaxException
    {
        return Path.of(ProfilesSectionTest.class.getClassLoader().getResource(name).toURI());
    }
}
