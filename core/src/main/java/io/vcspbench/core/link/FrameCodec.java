package io.vcspbench.core.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.checksum.Crc32c;

import java.nio.ByteOrder;

/**
 * Encodes frame headers and validates received frames against {@link Frame}'s rules, shared by the
 * IPC and TCP channels. Validation happens before a frame reaches a {@link FrameHandler}, so no
 * handler ever sees a page range outside guest memory or a payload of the wrong length. The success
 * paths allocate nothing; a failure builds its message once, as a {@link LinkException}.
 */
final class FrameCodec
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final String channelName;
    private final boolean priority;
    private final long memoryPages;
    private final int maxPagesPerFrame;
    private final int maxFrameLength;
    private final boolean checkCrc;

    /**
     * @param channelId   {@link Frame#CHANNEL_DEMAND} or {@link Frame#CHANNEL_PUSH}.
     * @param config      link configuration: memory size, frame limit, CRC checking.
     */
    FrameCodec(final int channelId, final LinkConfig config)
    {
        this.priority = channelId == Frame.CHANNEL_DEMAND;
        this.channelName = priority ? "demand" : "push";
        this.memoryPages = config.memoryPages();
        this.maxPagesPerFrame = config.maxPagesPerFrame();
        this.maxFrameLength = config.maxFrameLength();
        this.checkCrc = config.checkCrc();
    }

    /** @return the largest frame, header included. */
    int maxFrameLength()
    {
        return maxFrameLength;
    }

    /** @return whether payload CRCs are computed and checked. */
    boolean checkCrc()
    {
        return checkCrc;
    }

    /** @return whether this is the demand channel, whose frames go ahead of pushed ones on a paced link. */
    boolean priority()
    {
        return priority;
    }

    /** @return the channel's name for messages. */
    String channelName()
    {
        return channelName;
    }

    /**
     * Writes a header; the CRC is computed over {@code payloadAddress}, which must be the payload's
     * copy in the outgoing buffer (copy first, then the header), so a page that changes while it is
     * being sent still travels with a CRC that matches what was sent.
     *
     * @return CRC32C of the payload (0 when checking is off or there is no payload).
     */
    int putHeader(
        final MutableDirectBuffer buffer, final int index, final int type, final int flags, final long page,
        final int count, final long payloadAddress, final int payloadLength, final long sendNs)
    {
        final int crc = checkCrc && payloadLength > 0 ? Crc32c.INSTANCE.compute(payloadAddress, 0, payloadLength) : 0;
        buffer.putInt(index + Frame.LENGTH_OFFSET, Frame.HEADER_LENGTH + payloadLength, ORDER);
        buffer.putShort(index + Frame.TYPE_OFFSET, (short)type, ORDER);
        buffer.putShort(index + Frame.FLAGS_OFFSET, (short)flags, ORDER);
        buffer.putLong(index + Frame.PAGE_OFFSET, page, ORDER);
        buffer.putInt(index + Frame.COUNT_OFFSET, count, ORDER);
        buffer.putInt(index + Frame.CRC_OFFSET, crc, ORDER);
        buffer.putLong(index + Frame.SEND_NS_OFFSET, sendNs, ORDER);
        return crc;
    }

    /**
     * Checks a frame's length field as soon as the header is readable, so a corrupt length is
     * refused before the reader waits for bytes that will never come.
     *
     * @return the frame length.
     */
    int checkedLength(final DirectBuffer buffer, final int index)
    {
        final int length = buffer.getInt(index + Frame.LENGTH_OFFSET, ORDER);
        if (length < Frame.HEADER_LENGTH || length > maxFrameLength)
        {
            throw invalid(buffer, index, "frame length " + Integer.toUnsignedString(length) + " outside [" +
                Frame.HEADER_LENGTH + ", " + maxFrameLength + "]");
        }
        return length;
    }

    /** @return the sender's departure time of the frame at {@code index}. */
    static long sendNs(final DirectBuffer buffer, final int index)
    {
        return buffer.getLong(index + Frame.SEND_NS_OFFSET, ORDER);
    }

    /**
     * Validates the whole frame at {@code index} (its length already checked) and hands it to the
     * handler.
     *
     * @throws LinkException naming the frame if any rule is broken, or carrying the reason of a
     *                       peer's ERROR frame.
     */
    void deliver(final DirectBuffer buffer, final int index, final int length, final FrameHandler handler)
    {
        final int type = buffer.getShort(index + Frame.TYPE_OFFSET, ORDER);
        final int flags = buffer.getShort(index + Frame.FLAGS_OFFSET, ORDER) & 0xFFFF;
        final long page = buffer.getLong(index + Frame.PAGE_OFFSET, ORDER);
        final int count = buffer.getInt(index + Frame.COUNT_OFFSET, ORDER);
        final int payloadLength = length - Frame.HEADER_LENGTH;
        final int payloadOffset = index + Frame.HEADER_LENGTH;

        switch (type)
        {
            case Frame.TYPE_PAGES:
                if (count < 1 || count > maxPagesPerFrame)
                {
                    throw invalid(buffer, index, "page count outside [1, " + maxPagesPerFrame + "]");
                }
                checkPageRange(buffer, index, page, count);
                checkPayload(buffer, index, payloadLength, count * Frame.PAGE_SIZE);
                break;
            case Frame.TYPE_REQUEST:
                if (count < 1 || count > memoryPages)
                {
                    throw invalid(buffer, index, "page count outside [1, " + memoryPages + "]");
                }
                checkPageRange(buffer, index, page, 1);
                checkPayload(buffer, index, payloadLength, 0);
                break;
            case Frame.TYPE_DISCARD:
                if (count < 1 || count > memoryPages)
                {
                    throw invalid(buffer, index, "page count outside [1, " + memoryPages + "]");
                }
                checkPageRange(buffer, index, page, count);
                checkPayload(buffer, index, payloadLength, 0);
                break;
            case Frame.TYPE_DIGESTS:
                if (count < 1 || count > Frame.MAX_DIGESTS_PER_FRAME)
                {
                    throw invalid(buffer, index, "digest count outside [1, " + Frame.MAX_DIGESTS_PER_FRAME + "]");
                }
                checkPageRange(buffer, index, page, count);
                checkPayload(buffer, index, payloadLength, count * Frame.DIGEST_LENGTH);
                break;
            case Frame.TYPE_CPU_STATE:
                checkPayload(buffer, index, payloadLength, Frame.CPU_STATE_LENGTH);
                break;
            case Frame.TYPE_DONE:
            case Frame.TYPE_COMPLETE:
            case Frame.TYPE_ROUND_END:
            case Frame.TYPE_SNAPSHOT:
            case Frame.TYPE_VERIFIED:
                checkPayload(buffer, index, payloadLength, 0);
                break;
            case Frame.TYPE_ERROR:
                if (payloadLength > Frame.MAX_ERROR_LENGTH)
                {
                    throw invalid(buffer, index, "error text longer than " + Frame.MAX_ERROR_LENGTH + " bytes");
                }
                throw new LinkException("peer reported an error on the " + channelName + " channel: " +
                    PeerText.quote(buffer.getStringWithoutLengthUtf8(payloadOffset, payloadLength)));
            default:
                throw invalid(buffer, index, "unexpected frame type");
        }

        if (checkCrc && payloadLength > 0)
        {
            final int expected = buffer.getInt(index + Frame.CRC_OFFSET, ORDER);
            final int actual = Crc32c.INSTANCE.compute(buffer.addressOffset(), payloadOffset, payloadLength);
            if (expected != actual)
            {
                throw invalid(buffer, index, "payload CRC32C " + Integer.toHexString(actual) + " does not match " +
                    Integer.toHexString(expected) + " in the header (corrupt payload)");
            }
        }

        handler.onFrame(type, flags, page, count, buffer, payloadOffset, payloadLength);
    }

    private void checkPageRange(final DirectBuffer buffer, final int index, final long page, final int count)
    {
        if (page < 0 || page > memoryPages - count)
        {
            throw invalid(buffer, index, "pages outside guest memory of " + memoryPages + " pages");
        }
    }

    private void checkPayload(final DirectBuffer buffer, final int index, final int actual, final int expected)
    {
        if (actual != expected)
        {
            throw invalid(buffer, index, "payload of " + actual + " bytes, expected " + expected);
        }
    }

    /**
     * @return an exception naming the channel, the frame's header fields and what is wrong.
     */
    LinkException invalid(final DirectBuffer buffer, final int index, final String what)
    {
        final int type = buffer.getShort(index + Frame.TYPE_OFFSET, ORDER);
        return new LinkException("invalid " + Frame.typeName(type) + " frame on the " + channelName + " channel" +
            " (page " + buffer.getLong(index + Frame.PAGE_OFFSET, ORDER) +
            ", count " + buffer.getInt(index + Frame.COUNT_OFFSET, ORDER) +
            ", length " + Integer.toUnsignedString(buffer.getInt(index + Frame.LENGTH_OFFSET, ORDER)) +
            "): " + what + "; closing the link");
    }
}
