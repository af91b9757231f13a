package io.vcspbench.benchmarks;

import io.vcspbench.core.memory.GuestMemory;

/**
 * A bare request/response transport for {@link PlainRequestResponseBenchmark}: a request (page,
 * count) one way and {@code count × 4096} bytes of source guest memory landing in the same pages of
 * destination guest memory. No frame header, validation, CRC, pacing or latency emulation, and no
 * copy the transport does not need: the floor a migration link is compared with. The client methods
 * belong to the benchmark thread, {@link #serve()} to the server thread. Allocation-free once open.
 */
abstract class PlainTransport implements AutoCloseable
{
    /** Request length on the wire, bytes: long page, int count. */
    static final int REQUEST_LENGTH = 12;

    final GuestMemory source;
    final GuestMemory destination;
    /** Whether both sides block in the kernel ({@code block}) instead of polling. */
    final boolean blocking;

    long responsePage;
    int responseBytesExpected;
    int responseBytesReceived;

    PlainTransport(final GuestMemory source, final GuestMemory destination, final boolean blocking)
    {
        this.source = source;
        this.destination = destination;
        this.blocking = blocking;
    }

    /**
     * Opens a transport of the given kind.
     *
     * @param link        {@code ipc} or {@code tcp}.
     * @param source      memory the server answers from.
     * @param destination memory the responses land in.
     * @param maxPages    the largest request.
     * @param blocking    whether the threads block in the kernel and are woken by the event.
     * @return the transport; close it when done.
     */
    static PlainTransport open(
        final String link, final GuestMemory source, final GuestMemory destination, final int maxPages,
        final boolean blocking)
    {
        switch (link)
        {
            case "ipc": return new IpcPlainTransport(source, destination, blocking);
            case "tcp": return TcpPlainTransport.open(source, destination, maxPages, blocking);
            default: throw new IllegalArgumentException("link must be one of ipc|tcp, was '" + link + "'");
        }
    }

    /**
     * Client: sends a request and resets the response count. Only one request is outstanding at a time.
     *
     * @param page  first page.
     * @param count pages.
     * @return true if the request was taken.
     */
    abstract boolean trySendRequest(long page, int count);

    /**
     * Client: takes whatever part of the response has arrived; in blocking mode may block until some has.
     *
     * @return bytes taken by this call, 0 if none.
     */
    abstract int pollResponse();

    /**
     * Server: one duty cycle, answering at most one request; in blocking mode may block until one comes.
     *
     * @return work done, 0 when idle.
     */
    abstract int serve();

    /** Wakes a server blocked in {@link #serve()} so it can see its stop flag; any thread. */
    abstract void wakeServerForStop();

    /** Called on the server thread when it fails, so a client blocked waiting for it is woken. */
    abstract void onServerFailure();

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
