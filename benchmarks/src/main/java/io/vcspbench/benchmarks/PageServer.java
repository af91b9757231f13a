package io.vcspbench.benchmarks;

import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.FrameHandler;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.memory.GuestMemory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The source side of {@link FaultLatencyBenchmark}: polls the source's demand channel and answers
 * every REQUEST with one PAGES frame carrying the requested pages straight from guest memory, as the
 * source agent's demand path does, but with no "sent" bitmap, so the same page may be asked for
 * again and again. Allocation-free once started.
 */
final class PageServer extends BackgroundLoop
{
    private static final int POLL_LIMIT = 16;

    private final GuestMemory memory;
    private final Channel demand;
    private final IdleStrategy sendIdle;
    private final FrameHandler onRequest = this::onRequest;

    PageServer(final GuestMemory memory, final Channel demand, final IdleStrategy idle, final IdleStrategy sendIdle)
    {
        super("page-server", idle);
        this.memory = memory;
        this.demand = demand;
        this.sendIdle = sendIdle;
    }

    @Override
    int doWork()
    {
        int work = demand.poll(onRequest, POLL_LIMIT);
        work += demand.flush();
        return work;
    }

    private void onRequest(
        final int type, final int flags, final long page, final int count,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (type != Frame.TYPE_REQUEST)
        {
            throw new LinkException("unexpected " + Frame.typeName(type) + " frame at the page server");
        }
        sendIdle.reset();
        while (!demand.trySend(Frame.TYPE_PAGES, Frame.FLAG_DEMAND, page, count, memory.pageAddress(page),
            count << Frame.PAGE_SHIFT))
        {
            if (!isRunning())
            {
                return;
            }
            demand.flush();
            sendIdle.idle();
        }
    }
}
