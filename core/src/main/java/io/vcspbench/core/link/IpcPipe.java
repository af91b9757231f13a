package io.vcspbench.core.link;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * One direction of an in-process channel: an Agrona one-to-one ring buffer plus who has closed it.
 * The ring's memory is a direct buffer, freed by its cleaner once both ends are unreachable.
 */
final class IpcPipe
{
    final OneToOneRingBuffer ring;
    volatile boolean writerClosed;
    volatile boolean readerClosed;
    /** Woken when a frame is committed: the reading thread's waiter, or null when it polls. */
    volatile Waiter readerWaiter;
    /** Woken when the reader frees room after the writer found the ring full, or null. */
    volatile Waiter writerWaiter;
    /** Set by the writer when the ring was full, cleared by the reader that frees room. */
    volatile boolean writerBlocked;

    /**
     * @param capacityBytes ring capacity, a power of two.
     */
    IpcPipe(final int capacityBytes)
    {
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }
}
