package io.vcspbench.core.link;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The TCP connection set-up: the connecting side sends HELLO on each of its two connections
 * (flags = channel id), the listening side checks it against its own configuration and answers
 * HELLO_ACK, or ERROR with the reason and closes. Both sides thereby agree on protocol version,
 * page size, guest memory size, frame limit and CRC checking before any page moves, and each
 * learns the other's clock for latency emulation. With a shared secret ({@link LinkSecret}) the
 * HELLO_ACK carries the listener's proof over both nonces, which the connector checks before it
 * answers with its own proof in AUTH; the listener hands out the connection only once that proof
 * is right, so both sides know the other holds the secret. Runs once per connection, off the hot path.
 *
 * <pre>
 * HELLO / HELLO_ACK: page = memory pages, count = page size, flags = channel id
 * payload: 0 int magic, 4 int version, 8 long nanoTime, 16 int maxPagesPerFrame, 20 int flags (1 = CRC,
 *          2 = AUTH), 24 int bandwidthMbit, 28 int latencyUs, 32 long session, 40 16 bytes nonce,
 *          56 32 bytes proof (HELLO_ACK with AUTH: the listener's; else zeros), 88 8 bytes reserved
 * AUTH: page = session, flags = channel id; payload 32 bytes: the connector's proof
 * </pre>
 */
final class Handshake
{
    /** HELLO and HELLO_ACK frame length, bytes. */
    static final int FRAME_LENGTH = Frame.HEADER_LENGTH + Frame.HELLO_PAYLOAD_LENGTH;
    /** AUTH frame length, bytes. */
    static final int AUTH_FRAME_LENGTH = Frame.HEADER_LENGTH + LinkSecret.PROOF_LENGTH;
    /** Largest HELLO any version may send that is still read to say which version it is. */
    private static final int MAX_HELLO_LENGTH = Frame.HEADER_LENGTH + 256;
    private static final int MAGIC_OFFSET = Frame.HEADER_LENGTH;
    private static final int VERSION_OFFSET = Frame.HEADER_LENGTH + 4;
    private static final int NANO_OFFSET = Frame.HEADER_LENGTH + 8;
    private static final int MAX_PAGES_OFFSET = Frame.HEADER_LENGTH + 16;
    private static final int FLAGS_OFFSET = Frame.HEADER_LENGTH + 20;
    private static final int BANDWIDTH_OFFSET = Frame.HEADER_LENGTH + 24;
    private static final int LATENCY_OFFSET = Frame.HEADER_LENGTH + 28;
    private static final int SESSION_OFFSET = Frame.HEADER_LENGTH + 32;
    private static final int NONCE_OFFSET = Frame.HEADER_LENGTH + 40;
    private static final int PROOF_OFFSET = Frame.HEADER_LENGTH + 56;
    private static final int FLAG_CRC = 1;
    private static final int FLAG_AUTH = 2;

    private Handshake()
    {
    }

    /** What a peer said in its HELLO or HELLO_ACK. */
    record Hello(int channelId, long peerNanoTime, long receivedNs, long session, byte[] nonce, byte[] proof,
        boolean auth)
    {
    }

    /**
     * Writes a HELLO (connector) or HELLO_ACK (listener) in blocking fashion before the deadline.
     *
     * @param proof the listener's proof in a HELLO_ACK, or null.
     */
    static void send(final SocketChannel socket, final int type, final int channelId, final LinkConfig config,
        final boolean auth, final long session, final byte[] nonce, final byte[] proof, final long deadlineNs,
        final String peer) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(FRAME_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(FRAME_LENGTH).putShort((short)type).putShort((short)channelId)
            .putLong(config.memoryPages()).putInt(Frame.PAGE_SIZE).putInt(0).putLong(System.nanoTime())
            .putInt(Frame.MAGIC).putInt(Frame.PROTOCOL_VERSION).putLong(System.nanoTime())
            .putInt(config.maxPagesPerFrame()).putInt((config.checkCrc() ? FLAG_CRC : 0) | (auth ? FLAG_AUTH : 0))
            .putInt((int)config.bandwidthMbit()).putInt((int)config.latencyUs())
            .putLong(session).put(nonce);
        if (proof != null)
        {
            bytes.put(proof);
        }
        bytes.position(FRAME_LENGTH).flip();
        writeFully(socket, bytes, deadlineNs, peer);
    }

    /** Writes the connector's AUTH frame: its proof for one channel. */
    static void sendAuth(final SocketChannel socket, final int channelId, final long session, final byte[] proof,
        final long deadlineNs, final String peer) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(AUTH_FRAME_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(AUTH_FRAME_LENGTH).putShort((short)Frame.TYPE_AUTH).putShort((short)channelId)
            .putLong(session).putInt(0).putInt(0).putLong(System.nanoTime()).put(proof).flip();
        writeFully(socket, bytes, deadlineNs, peer);
    }

    /** Sends an ERROR frame with a reason, best effort: the connection is being refused anyway. */
    static void sendError(final SocketChannel socket, final String reason)
    {
        final byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        final int length = Math.min(text.length, Frame.MAX_ERROR_LENGTH);
        final ByteBuffer bytes = ByteBuffer.allocate(Frame.HEADER_LENGTH + length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(Frame.HEADER_LENGTH + length).putShort((short)Frame.TYPE_ERROR).putShort((short)0)
            .putLong(0).putInt(0).putInt(0).putLong(System.nanoTime()).put(text, 0, length);
        bytes.flip();
        try
        {
            writeFully(socket, bytes, System.nanoTime() + 1_000_000_000L, "peer");
        }
        catch (final IOException | LinkException ignore)
        {
            // the peer may already be gone; the refusal is reported on this side regardless
        }
    }

    /**
     * Checks a handshake frame's header and says how many payload bytes to read next.
     *
     * @param header       the 32-byte header, little-endian, from position 0.
     * @param expectedType HELLO, HELLO_ACK or AUTH.
     * @return the payload length to read.
     * @throws LinkException if the frame cannot be the one expected (nor an ERROR).
     */
    static int payloadLength(final ByteBuffer header, final int expectedType, final String peer)
    {
        final int length = header.getInt(Frame.LENGTH_OFFSET);
        final int type = header.getShort(Frame.TYPE_OFFSET);
        if (type == Frame.TYPE_ERROR && length >= Frame.HEADER_LENGTH &&
            length <= Frame.HEADER_LENGTH + Frame.MAX_ERROR_LENGTH)
        {
            return length - Frame.HEADER_LENGTH;
        }
        final boolean hello = expectedType != Frame.TYPE_AUTH;
        final boolean plausible = hello ? length >= Frame.HEADER_LENGTH + 8 && length <= MAX_HELLO_LENGTH :
            length == AUTH_FRAME_LENGTH;
        if (type != expectedType || !plausible)
        {
            throw new LinkException(peer + " is not a vcsp-bench peer: expected " + Frame.typeName(expectedType) +
                " of " + (hello ? FRAME_LENGTH : AUTH_FRAME_LENGTH) + " bytes, got " + Frame.typeName(type) + " of " +
                Integer.toUnsignedString(length) + " bytes");
        }
        return length - Frame.HEADER_LENGTH;
    }

    /**
     * Parses a whole HELLO or HELLO_ACK (or the peer's ERROR) and checks it against this side's
     * configuration and secret.
     *
     * @throws HandshakeMismatch with the reason when the peer differs (to be told to it).
     * @throws LinkException     when the peer refused us (its reason in the message).
     */
    static Hello parse(final ByteBuffer header, final ByteBuffer payload, final int expectedType,
        final LinkConfig config, final LinkSecret secret, final long receivedNs, final String peer)
    {
        if (header.getShort(Frame.TYPE_OFFSET) == Frame.TYPE_ERROR)
        {
            throw new LinkException(peer + " refused the connection: " +
                PeerText.quote(new String(payload.array(), 0, payload.limit(), StandardCharsets.UTF_8)));
        }
        final ByteBuffer all = ByteBuffer.allocate(Math.max(FRAME_LENGTH, header.limit() + payload.limit()))
            .order(ByteOrder.LITTLE_ENDIAN);
        all.put(header.duplicate().position(0).limit(Frame.HEADER_LENGTH))
            .put(payload.duplicate().position(0)).flip();
        final UnsafeBuffer f = new UnsafeBuffer(all);
        final boolean listening = expectedType == Frame.TYPE_HELLO;
        final int length = f.getInt(Frame.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (length != FRAME_LENGTH)
        {
            // Another version may lay HELLO out otherwise: name its version when magic says it is one of ours.
            final String version = f.getInt(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) == Frame.MAGIC ?
                versionMismatch(f, listening) : null;
            if (version != null)
            {
                throw new HandshakeMismatch(version);
            }
            throw new LinkException(peer + " is not a vcsp-bench peer: " + Frame.typeName(expectedType) + " of " +
                length + " bytes, expected " + FRAME_LENGTH);
        }
        final String mismatch = mismatch(f, config, listening);
        if (mismatch != null)
        {
            throw new HandshakeMismatch(mismatch);
        }
        final boolean auth = (f.getInt(FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN) & FLAG_AUTH) != 0;
        if (auth != secret.isSet())
        {
            throw new HandshakeMismatch(auth ?
                (listening ? "the connecting side" : "the listening side") + " has a shared secret and the " +
                    (listening ? "listening" : "connecting") + " side has none; give both the same --secret-file " +
                    "or VCSP_SECRET" :
                "the " + (listening ? "listening" : "connecting") + " side requires a shared secret and the " +
                    (listening ? "connecting" : "listening") + " side gave none; give both the same --secret-file " +
                    "or VCSP_SECRET");
        }
        final byte[] nonce = new byte[LinkSecret.NONCE_LENGTH];
        f.getBytes(NONCE_OFFSET, nonce);
        final byte[] proof = new byte[LinkSecret.PROOF_LENGTH];
        f.getBytes(PROOF_OFFSET, proof);
        final int channelId = f.getShort(Frame.FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN);
        return new Hello(channelId, f.getLong(NANO_OFFSET, ByteOrder.LITTLE_ENDIAN), receivedNs,
            f.getLong(SESSION_OFFSET, ByteOrder.LITTLE_ENDIAN), nonce, proof, auth);
    }

    /**
     * Reads the peer's HELLO (listener) or HELLO_ACK/ERROR (connector), blocking until the deadline,
     * and checks it against this side's configuration.
     *
     * @throws LinkException with the reason if the peer's configuration differs or it refused us.
     */
    static Hello receive(final SocketChannel socket, final int expectedType, final LinkConfig config,
        final LinkSecret secret, final long deadlineNs, final String peer) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(Frame.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        readFully(socket, header, deadlineNs, peer);
        final long receivedNs = System.nanoTime();
        final ByteBuffer payload = ByteBuffer.allocate(payloadLength(header, expectedType, peer))
            .order(ByteOrder.LITTLE_ENDIAN);
        readFully(socket, payload, deadlineNs, peer);
        return parse(header, payload, expectedType, config, secret, receivedNs, peer);
    }

    /**
     * Checks an AUTH frame's proof (listener side).
     *
     * @throws HandshakeMismatch if the frame is not this channel's, or the proof is wrong.
     */
    static void checkAuth(final ByteBuffer header, final ByteBuffer payload, final int channelId, final long session,
        final byte[] expectedProof, final String peer)
    {
        if (header.getShort(Frame.TYPE_OFFSET) == Frame.TYPE_ERROR)
        {
            throw new LinkException(peer + " gave up: " +
                PeerText.quote(new String(payload.array(), 0, payload.limit(), StandardCharsets.UTF_8)));
        }
        if (header.getShort(Frame.FLAGS_OFFSET) != channelId || header.getLong(Frame.PAGE_OFFSET) != session)
        {
            throw new HandshakeMismatch("AUTH for another channel or session");
        }
        final byte[] proof = new byte[LinkSecret.PROOF_LENGTH];
        payload.get(0, proof);
        if (!LinkSecret.matches(expectedProof, proof))
        {
            throw new HandshakeMismatch("the connecting side did not prove the shared secret (a different " +
                "--secret-file or VCSP_SECRET?)");
        }
    }

    private static String mismatch(final UnsafeBuffer f, final LinkConfig config, final boolean listening)
    {
        // Both sides may print the reason, so it names the sides by role rather than "this" and "peer".
        final String us = listening ? "listening side " : "connecting side ";
        final String them = listening ? ", connecting side " : ", listening side ";
        final ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        if (f.getInt(MAGIC_OFFSET, le) != Frame.MAGIC)
        {
            return "not a vcsp-bench peer (bad magic)";
        }
        final String version = versionMismatch(f, listening);
        if (version != null)
        {
            return version;
        }
        final int pageSize = f.getInt(Frame.COUNT_OFFSET, le);
        if (pageSize != Frame.PAGE_SIZE)
        {
            return "page size differs: " + us + Frame.PAGE_SIZE + " bytes" + them + pageSize + " bytes";
        }
        final long pages = f.getLong(Frame.PAGE_OFFSET, le);
        if (pages != config.memoryPages())
        {
            return "guest memory size differs: " + us + mib(config.memoryPages()) + " (" + config.memoryPages() +
                " pages)" + them + mib(pages) + " (" + pages + " pages); give both sides the same --memory-mib";
        }
        final int maxPages = f.getInt(MAX_PAGES_OFFSET, le);
        if (maxPages != config.maxPagesPerFrame())
        {
            return "frame limit differs: " + us + config.maxPagesPerFrame() + " pages per frame" + them + maxPages;
        }
        final boolean crc = (f.getInt(FLAGS_OFFSET, le) & FLAG_CRC) != 0;
        if (crc != config.checkCrc())
        {
            return "CRC checking differs: " + us + (config.checkCrc() ? "on" : "off") + them +
                (crc ? "on" : "off") + "; use --no-crc on both sides or neither";
        }
        final int bandwidth = f.getInt(BANDWIDTH_OFFSET, le);
        if (bandwidth != config.bandwidthMbit())
        {
            return "link bandwidth differs: " + us + config.bandwidthMbit() + " Mbit/s" + them + bandwidth +
                " Mbit/s; give both sides the same --bandwidth-mbit";
        }
        final int latency = f.getInt(LATENCY_OFFSET, le);
        if (latency != config.latencyUs())
        {
            return "added latency differs: " + us + config.latencyUs() + " µs" + them + latency +
                " µs; give both sides the same --latency-us";
        }
        return null;
    }

    private static String versionMismatch(final UnsafeBuffer f, final boolean listening)
    {
        final int version = f.getInt(VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (version == Frame.PROTOCOL_VERSION)
        {
            return null;
        }
        return "protocol version differs: " + (listening ? "listening side " : "connecting side ") +
            Frame.PROTOCOL_VERSION + (listening ? ", connecting side " : ", listening side ") + version +
            "; run the same vcsp-bench version on both sides";
    }

    private static String mib(final long pages)
    {
        return (pages * Frame.PAGE_SIZE >> 20) + " MiB";
    }

    static void writeFully(final SocketChannel socket, final ByteBuffer bytes, final long deadlineNs, final String peer)
        throws IOException
    {
        while (bytes.hasRemaining())
        {
            if (socket.write(bytes) == 0)
            {
                pause(deadlineNs, peer);
            }
        }
    }

    static void readFully(final SocketChannel socket, final ByteBuffer bytes, final long deadlineNs, final String peer)
        throws IOException
    {
        while (bytes.hasRemaining())
        {
            final int read = socket.read(bytes);
            if (read < 0)
            {
                throw new LinkException(peer + " closed the connection during the handshake");
            }
            if (read == 0)
            {
                pause(deadlineNs, peer);
            }
        }
    }

    private static void pause(final long deadlineNs, final String peer)
    {
        if (System.nanoTime() > deadlineNs)
        {
            throw new LinkException("handshake with " + peer + " timed out");
        }
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new LinkException("interrupted during the handshake with " + peer);
        }
    }

    /** The peer's configuration differs from ours: refused with this reason. */
    static final class HandshakeMismatch extends LinkException
    {
        private static final long serialVersionUID = 1L;

        HandshakeMismatch(final String reason)
        {
            super(reason);
        }
    }
}
