package io.vcspbench.core.source;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.cpu.ThrottlePolicy;
import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.link.IdleWaiter;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.memory.DirtyLog;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.RoundStats;
import io.vcspbench.core.workload.RandomPattern;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pre-copy sender's contract with the throttle and the vCPU, on a real in-process link. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrecopySenderTest
{
    private static final int PAGES = 512;
    private static final NanoClock CLOCK = SystemNanoClock.INSTANCE;

    @Test
    void shouldApplyThePolicyAfterEachRoundAndRestoreEWhenTheMigrationEnds() throws Exception
    {
        final AtomicInteger calls = new AtomicInteger();
        final ThrottlePolicy halfAndHold = (now, roundNs, sent, dirtied, percent) ->
        {
            calls.incrementAndGet();
            return 37;
        };
        try (GuestMemory source = GuestMemory.allocate(PAGES);
            GuestMemory destination = GuestMemory.allocate(PAGES);
            LinkPair link = Links.openInProcess(LinkConfig.builder().kind(LinkKind.IPC).memoryPages(PAGES)
                .bandwidthMbit(200).build()))
        {
            // Paced at 200 Mbit/s a round of all 512 pages takes 84 ms: long enough for the vCPU, even at
            // E = 37, to dirty pages in every round.
            source.fillPattern(3);
            final MigrationControl control = new MigrationControl();
            final DirtyLog log = new DirtyLog(PAGES);
            final VcpuPause pause = new VcpuPause();
            final DutyCycleThrottler throttler = new DutyCycleThrottler(1_000_000, 100, CLOCK, pause);
            // A vCPU touching random pages as fast as it may: every round leaves dirty pages behind.
            final SourceVcpu vcpu = new SourceVcpu(source, log, new RandomPattern(PAGES, 9), false, 0, throttler, pause,
                control, CLOCK);
            final PrecopySender sender = new PrecopySender(source, link.source(), control,
                WaitStrategy.BACKOFF.newIdleStrategy(), CLOCK, log, pause, throttler, halfAndHold, 16, 3, 0, 5_000, 3);
            final PageReceiver receiver = new PageReceiver(destination, new PageBitmap(PAGES), link.destination(),
                control, new IdleWaiter(WaitStrategy.BACKOFF.newIdleStrategy()), null, CLOCK, 5_000, false);

            runAll(vcpu, sender, receiver, vcpu);

            assertNull(control.failure(), control.failure());
            final List<RoundStats> rounds = sender.rounds();
            assertEquals(3, rounds.size(), "a vCPU that never stops dirtying uses every round");
            assertEquals(2, calls.get(), "the policy runs between rounds, not after the last");
            assertEquals(100, rounds.get(0).throttlePercent());
            assertEquals(37, rounds.get(1).throttlePercent());
            assertEquals(37, rounds.get(2).throttlePercent());
            assertEquals(100, throttler.throttlePercent(), "E is restored when the migration ends");
            assertTrue(pause.pausedNs() > 0);
            assertTrue(sender.stopCopyPages() >= 0);
        }
    }

    @Test
    void shouldFailClearlyPauseTheVcpuAndRestoreEWhenNobodyReadsTheDestinationEnd() throws Exception
    {
        // 8 MiB of memory against a 16 MiB ring that nobody reads: round 1 fits (335 ms at 200 Mbit/s,
        // long enough for the vCPU to dirty pages), the pages it keeps dirtying fill the rest in round 2.
        final int pages = 2048;
        try (GuestMemory source = GuestMemory.allocate(pages);
            LinkPair link = Links.openInProcess(LinkConfig.builder().kind(LinkKind.IPC).memoryPages(pages)
                .ringCapacityBytes(16 * 1024 * 1024).bandwidthMbit(200).build()))
        {
            final MigrationControl control = new MigrationControl();
            final DirtyLog log = new DirtyLog(pages);
            final VcpuPause pause = new VcpuPause();
            final DutyCycleThrottler throttler = new DutyCycleThrottler(1_000_000, 100, CLOCK, pause);
            final SourceVcpu vcpu = new SourceVcpu(source, log, new RandomPattern(pages, 9), false, 0, throttler, pause,
                control, CLOCK);
            final AtomicInteger calls = new AtomicInteger();
            final ThrottlePolicy toFifty = (now, roundNs, sent, dirtied, percent) ->
            {
                calls.incrementAndGet();
                return 50;
            };
            // The sender must give up after 300 ms without room.
            final PrecopySender sender = new PrecopySender(source, link.source(), control,
                WaitStrategy.BACKOFF.newIdleStrategy(), CLOCK, log, pause, throttler, toFifty, 16, 30, 0, 300, 3);

            runAll(vcpu, sender, null, vcpu);

            assertNotNull(control.failure());
            // Either the ring fills during a later round, or the rounds run out and no COMPLETE comes back.
            assertTrue(control.failure().startsWith("source: no room on the link") ||
                control.failure().startsWith("source: the destination did not confirm completion"), control.failure());
            assertTrue(pause.pausedNs() > 0, "a failed run must not leave the vCPU writing");
            assertTrue(calls.get() >= 1, "round 1 ended and the policy set E = 50");
            assertEquals(100, throttler.throttlePercent(), "E is restored after a failure too");
        }
    }

    /** Starts the vCPU, waits until it has touched memory (so round 1 sees it dirtying), then the rest. */
    private static void runAll(final Runnable vcpu, final Runnable sender, final Runnable receiver,
        final SourceVcpu running) throws InterruptedException
    {
        final Thread v = new Thread(vcpu, "test-vcpu");
        final Thread s = new Thread(sender, "test-sender");
        final Thread r = receiver == null ? null : new Thread(receiver, "test-receiver");
        v.start();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (running.bytesProcessed().get() == 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertTrue(running.bytesProcessed().get() > 0, "the vCPU started");
        s.start();
        if (r != null)
        {
            r.start();
        }
        s.join(30_000);
        if (r != null)
        {
            r.join(30_000);
        }
        v.join(30_000);
        assertTrue(!s.isAlive() && !v.isAlive() && (r == null || !r.isAlive()), "every thread stopped");
    }
}
