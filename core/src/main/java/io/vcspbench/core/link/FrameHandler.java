package io.vcspbench.core.link;

import org.agrona.DirectBuffer;

/**
 * Receives frames that have already been validated (type known, page range inside guest memory,
 * payload length right for the type, CRC checked when enabled). The buffer is only valid for the
 * duration of the call: copy what you need. Called on the polling thread; must not allocate.
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * One validated frame.
     *
     * @param type          frame type ({@code Frame.TYPE_*}).
     * @param flags         frame flags.
     * @param page          page field.
     * @param count         count field.
     * @param buffer        buffer holding the payload.
     * @param payloadOffset offset of the payload in {@code buffer}.
     * @param payloadLength payload length in bytes.
     */
    void onFrame(int type, int flags, long page, int count, DirectBuffer buffer, int payloadOffset, int payloadLength);
}
