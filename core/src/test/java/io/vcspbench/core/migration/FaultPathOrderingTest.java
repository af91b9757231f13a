package io.vcspbench.core.migration;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.destination.FaultSignal;
import io.vcspbench.core.destination.PageReceiver;
import io.vcspbench.core.destination.QuasiMmu;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkEnd;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.source.SourceAgent;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ordering rules of the fault path, driven step by step on the test thread (no timing): at the
 * source a fault request is served before the next pushed frame; at the destination the stalled
 * vCPU makes its reply present itself, while pushed frames that arrived before it wait uncopied.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultPathOrderingTest
{
    private static final int PAGES = 4096;
    private static final int PUSH_BATCH = 16;

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldServeAQueuedFaultRequestBeforeTheNextPushedFrame(final LinkKind kind)
    {
        try (GuestMemory memory = GuestMemory.allocate(PAGES);
            LinkPair link = Links.openInProcess(LinkConfig.builder().kind(kind).memoryPages(PAGES).build());
            Waiter waiter = link.source().newBlockingWaiter())
        {
            memory.fillPattern(3);
            final MigrationControl control = new MigrationControl();
            final SourceAgent agent = new SourceAgent(memory, link.source(), control, waiter,
                SystemNanoClock.INSTANCE, 1, PUSH_BATCH, 64, 5_000, 3, PushMode.ON);
            for (int i = 0; i < 4; i++)
            {
                agent.doWork(); // the push is under way: a frame per duty cycle
            }
            final long pushedBefore = agent.pushPagesSent();
            assertEquals(4 * PUSH_BATCH, pushedBefore);

            assertTrue(link.destination().demand().trySend(Frame.TYPE_REQUEST, 0, 3000, 1, 0, 0));
            link.destination().demand().flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (agent.requestsReceived() == 0 && System.nanoTime() < deadline)
            {
                agent.doWork();
            }
            assertEquals(1, agent.requestsReceived());
            assertEquals(1, agent.demandPagesSent(), "the request is served in the cycle that takes it");
            final long pushedWhenServed = agent.pushPagesSent();
            assertTrue(pushedWhenServed - pushedBefore <= PUSH_BATCH,
                "at most the frame already under way when the request arrived goes out before the reply");
            assertNull(control.failure());
        }
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(LinkKind.class)
    void shouldMakeTheFaultReplyPresentWhilePushedFramesWaitUncopied(final LinkKind kind)
    {
        try (GuestMemory source = GuestMemory.allocate(PAGES);
            GuestMemory destination = GuestMemory.allocate(PAGES);
            LinkPair link = Links.openInProcess(LinkConfig.builder().kind(kind).memoryPages(PAGES).build());
            Waiter receiverWaiter = link.destination().newBlockingWaiter();
            Waiter vcpuWaiter = link.destination().newBlockingWaiter())
        {
            source.fillPattern(4);
            receiverWaiter.watch(link.destination().push());
            vcpuWaiter.watch(link.destination().demand());
            final MigrationControl control = new MigrationControl();
            final PageBitmap present = new PageBitmap(PAGES);
            final FaultSignal signal = new FaultSignal(vcpuWaiter);
            // The receiver's thread is never started: whatever arrives on the push channel stays there.
            final PageReceiver receiver = new PageReceiver(destination, present, link.destination(), control,
                receiverWaiter, signal, SystemNanoClock.INSTANCE, 5_000, false);
            final long highestNs = TimeUnit.SECONDS.toNanos(10);
            final QuasiMmu mmu = new QuasiMmu(present, link.destination().demand(), receiver, signal, control,
                SystemNanoClock.INSTANCE, new SingleWriterRecorder(1, highestNs, 3), new DutyCycleThrottler(100), 1,
                5_000, highestNs, null);

            final LinkEnd sourceEnd = link.source();
            for (int frame = 0; frame < 8; frame++)
            {
                final long first = (long)frame * PUSH_BATCH;
                assertTrue(sourceEnd.push().trySend(Frame.TYPE_PAGES, 0, first, PUSH_BATCH, source.pageAddress(first),
                    PUSH_BATCH * Frame.PAGE_SIZE));
                sourceEnd.push().flush();
            }
            assertTrue(sourceEnd.demand().trySend(Frame.TYPE_PAGES, Frame.FLAG_DEMAND, 2000, 1,
                source.pageAddress(2000), Frame.PAGE_SIZE));
            sourceEnd.demand().flush();

            assertTrue(mmu.access(2000) > 0, "page 2000 was missing: a fault");
            assertTrue(present.get(2000));
            assertTrue(source.pageEquals(2000, destination, GuestMemory.PAGE_SIZE));
            assertEquals(1, present.cardinality(), "no pushed page was copied before the fault's reply");
            assertEquals(1, receiver.demandPagesReceived());
            assertNull(control.failure());
        }
    }
}
