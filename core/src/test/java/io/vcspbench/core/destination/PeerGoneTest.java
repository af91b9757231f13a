package io.vcspbench.core.destination;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.workload.SequentialPattern;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A source that vanishes mid-migration ends the destination's run with an error, never a hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerGoneTest
{
    private static final int PAGES = 2048;

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldEndTheRunWithAnErrorWhenTheSourceDisappears(final LinkKind kind) throws Exception
    {
        final LinkConfig config = LinkConfig.builder().kind(kind).memoryPages(PAGES).build();
        try (GuestMemory source = GuestMemory.allocate(PAGES);
            GuestMemory destination = GuestMemory.allocate(PAGES);
            LinkPair link = Links.openInProcess(config))
        {
            source.fillPattern(5);
            final MigrationControl control = new MigrationControl();
            final PageBitmap present = new PageBitmap(PAGES);
            final long highestNs = 120_000_000_000L;
            final Waiter receiverWaiter = link.destination().newBlockingWaiter();
            final Waiter vcpuWaiter = link.destination().newBlockingWaiter();
            receiverWaiter.watch(link.destination().push());
            vcpuWaiter.watch(link.destination().demand());
            final FaultSignal signal = new FaultSignal(vcpuWaiter);
            final PageReceiver receiver = new PageReceiver(destination, present, link.destination(), control,
                receiverWaiter, signal, SystemNanoClock.INSTANCE, 1000, false);
            // A fault deadline far beyond the test's: only the link error can end this run in time.
            final DutyCycleThrottler throttler = new DutyCycleThrottler(100);
            final QuasiMmu mmu = new QuasiMmu(present, link.destination().demand(), receiver, signal, control,
                SystemNanoClock.INSTANCE, new SingleWriterRecorder(1, highestNs, 3), throttler, 1, 100_000, highestNs, null);
            final Vcpu vcpu = new Vcpu(destination, mmu, new SequentialPattern(PAGES),
                throttler, control, receiver, vcpuWaiter, SystemNanoClock.INSTANCE, 10_000, Long.MAX_VALUE);
            final Thread receiverThread = new Thread(receiver, "test-receiver");
            final Thread vcpuThread = new Thread(vcpu, "test-vcpu");
            receiverThread.start();
            vcpuThread.start();

            final LinkEnd sourceEnd = link.source();
            send(sourceEnd, Frame.TYPE_CPU_STATE, 0, 1, source.pageAddress(0), Frame.CPU_STATE_LENGTH);
            send(sourceEnd, Frame.TYPE_PAGES, 0, 4, source.pageAddress(0), 4 * Frame.PAGE_SIZE);
            Thread.sleep(200);
            sourceEnd.close();

            receiverThread.join(20_000);
            vcpuThread.join(20_000);
            assertFalse(receiverThread.isAlive(), "receiver still running");
            assertFalse(vcpuThread.isAlive(), "vCPU still waiting");
            receiverWaiter.close();
            vcpuWaiter.close();
            assertNotNull(control.failure());
            assertTrue(control.failure().startsWith("destination: "), control.failure());
            assertTrue(mmu.faults() >= 1);
        }
    }

    private static void send(final LinkEnd end, final int type, final long page, final int count, final long address,
        final int length)
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        final boolean demand = type == Frame.TYPE_CPU_STATE;
        while (!(demand ? end.demand() : end.push()).trySend(type, 0, page, count, address, length))
        {
            assertTrue(System.nanoTime() < deadline, "could not send");
            Thread.onSpinWait();
        }
        while (!(demand ? end.demand() : end.push()).isFlushed())
        {
            (demand ? end.demand() : end.push()).flush();
        }
    }
}
