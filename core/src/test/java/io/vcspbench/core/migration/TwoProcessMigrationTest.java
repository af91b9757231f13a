package io.vcspbench.core.migration;

import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.TcpListener;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A post-copy migration split over two real processes: this JVM is the source, a child JVM the
 * destination, which checks every page against what the source's CPU state says it holds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoProcessMigrationTest
{
    static MigrationConfig config()
    {
        return MigrationConfig.builder().algorithm(Algorithm.VCSP_PREFETCH).throttlePercent(50).prefetchPages(10)
            .memoryMiB(16).workloadMiB(8).pattern(Pattern.RANDOM).link(LinkKind.TCP).bandwidthMbit(400).seed(42)
            .build();
    }

    @Test
    void shouldMigrateEveryPageIntactToADestinationInAnotherProcess() throws Exception
    {
        final MigrationConfig config = config();
        try (TcpListener listener = Links.listen(config.linkConfig(),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final Process child = startDestination(listener.localAddress().getPort());
            final SourceOutcome outcome;
            try (LinkEnd link = listener.accept(30_000))
            {
                outcome = Migration.runSource(config, link);
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "destination did not exit");
            final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertNull(outcome.failure(), outcome.failure());
            assertEquals(config.memoryPages(), outcome.pagesSent());
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("pagesChecked=4096 mismatches=0 duplicates=0"), output);
            // The destination tells demand from pushed pages by the flags the source set: the two sides agree.
            assertTrue(output.contains(" pagesByRequests=" + outcome.demandPagesSent() + " pushedPages=" +
                outcome.pushPagesSent() + " "), output + " source: " + outcome);
            assertTrue(output.contains("consistent=true"), output);
        }
    }

    private static Process startDestination(final int port) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--add-opens", "java.base/java.util.zip=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "-Dchronicle.announcer.disable=true", "-Dchronicle.analytics.disable=true"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Destination.class.getName(),
            String.valueOf(port)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The destination process. */
    public static final class Destination
    {
        public static void main(final String[] args)
        {
            final MigrationConfig config = config();
            try (LinkEnd link = Links.connect(config.linkConfig(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]))))
            {
                final MigrationResult r = Migration.runDestination(config, link);
                final DemandPagingStats s = r.demandPaging();
                final boolean consistent = s.demandPages() + s.prefetchedPages() + s.pushedPages() ==
                    r.pagesTransferred() && s.requestsInFlight() == r.pageRequests() - s.demandPages() &&
                    s.lastPageMs() > 0 && s.lastPageMs() <= r.totalMigrationTimeMs() + 1.0 &&
                    s.linkThroughputSampledMBps() > 0;
                System.out.println("failure=" + r.failure() + " pagesChecked=" + r.pagesChecked() + " mismatches=" +
                    r.mismatches() + " duplicates=" + r.duplicatePages() + " faults=" + r.faults() +
                    " pagesByRequests=" + s.pagesByRequests() + " pushedPages=" + s.pushedPages() +
                    " consistent=" + consistent + " " + s);
                System.exit(r.succeeded() ? 0 : 1);
            }
        }
    }
}
