package io.vcspbench.core.destination;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.IdleWaiter;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class QuasiMmuTest
{
    private static final long HIGHEST_NS = 60_000_000_000L;

    private final PageBitmap present = new PageBitmap(1024);
    private final RecordingChannel demand = new RecordingChannel();
    private final MigrationControl control = new MigrationControl();
    private final SingleWriterRecorder latency = new SingleWriterRecorder(1, HIGHEST_NS, 3);

    private final GuestMemory memory = GuestMemory.allocate(1024);

    @AfterEach
    void releaseMemory()
    {
        memory.close();
    }

    private QuasiMmu mmu(final int prefetch, final long faultTimeoutMs)
    {
        return mmu(prefetch, faultTimeoutMs, SystemNanoClock.INSTANCE);
    }

    /** A quasi-MMU whose requests go to {@code demand} and whose pages come through a receiver on the same clock. */
    private QuasiMmu mmu(final int prefetch, final long faultTimeoutMs, final org.agrona.concurrent.NanoClock clock)
    {
        final RecordingChannel push = new RecordingChannel();
        final LinkEnd link = new LinkEnd()
        {
            @Override
            public Channel demand()
            {
                return demand;
            }

            @Override
            public Channel push()
            {
                return push;
            }

            @Override
            public Waiter newBlockingWaiter()
            {
                throw new UnsupportedOperationException("the test polls");
            }

            @Override
            public void close()
            {
            }
        };
        final FaultSignal signal = new FaultSignal(new IdleWaiter(WaitStrategy.BACKOFF.newIdleStrategy()));
        final PageReceiver receiver = new PageReceiver(memory, present, link, control,
            new IdleWaiter(WaitStrategy.BACKOFF.newIdleStrategy()), signal, clock, 1000, false);
        return new QuasiMmu(present, demand, receiver, signal, control, clock,
            latency, new DutyCycleThrottler(100), prefetch, faultTimeoutMs, HIGHEST_NS, null);
    }

    /**
     * Issue 14: a destination stopped (SIGSTOP) while it waited had its fault served 11 s late and
     * still succeeded. A fault served beyond the fault timeout fails the run, however it ended.
     */
    @Test
    void shouldFailTheRunWhenAFaultIsServedBeyondTheFaultTimeout() throws Exception
    {
        final java.util.concurrent.atomic.AtomicLong jumpNs = new java.util.concurrent.atomic.AtomicLong();
        final org.agrona.concurrent.NanoClock stoppedAWhile = () -> System.nanoTime() + jumpNs.get();
        final QuasiMmu mmu = mmu(1, 1_000, stoppedAWhile);
        final Thread server = new Thread(() ->
        {
            while (demand.sent.poll() == null)
            {
                Thread.onSpinWait();
            }
            jumpNs.set(11_000_000_000L); // the process was stopped for 11 s; the page had come meanwhile
            present.set(5);
        });
        server.setDaemon(true);
        server.start();

        mmu.access(5);
        server.join();

        assertTrue(!control.isRunning(), "the late fault failed the run");
        assertTrue(control.failure().contains("fault on page 5"), control.failure());
    }

    /** Plays the source and receiver: makes every page of each request present after a short delay. */
    private Thread serveRequestsAfter(final long delayMs, final int prefetch)
    {
        final Thread t = new Thread(() ->
        {
            int served = 0;
            while (!Thread.currentThread().isInterrupted())
            {
                final long[] request = demand.sent.poll();
                if (request == null)
                {
                    Thread.onSpinWait();
                    continue;
                }
                try
                {
                    Thread.sleep(delayMs);
                }
                catch (final InterruptedException e)
                {
                    return;
                }
                for (long p = request[1]; p < Math.min(1024, request[1] + prefetch); p++)
                {
                    present.set(p);
                }
                served++;
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void shouldNotFaultOnAPresentPage()
    {
        present.set(3);
        final QuasiMmu mmu = mmu(1, 1000);
        assertEquals(0, mmu.access(3));
        assertEquals(0, mmu.faults());
        assertTrue(demand.sent.isEmpty());
    }

    @Test
    void shouldSendOneRequestCarryingNAndRecordTheLatency() throws Exception
    {
        final QuasiMmu mmu = mmu(10, 5000);
        final long[][] seen = new long[1][];
        final Thread server = new Thread(() ->
        {
            long[] r;
            while ((r = demand.sent.peek()) == null)
            {
                Thread.onSpinWait();
            }
            seen[0] = r;
            for (long p = r[1]; p < r[1] + r[2]; p++)
            {
                present.set(p);
            }
        });
        server.start();
        assertTrue(mmu.access(100) > 0);
        server.join(5000);
        assertArrayEquals(new long[]{ Frame.TYPE_REQUEST, 100, 10 }, seen[0]);
        assertEquals(1, mmu.faults());
        assertEquals(1, mmu.requests());
        assertEquals(1, latency.getIntervalHistogram().getTotalCount());
    }

    @Test
    void shouldSendNoSecondRequestForAPageAlreadyInFlight() throws Exception
    {
        final QuasiMmu mmu = mmu(8, 5000);
        final Thread server = serveRequestsAfter(20, 8);
        try
        {
            mmu.access(40);          // requests 40..47
            while (!present.get(47))
            {
                Thread.onSpinWait();
            }
            present.clear(45);       // 45 "still in flight": a fault on it must wait, not ask again
            final Thread arrive = new Thread(() ->
            {
                try
                {
                    Thread.sleep(30);
                }
                catch (final InterruptedException ignore)
                {
                }
                present.set(45);
            });
            arrive.start();
            mmu.access(45);
            arrive.join(5000);
            assertEquals(2, mmu.faults());
            assertEquals(1, mmu.requests(), "a page covered by an earlier request must not be requested again");
        }
        finally
        {
            server.interrupt();
            server.join(5000);
        }
    }

    @Test
    void shouldFailTheRunWhenAFaultIsNotServedBeforeItsDeadline()
    {
        final QuasiMmu mmu = mmu(1, 50);
        mmu.access(7);
        assertTrue(control.failure().contains("fault on page 7 not served within 50 ms"), control.failure());
    }

    @Test
    void shouldStopWaitingWhenTheRunFailsElsewhere() throws Exception
    {
        final QuasiMmu mmu = mmu(1, 60_000);
        final Thread failer = new Thread(() ->
        {
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException ignore)
            {
            }
            control.fail("destination: peer closed the connection");
        });
        failer.start();
        mmu.access(9);
        failer.join(5000);
        assertEquals("destination: peer closed the connection", control.failure());
    }
}
