package io.vcspbench.core.link;

import io.vcspbench.core.memory.GuestMemory;

/**
 * The wire format: one frame is a fixed 32-byte little-endian header followed by a payload.
 * Constants only; encoding lives in the channels, validation in {@link FrameCodec}.
 *
 * <pre>
 *   0  int   frameLength   header + payload, bytes
 *   4  short type          one of the TYPE_* constants
 *   6  short flags         type-specific (FLAG_*)
 *   8  long  page          first page index (PAGES, REQUEST), memory pages (HELLO), ...
 *  16  int   count         page count (PAGES, REQUEST), ...
 *  20  int   crc           CRC32C of the payload, 0 when integrity checking is off
 *  24  long  sendNs        sender's System.nanoTime() at departure (after pacing); drives latency emulation
 *  32  ...   payload
 * </pre>
 *
 * <p>PAGES flags: {@link #FLAG_DEMAND} marks the frames of a fault request's reply (sent on the
 * demand channel), and of those {@link #FLAG_REPLY_HEAD} marks the one whose first page is the
 * faulting page itself, so the destination can tell the page a fault asked for from the pages
 * prefetched with it. A reply has no head frame when its faulting page had already been sent
 * (pushed, or prefetched by an earlier reply); the source then sends only the window's unsent pages.
 * {@link #FLAG_RESEND} marks pre-copy's resent dirty pages.
 */
public final class Frame
{
    /** Protocol version carried in HELLO; bump on any incompatible change of this layout. */
    public static final int PROTOCOL_VERSION = 4;
    /** Magic carried at the start of the HELLO payload: "VCSP" read as a little-endian int. */
    public static final int MAGIC = 0x50534356;

    /** Guest page size in bytes, as {@link GuestMemory#PAGE_SIZE}: a PAGES payload is whole guest pages. */
    public static final int PAGE_SIZE = GuestMemory.PAGE_SIZE;
    /** log2 of {@link #PAGE_SIZE}. */
    public static final int PAGE_SHIFT = GuestMemory.PAGE_SHIFT;

    /** Header length in bytes. */
    public static final int HEADER_LENGTH = 32;
    /** Offset of the frame length (int). */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the type (short). */
    public static final int TYPE_OFFSET = 4;
    /** Offset of the flags (short). */
    public static final int FLAGS_OFFSET = 6;
    /** Offset of the page index (long). */
    public static final int PAGE_OFFSET = 8;
    /** Offset of the count (int). */
    public static final int COUNT_OFFSET = 16;
    /** Offset of the payload CRC32C (int). */
    public static final int CRC_OFFSET = 20;
    /** Offset of the departure timestamp (long, ns). */
    public static final int SEND_NS_OFFSET = 24;

    /**
     * Connection set-up, connector to listener. page = memory pages, count = page size, flags = channel
     * id; payload = {@link #HELLO_PAYLOAD_LENGTH} bytes: magic, version, nanoTime, the link settings both
     * sides must share, a session id, a nonce and (HELLO_ACK) a proof; see {@code Handshake}.
     */
    public static final int TYPE_HELLO = 1;
    /** Listener accepts a HELLO; same fields and payload as HELLO. */
    public static final int TYPE_HELLO_ACK = 2;
    /** Source to destination: the vCPU state; the destination vCPU may resume. count = 1, payload one page. */
    public static final int TYPE_CPU_STATE = 3;
    /** Destination to source: fault on {@code page}, send up to {@code count} pages from it on. No payload. */
    public static final int TYPE_REQUEST = 4;
    /** Source to destination: {@code count} contiguous pages from {@code page}; payload count × PAGE_SIZE. */
    public static final int TYPE_PAGES = 5;
    /** Source to destination: every page has been sent at least once; page = pages sent in all. No payload. */
    public static final int TYPE_DONE = 6;
    /** Destination to source: every page is present; the source may stop. No payload. */
    public static final int TYPE_COMPLETE = 7;
    /** Either way: the peer gives up; payload is a UTF-8 reason of at most {@link #MAX_ERROR_LENGTH} bytes. */
    public static final int TYPE_ERROR = 8;
    /** Source to destination (pre-copy): the end of round {@code page}; count = pages sent in the round. No payload. */
    public static final int TYPE_ROUND_END = 9;
    /**
     * Source to destination, before the CPU state of a migration that switches to post-copy after
     * pre-copy rounds (the hybrids): the copies of {@code count} pages from {@code page} that the
     * destination holds are stale (dirtied since they were sent), so they are no longer present and
     * will be faulted in or pushed. No payload. Since protocol version 3.
     */
    public static final int TYPE_DISCARD = 10;
    /**
     * Source to destination, after COMPLETE when the two run in different processes: digests of the
     * source's final memory for {@code count} pages from {@code page}, so the destination can check
     * every page; payload count x {@link #DIGEST_LENGTH} bytes: per page a long digest of its bytes
     * before the scratch word, then the scratch word itself. Since protocol version 3.
     */
    public static final int TYPE_DIGESTS = 11;
    /**
     * Source to destination (parallel-hybrid): the snapshot of all memory (StaticData) is complete in
     * shared storage; the destination merges it, keeping the newer copies the link brought. page =
     * pages in the snapshot. No payload. Since protocol version 3.
     */
    public static final int TYPE_SNAPSHOT = 12;
    /**
     * Connector to listener, in the handshake when both hold a shared secret: page = session id,
     * flags = channel id; payload the connector's 32-byte HMAC-SHA256 proof over both nonces. No page
     * moves on a connection before the listener has checked it. Since protocol version 4.
     */
    public static final int TYPE_AUTH = 13;
    /**
     * Destination to source, after the digests (two processes): every page the destination holds
     * matched the source's digests and the run succeeded; page = pages checked. The source succeeds
     * only on this frame; a destination that failed sends ERROR instead. No payload. Since protocol
     * version 4.
     */
    public static final int TYPE_VERIFIED = 14;
    /** Highest known type. */
    public static final int MAX_TYPE = TYPE_VERIFIED;
    /** Bytes per page in a DIGESTS payload. */
    public static final int DIGEST_LENGTH = 16;
    /** Most pages one DIGESTS frame covers (a 4 KiB payload). */
    public static final int MAX_DIGESTS_PER_FRAME = 256;

