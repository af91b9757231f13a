package io.vcspbench.core.link;

/**
 * Immutable, validated settings of one link. Both ends of a link must agree on
 * {@link #memoryPages()} (checked in the handshake); pacing and latency are per sending end.
 */
public final class LinkConfig
{
    private final LinkKind kind;
    private final long memoryPages;
    private final int maxPagesPerFrame;
    private final long bandwidthMbit;
    private final long latencyUs;
    private final boolean checkCrc;
    private final int ringCapacityBytes;
    private final int socketBufferBytes;
    private final long connectTimeoutMs;
    private final long handshakeTimeoutMs;

    private LinkConfig(final Builder b)
    {
        kind = b.kind;
        memoryPages = b.memoryPages;
        maxPagesPerFrame = b.maxPagesPerFrame;
        bandwidthMbit = b.bandwidthMbit;
        latencyUs = b.latencyUs;
        checkCrc = b.checkCrc;
        ringCapacityBytes = b.ringCapacityBytes;
        socketBufferBytes = b.socketBufferBytes;
        connectTimeoutMs = b.connectTimeoutMs;
        handshakeTimeoutMs = b.handshakeTimeoutMs;
    }

    /** @return a builder with the defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return transport kind. */
    public LinkKind kind()
    {
        return kind;
    }

    /** @return guest memory size in pages; every page index on the wire must be below it. */
    public long memoryPages()
    {
        return memoryPages;
    }

    /** @return the largest page count one PAGES frame may carry. */
    public int maxPagesPerFrame()
    {
        return maxPagesPerFrame;
    }

    /** @return bandwidth each sending end is paced to, Mbit/s; 0 = unpaced. */
    public long bandwidthMbit()
    {
        return bandwidthMbit;
    }

    /** @return added one-way latency, µs; 0 = none. */
    public long latencyUs()
    {
        return latencyUs;
    }

    /** @return whether payloads carry and are checked against a CRC32C. */
    public boolean checkCrc()
    {
        return checkCrc;
    }

    /** @return data capacity of each IPC ring buffer, bytes, a power of two. */
    public int ringCapacityBytes()
    {
        return ringCapacityBytes;
    }

    /** @return TCP send/receive socket buffer size and user-space buffer size, bytes. */
    public int socketBufferBytes()
    {
        return socketBufferBytes;
    }

    /** @return deadline for connecting and the handshake, ms. */
    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    /**
     * @return how long the listening side gives one incoming connection to complete its handshake, ms;
     * a connection silent for longer is closed and the listener goes on waiting.
     */
    public long handshakeTimeoutMs()
    {
        return handshakeTimeoutMs;
    }

    /** @return the largest frame this link carries: header plus {@code maxPagesPerFrame} pages. */
    public int maxFrameLength()
    {
        return Frame.HEADER_LENGTH + maxPagesPerFrame * Frame.PAGE_SIZE;
    }

    @Override
    public String toString()
    {
        return "LinkConfig{kind=" + kind.cliName() + ", memoryPages=" + memoryPages +
            ", maxPagesPerFrame=" + maxPagesPerFrame + ", bandwidthMbit=" + bandwidthMbit +
            ", latencyUs=" + latencyUs + ", checkCrc=" + checkCrc + ", ringCapacityBytes=" + ringCapacityBytes +
            ", socketBufferBytes=" + socketBufferBytes + ", connectTimeoutMs=" + connectTimeoutMs +
            ", handshakeTimeoutMs=" + handshakeTimeoutMs + '}';
    }

    /** Builds a {@link LinkConfig}; {@link #build()} checks every range and names the field. */
    public static final class Builder
    {
        private LinkKind kind = LinkKind.IPC;
        private long memoryPages = 16_384;
        private int maxPagesPerFrame = 64;
        private long bandwidthMbit = 0;
        private long latencyUs = 0;
        private boolean checkCrc = true;
        private int ringCapacityBytes = 4 * 1024 * 1024;
        private int socketBufferBytes = 512 * 1024;
        private long connectTimeoutMs = 10_000;
        private long handshakeTimeoutMs = 5_000;

        private Builder()
        {
        }

