package io.vcspbench.core.link;

/**
 * One end of a duplex framed channel. Sending and receiving may happen on two different threads,
 * but each direction has a single thread: one sender thread, one polling thread. Nothing on the
 * send or poll path allocates once the channel is open.
 *
 * <p>Pacing (bandwidth) is applied on the sending side: {@link #trySend} returns false while the
 * link has no budget yet, so the caller can serve something more urgent meanwhile. The added one-way
 * latency is applied on the receiving side: {@link #poll} does not hand out a frame before its
 * departure time plus the latency.
 */
public interface Channel extends AutoCloseable
{
    /**
     * Offers one frame. The payload is copied from off-heap memory, so a caller sends guest pages
     * straight from guest memory.
     *
     * @param type           frame type.
     * @param flags          frame flags.
     * @param page           page field.
     * @param count          count field.
     * @param payloadAddress address of the payload, ignored when {@code payloadLength} is 0.
     * @param payloadLength  payload length in bytes.
     * @return true if the frame was accepted (it will be delivered in order), false if there is no
     * room or no bandwidth budget now; retry later.
     * @throws LinkException if the channel is closed or the peer has gone.
     */
    boolean trySend(int type, int flags, long page, int count, long payloadAddress, int payloadLength);

    /**
     * Makes progress on frames accepted but not yet fully written (TCP partial writes).
     *
     * @return number of bytes written by this call, 0 if nothing was pending.
     * @throws LinkException if the peer has gone.
     */
    int flush();

    /**
     * @return true when every accepted frame has been handed to the transport.
     */
    boolean isFlushed();

    /**
     * Delivers up to {@code limit} due frames to the handler, each validated first.
     *
     * @param handler receives the frames.
     * @param limit   most frames to deliver in this call.
     * @return number of frames delivered.
     * @throws LinkException on an invalid frame (naming it), an ERROR frame from the peer, or a peer
     *                       that has closed or disappeared.
     */
    int poll(FrameHandler handler, int limit);

    /**
     * @return when the first frame that the last {@link #poll} left undelivered because the emulated
     * link has not delivered it yet (latency, or a paced frame whose last bit has not left) falls due,
     * on this channel's clock; {@link Long#MAX_VALUE} when the last poll held nothing back. Poll
     * thread only.
     */
    long heldUntilNs();

    /**
     * @param nowNs current time on this channel's clock.
     * @return ns until the pacer lets a frame of this channel leave, 0 when now (or unpaced).
     */
    long sendDelayNs(long nowNs);

    /**
     * @return total bytes (headers and payloads) accepted for sending on this end so far.
     */
    long bytesSent();

    /**
     * @return total bytes (headers and payloads) delivered to handlers on this end so far.
     */
    long bytesReceived();

    /**
     * Closes this end; the peer's next poll after draining reports the channel closed. Idempotent.
     */
    @Override
    void close();
}
