package io.vcspbench.core.migration;

import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.TcpListener;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The source succeeds only when the destination has confirmed the last page: a hand-driven
 * destination that lies about completion, or never confirms, fails it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SourceSuccessTest
{
    private static MigrationConfig config(final Algorithm algorithm)
    {
        return MigrationConfig.builder().algorithm(algorithm).memoryMiB(4).workloadMiB(2).pattern(Pattern.RANDOM)
            .link(LinkKind.TCP).faultTimeoutMs(1_000).runTimeoutMs(20_000).seed(7).build();
    }

    @Test
    void shouldFailWhenTheDestinationSendsCompleteRightAfterTheHandshake() throws Exception
    {
        final SourceOutcome outcome = runSourceAgainst(config(Algorithm.POSTCOPY), false, false);
        assertNotNull(outcome.failure(), "an early COMPLETE is no success");
        assertTrue(outcome.failure().contains("reported completion"), outcome.failure());
    }

    @Test
    void shouldFailAPrecopySourceOnACompleteBeforeTheLastPage() throws Exception
    {
        final SourceOutcome outcome = runSourceAgainst(config(Algorithm.PRECOPY), false, false);
        assertNotNull(outcome.failure());
        assertTrue(outcome.failure().contains("reported completion"), outcome.failure());
    }

    @Test
    void shouldFailWhenTheDestinationNeverConfirmsTheLastPage() throws Exception
    {
        final SourceOutcome outcome = runSourceAgainst(config(Algorithm.POSTCOPY), true, false);
        assertNotNull(outcome.failure());
        assertTrue(outcome.failure().contains("did not confirm the last page within 1000 ms"), outcome.failure());
    }

    @Test
    void shouldSucceedOnlyOnTheDestinationsVerdict() throws Exception
    {
        final SourceOutcome outcome = runSourceAgainst(config(Algorithm.POSTCOPY), true, true);
        assertNull(outcome.failure(), outcome.failure());
        assertEquals(1024, outcome.pagesSent());
    }

    /**
     * Runs the source against a destination played by this test over a real handshake.
     *
     * @param honest  wait for DONE and every page before COMPLETE, else send it at once.
     * @param confirm answer the digests with VERIFIED.
     */
    private static SourceOutcome runSourceAgainst(final MigrationConfig config, final boolean honest,
        final boolean confirm) throws Exception
    {
        try (TcpListener listener = Links.listen(config.linkConfig(),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            final CompletableFuture<SourceOutcome> source = CompletableFuture.supplyAsync(() ->
            {
                try (LinkEnd link = listener.accept(20_000))
                {
                    return Migration.runSource(config, link);
                }
            });
            try (LinkEnd destination = Links.connect(config.linkConfig(), listener.localAddress()))
            {
                final long pages = config.memoryPages();
                final long[] seen = new long[3]; // pages, DONE, digests covered
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                if (honest)
                {
                    while (seen[1] == 0 && System.nanoTime() < deadline)
                    {
                        destination.push().poll((type, flags, page, count, buffer, offset, length) ->
                        {
                            if (type == Frame.TYPE_PAGES)
                            {
                                seen[0] += count;
                            }
                            seen[1] |= type == Frame.TYPE_DONE ? 1 : 0;
                        }, 16);
                        destination.demand().poll((type, flags, page, count, buffer, offset, length) -> { }, 16);
                    }
                    assertEquals(pages, seen[0]);
                }
                while (!destination.push().trySend(Frame.TYPE_COMPLETE, 0, honest ? pages : 0, 0, 0, 0))
                {
                    destination.push().flush();
                }
                while (!destination.push().isFlushed())
                {
                    destination.push().flush();
                }
                if (honest)
                {
                    while (seen[2] < pages && System.nanoTime() < deadline)
                    {
                        destination.push().poll((type, flags, page, count, buffer, offset, length) ->
                            seen[2] += type == Frame.TYPE_DIGESTS ? count : 0, 16);
                    }
                    if (confirm)
                    {
                        while (!destination.push().trySend(Frame.TYPE_VERIFIED, 0, pages, 0, 0, 0) ||
                            !destination.push().isFlushed())
                        {
                            destination.push().flush();
                        }
                    }
                }
                return source.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