        /** @param kind transport. @return this. */
        public Builder kind(final LinkKind kind)
        {
            this.kind = kind;
            return this;
        }

        /** @param memoryPages guest memory in pages, 1..2^31. @return this. */
        public Builder memoryPages(final long memoryPages)
        {
            this.memoryPages = memoryPages;
            return this;
        }

        /** @param maxPagesPerFrame 1..256. @return this. */
        public Builder maxPagesPerFrame(final int maxPagesPerFrame)
        {
            this.maxPagesPerFrame = maxPagesPerFrame;
            return this;
        }

        /** @param bandwidthMbit Mbit/s, 0 = unpaced, at most 400000. @return this. */
        public Builder bandwidthMbit(final long bandwidthMbit)
        {
            this.bandwidthMbit = bandwidthMbit;
            return this;
        }

        /** @param latencyUs added one-way latency, 0..1000000 µs. @return this. */
        public Builder latencyUs(final long latencyUs)
        {
            this.latencyUs = latencyUs;
            return this;
        }

        /** @param checkCrc whether payload CRC32C is sent and checked. @return this. */
        public Builder checkCrc(final boolean checkCrc)
        {
            this.checkCrc = checkCrc;
            return this;
        }

        /** @param ringCapacityBytes power of two, 64 KiB..256 MiB. @return this. */
        public Builder ringCapacityBytes(final int ringCapacityBytes)
        {
            this.ringCapacityBytes = ringCapacityBytes;
            return this;
        }

        /** @param socketBufferBytes 64 KiB..64 MiB. @return this. */
        public Builder socketBufferBytes(final int socketBufferBytes)
        {
            this.socketBufferBytes = socketBufferBytes;
            return this;
        }

        /** @param connectTimeoutMs 1..600000 ms. @return this. */
        public Builder connectTimeoutMs(final long connectTimeoutMs)
        {
            this.connectTimeoutMs = connectTimeoutMs;
            return this;
        }

        /** @param handshakeTimeoutMs 1..600000 ms. @return this. */
        public Builder handshakeTimeoutMs(final long handshakeTimeoutMs)
        {
            this.handshakeTimeoutMs = handshakeTimeoutMs;
            return this;
        }

        /**
         * @return the validated configuration.
         * @throws IllegalArgumentException naming the first field out of range and its allowed range.
         */
        public LinkConfig build()
        {
            if (kind == null)
            {
                throw new IllegalArgumentException("kind must be ipc or tcp, was null");
            }
            check("memoryPages", memoryPages, 1, 1L << 31);
            check("maxPagesPerFrame", maxPagesPerFrame, 1, 256);
            check("bandwidthMbit", bandwidthMbit, 0, 400_000);
            check("latencyUs", latencyUs, 0, 1_000_000);
            check("ringCapacityBytes", ringCapacityBytes, 64 * 1024, 256 * 1024 * 1024);
            if (Integer.bitCount(ringCapacityBytes) != 1)
            {
                throw new IllegalArgumentException("ringCapacityBytes must be a power of two, was " + ringCapacityBytes);
            }
            check("socketBufferBytes", socketBufferBytes, 64 * 1024, 64 * 1024 * 1024);
            check("connectTimeoutMs", connectTimeoutMs, 1, 600_000);
            check("handshakeTimeoutMs", handshakeTimeoutMs, 1, 600_000);
            final int maxFrame = Frame.HEADER_LENGTH + maxPagesPerFrame * Frame.PAGE_SIZE;
            if (maxFrame > ringCapacityBytes / 8)
            {
                throw new IllegalArgumentException("maxPagesPerFrame " + maxPagesPerFrame +
                    " needs ringCapacityBytes of at least " + (maxFrame * 8L) + ", was " + ringCapacityBytes);
            }
            if (maxFrame > socketBufferBytes)
            {
                throw new IllegalArgumentException("maxPagesPerFrame " + maxPagesPerFrame +
                    " needs socketBufferBytes of at least " + maxFrame + ", was " + socketBufferBytes);
            }
            return new LinkConfig(this);
        }

        private static void check(final String name, final long value, final long min, final long max)
        {
            if (value < min || value > max)
            {
                throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
            }
        }
    }
}
