package io.vcspbench.benchmarks;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.Channel;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.link.FrameHandler;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.link.LinkPair;
import io.vcspbench.core.link.Links;
import io.vcspbench.core.memory.GuestMemory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One fault round trip over a real link, as the quasi-MMU sees it: the destination (the benchmark
 * thread) sends a REQUEST for {@code pages} pages on the demand channel and waits until that many
 * pages have arrived, been validated (length, range, CRC32C) and copied into its guest memory. The
 * source side is a {@link PageServer} thread answering from its guest memory. Each round trip asks
 * for the next pages of a 16 MiB guest, so copies do not stay in one cache line set.
 *
 * <p>Sample mode, so the result carries p50/p99; compare with {@link PlainRequestResponseBenchmark}
 * (same sizes, same transports, no framing or validation) for the cost of the migration link itself.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class FaultLatencyBenchmark
{
    /** Guest memory per side, pages (16 MiB). */
    static final int MEMORY_PAGES = 4096;
    /** A round trip that takes longer than this has hung: the benchmark fails rather than waits. */
    static final long ROUND_TRIP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** Link transport: {@code ipc} (Agrona rings) or {@code tcp} (loopback NIO). */
    @Param({ "ipc", "tcp" })
    public String link;

    /** N, pages asked for by one request and returned in one PAGES frame. */
    @Param({ "1", "10", "64" })
    public int pages;

    /** How both sides wait: {@code spin} polls, {@code block} (the migrations' default) blocks in the kernel. */
    @Param({ "spin", "backoff", "block" })
    public String waitStrategy;

    /** Whether payloads carry a CRC32C that the destination checks (migrations default to true). */
    @Param({ "true" })
    public boolean checkCrc;

    private final FrameHandler onPages = this::onPages;
    private final UnsafeBuffer pageView = new UnsafeBuffer(0, 0);

    private GuestMemory sourceMemory;
    private GuestMemory destinationMemory;
    private LinkPair linkPair;
    private PageServer server;
    private Channel demand;
    private LinkIdle idle;
    private LinkIdle serverIdle;
    private LinkIdle serverSendIdle;
    private long nextPage;
    private int pagesArrived;

    /** Allocates both guests, opens the link and starts the source thread. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final WaitStrategy wait = WaitStrategy.fromCliName(waitStrategy);
        sourceMemory = GuestMemory.allocate(MEMORY_PAGES);
        sourceMemory.fillPattern(1);
        destinationMemory = GuestMemory.allocate(MEMORY_PAGES);
        linkPair = Links.openInProcess(LinkConfig.builder()
            .kind(LinkKind.fromCliName(link))
            .memoryPages(MEMORY_PAGES)
            .maxPagesPerFrame(Math.max(pages, 1))
            .checkCrc(checkCrc)
            .build());
        demand = linkPair.destination().demand();
        idle = LinkIdle.of(wait, linkPair.destination(), demand);
        serverIdle = LinkIdle.of(wait, linkPair.source(), linkPair.source().demand());
        serverSendIdle = wait.blocking() ? serverIdle : LinkIdle.of(wait, linkPair.source(), linkPair.source().demand());
        server = new PageServer(sourceMemory, linkPair.source().demand(), serverIdle, serverSendIdle);
        server.start();
    }

    /** Stops and joins the source thread, then closes the link and frees both guests. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (server != null)
            {
                server.stopAndJoin();
            }
        }
        finally
        {
            Resources.closeAll(linkPair, idle, serverIdle, serverSendIdle, sourceMemory, destinationMemory);
        }
    }

    /**
     * One request for {@code pages} pages and the wait for all of them.
     *
     * @param allocation per-thread allocation accounting.
     * @return the index of the first page that arrived.
     */
    @Benchmark
    public long fault(final ThreadAllocation allocation)
    {
        allocation.opStart();
        final long page = nextPage;
        final int n = pages;
        nextPage = page + 2L * n > MEMORY_PAGES ? 0 : page + n;
        pagesArrived = 0;

        final long deadlineNs = System.nanoTime() + ROUND_TRIP_TIMEOUT_NS;
        idle.reset();
        while (!demand.trySend(Frame.TYPE_REQUEST, 0, page, n, 0, 0))
        {
            awaitProgress(deadlineNs);
        }
        demand.flush();
        idle.reset();
        while (pagesArrived < n)
        {
            if (demand.poll(onPages, 16) == 0)
            {
                demand.flush();
                awaitProgress(deadlineNs);
            }
            else
            {
                idle.reset();
            }
        }
        allocation.opEnd();
        return page;
    }

    private void awaitProgress(final long deadlineNs)
    {
        server.checkHealthy();
        if (System.nanoTime() > deadlineNs)
        {
            throw new IllegalStateException("no answer from the page server within " +
                TimeUnit.NANOSECONDS.toMillis(ROUND_TRIP_TIMEOUT_NS) + " ms");
        }
        idle.idle();
    }

    private void onPages(
        final int type, final int flags, final long page, final int count,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (type != Frame.TYPE_PAGES)
        {
            throw new LinkException("unexpected " + Frame.typeName(type) + " frame at the destination");
        }
        for (int i = 0; i < count; i++)
        {
            pageView.wrap(destinationMemory.pageAddress(page + i), GuestMemory.PAGE_SIZE);
            buffer.getBytes(offset + (i << Frame.PAGE_SHIFT), pageView, 0, GuestMemory.PAGE_SIZE);
        }
        pagesArrived += count;
    }
}
