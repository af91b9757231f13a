package io.vcspbench.core.link;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frame decoder against arbitrary bytes, as a hostile or broken peer sends them: every input is
 * either delivered as a frame that keeps {@link Frame}'s rules (pages inside guest memory, a payload
 * of the right length) or refused with a {@link LinkException} whose message is one printable line;
 * nothing else escapes (no index, arithmetic or decoding exception). {@code mvn verify} replays the
 * inputs kept under {@code FrameDecoderFuzzTestInputs}; {@code mvn verify -Pfuzz} fuzzes.
 */
class FrameDecoderFuzzTest
{
    private static final long MEMORY_PAGES = 64;
    private static final int MAX_PAGES_PER_FRAME = 4;

    @FuzzTest(maxDuration = "60s")
    void shouldDeliverAValidFrameOrRefuseItInOneSafeLine(final FuzzedDataProvider data)
    {
        final boolean demand = data.consumeBoolean();
        final boolean crc = data.consumeBoolean();
        final byte[] bytes = data.consumeRemainingAsBytes();
        final LinkConfig config = LinkConfig.builder()
            .kind(LinkKind.IPC)
            .memoryPages(MEMORY_PAGES)
            .maxPagesPerFrame(MAX_PAGES_PER_FRAME)
            .checkCrc(crc)
            .build();
        final FrameCodec codec = new FrameCodec(demand ? Frame.CHANNEL_DEMAND : Frame.CHANNEL_PUSH, config);
        // A direct buffer, as the channels read into: the CRC is computed from its address.
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(
            Math.max(bytes.length, codec.maxFrameLength())));
        buffer.putBytes(0, bytes);

        try
        {
            final int length = codec.checkedLength(buffer, 0);
            assertTrue(length >= Frame.HEADER_LENGTH && length <= codec.maxFrameLength(), "length " + length);
            codec.deliver(buffer, 0, length, (type, flags, page, count, b, payloadOffset, payloadLength) ->
            {
                assertEquals(length - Frame.HEADER_LENGTH, payloadLength);
                assertEquals(Frame.HEADER_LENGTH, payloadOffset);
                if (type == Frame.TYPE_PAGES || type == Frame.TYPE_DISCARD || type == Frame.TYPE_DIGESTS ||
                    type == Frame.TYPE_REQUEST)
                {
                    assertTrue(count >= 1, "count " + count);
                    assertTrue(page >= 0 && page + (type == Frame.TYPE_REQUEST ? 1 : count) <= MEMORY_PAGES,
                        "page " + page + " count " + count + " inside " + MEMORY_PAGES);
                }
                if (type == Frame.TYPE_PAGES)
                {
                    assertEquals((long)count * Frame.PAGE_SIZE, payloadLength);
                }
            });
        }
        catch (final LinkException refused)
        {
            final String message = refused.getMessage();
            assertFalse(message == null || message.isEmpty(), "a refusal says why");
            assertFalse(PeerText.hasControl(message), "one printable line: " + message);
        }
    }
}
