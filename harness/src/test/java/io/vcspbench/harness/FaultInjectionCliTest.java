package io.vcspbench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer killed (as {@code kill -9} does) in the middle of a migration across two processes, in
 * pre-copy and in post-copy, source or destination: the survivor fails within its deadline, exit 1,
 * with one line saying what happened, and a destination leaves a result folder that says it failed,
 * never one that claims success.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultInjectionCliTest
{
    /** Pre-copy of an 8 MiB guest written at 30 Mbit/s over a 10 Mbit/s link: rounds for many seconds. */
    private static final List<String> PRECOPY = List.of("--algorithm", "precopy", "--memory-mib", "8",
        "--workload-mib", "8", "--pattern", "writer", "--dirty-rate-mbit", "30", "--bandwidth-mbit", "10");

    /** Post-copy of 8 MiB at 10 Mbit/s: about 7 s from the connection. */
    private static final List<String> POSTCOPY = List.of("--algorithm", "postcopy", "--memory-mib", "8",
        "--workload-mib", "4", "--bandwidth-mbit", "10", "--pattern", "random");

    @TempDir
    Path root;

    @Test
    void shouldFailTheDestinationInOneLineWhenTheSourceDiesDuringPrecopyRounds() throws Exception
    {
        final int port = ChildJvm.freePort();
        try (ChildJvm source = source(port, PRECOPY))
        {
            final CompletableFuture<Synthetic.Outcome> destination = destinationHere(port, PRECOPY);
            source.awaitLine("destination connected");
            Thread.sleep(2_000);
            source.close();

            final Synthetic.Outcome outcome = destination.get(60, TimeUnit.SECONDS);

            assertEquals(1, outcome.exitCode(), outcome.out() + outcome.err());
            assertEquals(1, outcome.errLines().size(), outcome.err());
            assertTrue(outcome.err().startsWith("run failed: "), outcome.err());
            assertFailedResult(root.resolve("d"));
        }
    }

    @Test
    void shouldFailTheSourceInOneLineWhenTheDestinationDiesDuringPrecopyRounds() throws Exception
    {
        shouldFailTheSourceWhenTheDestinationDies(PRECOPY);
    }

    @Test
    void shouldFailTheSourceInOneLineWhenTheDestinationDiesDuringPostcopy() throws Exception
    {
        shouldFailTheSourceWhenTheDestinationDies(POSTCOPY);
    }

    private void shouldFailTheSourceWhenTheDestinationDies(final List<String> options) throws Exception
    {
        final int port = ChildJvm.freePort();
        try (ChildJvm source = source(port, options);
             ChildJvm destination = destinationChild(port, options))
        {
            source.awaitLine("destination connected");
            Thread.sleep(2_000);
            destination.close();

            assertTrue(source.process().waitFor(60, TimeUnit.SECONDS), "the source ended within its deadline");
            final List<String> lines = source.allLines();
            assertEquals(1, source.process().exitValue(), String.join("\n", lines));
            final List<String> failures = lines.stream().filter(l -> l.startsWith("source failed: ")).toList();
            assertEquals(1, failures.size(), String.join("\n", lines));
            assertFalse(lines.stream().anyMatch(l -> l.startsWith("source: sent")), "no success line: " + lines);
        }
    }

    private ChildJvm source(final int port, final List<String> options) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("source", "--listen", "127.0.0.1:" + port,
            "--accept-timeout-ms", "30000"));
        args.addAll(options);
        final ChildJvm source = ChildJvm.vcsp(args.toArray(new String[0]));
        source.awaitLine("listening on");
        return source;
    }

    private ChildJvm destinationChild(final int port, final List<String> options) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("destination", "--connect", "127.0.0.1:" + port,
            "--progress", "never", "--out", root.resolve("d").toString()));
        args.addAll(options);
        return ChildJvm.vcsp(args.toArray(new String[0]));
    }

    private CompletableFuture<Synthetic.Outcome> destinationHere(final int port, final List<String> options)
    {
        final List<String> args = new ArrayList<>(List.of("destination", "--connect", "127.0.0.1:" + port,
            "--progress", "never", "--out", root.resolve("d").toString()));
        args.addAll(options);
        return CompletableFuture.supplyAsync(() -> Synthetic.cli(Engine.PRODUCTION, root, args.toArray(new String[0])));
    }

    private static void assertFailedResult(final Path folder) throws Exception
    {
        final JsonNode result = new ObjectMapper().readTree(folder.resolve(ResultWriter.RESULT_FILE).toFile());
        assertTrue(result.hasNonNull("failure"), "result.json says the run failed: " + result);
        assertFalse(Files.exists(folder.resolve(ResultWriter.RESULT_FILE + ".tmp")), "no half-written file");
    }
}