    /** PAGES flag: sent because of a fault request (as opposed to the background push). */
    public static final int FLAG_DEMAND = 1;
    /** PAGES flag: a page sent again because it was dirtied after it was first sent (pre-copy). */
    public static final int FLAG_RESEND = 2;
    /**
     * PAGES flag, with {@link #FLAG_DEMAND}: the first page of this frame is the faulting page of the
     * request being answered; at most one frame per request carries it (since protocol version 2).
     */
    public static final int FLAG_REPLY_HEAD = 4;

    /**
     * CPU_STATE flag: post-copy follows (the destination resumes with pages missing and faults them
     * in); absent after stop-and-copy, when every page came before the CPU state.
     */
    public static final int FLAG_POSTCOPY_FOLLOWS = 8;

    /**
     * CPU_STATE flag: the pages the destination lacks (PbData) are in the backup file of shared
     * storage, complete, so a link failure during post-copy can be survived.
     */
    public static final int FLAG_BACKUP = 16;

    /** HELLO payload length in bytes. */
    public static final int HELLO_PAYLOAD_LENGTH = 96;
    /** CPU_STATE payload length in bytes. */
    public static final int CPU_STATE_LENGTH = PAGE_SIZE;
    /** Offset in the CPU_STATE payload of the source's nanoTime when its vCPU stopped (long). */
    public static final int CPU_STATE_SWITCHOVER_NS_OFFSET = 0;
    /** Offset in the CPU_STATE payload of the seed the source's memory was filled with (long). */
    public static final int CPU_STATE_SEED_OFFSET = 8;
    /**
     * Offset in the CPU_STATE payload of the source's nanoTime when the migration began (round 1 of
     * pre-copy; the switchover itself for post-copy), long.
     */
    public static final int CPU_STATE_START_NS_OFFSET = 16;
    /** Offset in the CPU_STATE payload of the guest bytes the source vCPU processed before it stopped (long). */
    public static final int CPU_STATE_SOURCE_WORK_BYTES_OFFSET = 24;
    /** Offset in the CPU_STATE payload of how long the source vCPU ran during migration, ns (long). */
    public static final int CPU_STATE_SOURCE_WORK_NS_OFFSET = 32;
    /** Offset in the CPU_STATE payload of the CPU share the source vCPU's throttler delivered, % (double). */
    public static final int CPU_STATE_SOURCE_SHARE_OFFSET = 40;
    /** Largest ERROR payload in bytes. */
    public static final int MAX_ERROR_LENGTH = 1024;

    /** Channel id of the demand channel: fault requests and their pages, control frames. */
    public static final int CHANNEL_DEMAND = 0;
    /** Channel id of the push channel: background pages, DONE, COMPLETE. */
    public static final int CHANNEL_PUSH = 1;

    private Frame()
    {
    }

    /**
     * Name of a frame type for error messages.
     *
     * @param type the type field.
     * @return its name, or "UNKNOWN(type)".
     */
    public static String typeName(final int type)
    {
        switch (type)
        {
            case TYPE_HELLO: return "HELLO";
            case TYPE_HELLO_ACK: return "HELLO_ACK";
            case TYPE_CPU_STATE: return "CPU_STATE";
            case TYPE_REQUEST: return "REQUEST";
            case TYPE_PAGES: return "PAGES";
            case TYPE_DONE: return "DONE";
            case TYPE_COMPLETE: return "COMPLETE";
            case TYPE_ERROR: return "ERROR";
            case TYPE_ROUND_END: return "ROUND_END";
            case TYPE_DISCARD: return "DISCARD";
            case TYPE_DIGESTS: return "DIGESTS";
            case TYPE_SNAPSHOT: return "SNAPSHOT";
            case TYPE_AUTH: return "AUTH";
            case TYPE_VERIFIED: return "VERIFIED";
            default: return "UNKNOWN(" + type + ")";
        }
    }
}
