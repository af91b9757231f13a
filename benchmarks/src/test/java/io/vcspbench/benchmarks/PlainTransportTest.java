package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain transports move the right bytes: after a round trip the requested destination pages
 * hold the source pages and no other destination page changed, for every link and wait strategy.
 */
class PlainTransportTest
{
    private static final int PAGES = 256;
    private static final long SOURCE_SEED = 7;
    private static final long UNTOUCHED_SEED = 3;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "ipc,spin", "ipc,backoff", "ipc,block", "tcp,spin", "tcp,backoff", "tcp,block" })
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldLandTheRequestedSourcePagesInDestinationMemoryAndNothingElse(final String link, final String wait)
    {
        try (GuestMemory source = GuestMemory.allocate(PAGES);
            GuestMemory destination = GuestMemory.allocate(PAGES);
            PlainTransport transport = PlainTransport.open(link, source, destination, 64, PlainWait.isBlock(wait)))
        {
            source.fillPattern(SOURCE_SEED);
            destination.fillPattern(UNTOUCHED_SEED);
            final BackgroundLoop server =
                PlainRequestResponseBenchmark.newServer(transport, PlainWait.newIdleStrategy(wait));
            server.start();
            try
            {
                final long[][] requests = { { 0, 1 }, { 5, 10 }, { 100, 64 }, { 192, 64 }, { 17, 1 } };
                for (final long[] r : requests)
                {
                    PlainRequestResponseBenchmark.roundTrip(
                        transport, server, PlainWait.newIdleStrategy(wait), r[0], (int)r[1]);
                }
                final boolean[] requested = new boolean[PAGES];
                for (final long[] r : requests)
                {
                    for (long p = r[0]; p < r[0] + r[1]; p++)
                    {
                        requested[(int)p] = true;
                    }
                }
                for (int p = 0; p < PAGES; p++)
                {
                    final long seed = requested[p] ? SOURCE_SEED : UNTOUCHED_SEED;
                    assertTrue(destination.pageMatchesPattern(seed, p, GuestMemory.PAGE_SIZE),
                        "page " + p + " should hold the " + (requested[p] ? "source's" : "untouched") + " bytes");
                }
            }
            finally
            {
                server.stopAndJoin();
            }
            server.checkHealthy();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "ipc,block", "tcp,block", "tcp,spin" })
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldStopAnIdleServerThatIsWaitingForARequest(final String link, final String wait) throws Exception
    {
        try (GuestMemory source = GuestMemory.allocate(PAGES);
            GuestMemory destination = GuestMemory.allocate(PAGES);
            PlainTransport transport = PlainTransport.open(link, source, destination, 64, PlainWait.isBlock(wait)))
        {
            final BackgroundLoop server =
                PlainRequestResponseBenchmark.newServer(transport, PlainWait.newIdleStrategy(wait));
            server.start();
            Thread.sleep(50);
            server.stopAndJoin();
            server.checkHealthy();
            assertFalse(PlainUnderLoadTest.peerThreadAlive(), "no bench-peer thread may outlive stopAndJoin");
        }
    }
}
