package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;

/**
 * A bare request/response transport for {@link PlainRequestResponseBenchmark}: a 12-byte request
 * (page, count) one way, {@code count × 4096} raw bytes from source guest memory back, copied into
 * destination guest memory. No frame header, validation, CRC, pacing or latency emulation: the floor
 * a migration link is compared with. The client methods belong to the benchmark thread, {@link #serve()}
 * to the server thread. Allocation-free once open.
 */
abstract class PlainTransport implements AutoCloseable
{
    /** Request length: long page, int count. */
    static final int REQUEST_LENGTH = 12;

    final GuestMemory source;
    final GuestMemory destination;

    long responsePage;
    int responseBytesExpected;
    int responseBytesReceived;

    PlainTransport(final GuestMemory source, final GuestMemory destination)
    {
        this.source = source;
        this.destination = destination;
    }

    /**
     * Opens a transport of the given kind.
     *
     * @param link        {@code ipc} or {@code tcp}.
     * @param source      memory the server answers from.
     * @param destination memory the client copies responses into.
     * @param maxPages    the largest request.
     * @return the transport; close it when done.
     */
    static PlainTransport open(final String link, final GuestMemory source, final GuestMemory destination, final int maxPages)
    {
        switch (link)
        {
            case "ipc": return new IpcPlainTransport(source, destination, maxPages);
            case "tcp": return TcpPlainTransport.open(source, destination, maxPages);
            default: throw new IllegalArgumentException("link must be one of ipc|tcp, was '" + link + "'");
        }
    }

    /**
     * Client: offers a request and resets the response count.
     *
     * @param page  first page.
     * @param count pages.
     * @return true if the request was taken.
     */
    abstract boolean trySendRequest(long page, int count);

    /**
     * Client: takes whatever part of the response has arrived.
     *
     * @return bytes taken by this call, 0 if none.
     */
    abstract int pollResponse();

    /**
     * Server: one duty cycle, answering requests.
     *
     * @return work done, 0 when idle.
     */
    abstract int serve();

    /** @return whether the whole response to the last request has arrived. */
    final boolean responseComplete()
    {
        return responseBytesReceived >= responseBytesExpected;
    }

    final void expectResponse(final long page, final int count)
    {
        responsePage = page;
        responseBytesExpected = count * GuestMemory.PAGE_SIZE;
        responseBytesReceived = 0;
    }

    @Override
    public abstract void close();
}
