package io.vcspbench.core.link;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handshake parser against arbitrary bytes, as a stranger on the source's port sends them: a
 * HELLO, HELLO_ACK or AUTH frame is either accepted (a HELLO only when it matches this side's
 * configuration and, with a secret, says so) or refused with a {@link LinkException} on one
 * printable line; nothing else escapes. {@code mvn verify} replays the kept inputs, {@code -Pfuzz}
 * fuzzes.
 */
class HandshakeFuzzTest
{
    private static final LinkConfig CONFIG = LinkConfig.builder()
        .kind(LinkKind.TCP)
        .memoryPages(2048)
        .maxPagesPerFrame(16)
        .checkCrc(true)
        .build();
    private static final LinkSecret SECRET = LinkSecret.of("sixteen bytes at least".getBytes(StandardCharsets.UTF_8));
    private static final int[] TYPES = { Frame.TYPE_HELLO, Frame.TYPE_HELLO_ACK, Frame.TYPE_AUTH };

    @FuzzTest(maxDuration = "60s")
    void shouldParseAHandshakeFrameOrRefuseItInOneSafeLine(final FuzzedDataProvider data)
    {
        final int expectedType = TYPES[data.consumeInt(0, TYPES.length - 1)];
        final boolean withSecret = data.consumeBoolean();
        final byte[] bytes = data.consumeRemainingAsBytes();
        final ByteBuffer header = ByteBuffer.allocate(Frame.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.put(bytes, 0, Math.min(bytes.length, Frame.HEADER_LENGTH)).clear();

        try
        {
            final int payloadLength = Handshake.payloadLength(header, expectedType, "peer");
            assertTrue(payloadLength >= 0 && payloadLength <= Frame.MAX_ERROR_LENGTH + 256, "payload " + payloadLength);
            final ByteBuffer payload = ByteBuffer.allocate(payloadLength).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.length > Frame.HEADER_LENGTH)
            {
                payload.put(bytes, Frame.HEADER_LENGTH, Math.min(payloadLength, bytes.length - Frame.HEADER_LENGTH));
            }
            payload.clear();
            if (expectedType == Frame.TYPE_AUTH)
            {
                Handshake.checkAuth(header, payload, Frame.CHANNEL_DEMAND, 42, new byte[LinkSecret.PROOF_LENGTH], "peer");
                return;
            }
            final Handshake.Hello hello = Handshake.parse(header, payload, expectedType, CONFIG,
                withSecret ? SECRET : LinkSecret.NONE, 0, "peer");
            assertNotNull(hello);
            assertEquals(withSecret, hello.auth(), "a HELLO is accepted only when it agrees on the secret");
        }
        catch (final LinkException refused)
        {
            final String message = refused.getMessage();
            assertFalse(message == null || message.isEmpty(), "a refusal says why");
            assertFalse(PeerText.hasControl(message), "one printable line: " + message);
        }
    }
}
