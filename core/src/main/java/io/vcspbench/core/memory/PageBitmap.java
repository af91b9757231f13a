package io.vcspbench.core.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One bit per guest page, shared between threads: the destination's "present" bitmap B (set by the
 * receiver, read by the vCPU), the source's "sent" bitmap A, the dirty log. Setting a bit is a
 * release (ordered) write, so a reader that sees the bit with {@link #get} (an acquire read) also
 * sees the page bytes written before it. {@link #set} and {@link #clear} are atomic read-modify-
 * writes, safe with several writers; the plain variants are for bitmaps owned by one thread.
 * Scans ({@link #nextSetBit}, {@link #nextClearBit}) look at a word at a time.
 */
public final class PageBitmap
{
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] words;
    private final long size;

    /**
     * @param size number of bits (pages), at least 0, at most 2^37.
     */
    public PageBitmap(final long size)
    {
        if (size < 0 || size > (1L << 37))
        {
            throw new IllegalArgumentException("size must be in [0, 2^37], was " + size);
        }
        this.size = size;
        this.words = new long[(int)((size + 63) >>> 6)];
    }

    /** @return number of bits. */
    public long size()
    {
        return size;
    }

    /**
     * Acquire read of one bit.
     *
     * @param index bit index in [0, size).
     * @return whether it is set.
     */
    public boolean get(final long index)
    {
        return ((long)WORDS.getAcquire(words, (int)(index >>> 6)) & (1L << index)) != 0;
    }

    /**
     * Atomically sets a bit with release semantics.
     *
     * @param index bit index.
     * @return true if this call changed it (it was clear).
     */
    public boolean set(final long index)
    {
        final long mask = 1L << index;
        return ((long)WORDS.getAndBitwiseOrRelease(words, (int)(index >>> 6), mask) & mask) == 0;
    }

    /**
     * Atomically clears a bit with release semantics.
     *
     * @param index bit index.
     * @return true if this call changed it (it was set).
     */
    public boolean clear(final long index)
    {
        final long mask = 1L << index;
        return ((long)WORDS.getAndBitwiseAndRelease(words, (int)(index >>> 6), ~mask) & mask) != 0;
    }

    /**
     * Sets a bit with a plain read and a release write: only for a bitmap with a single writer.
     *
     * @param index bit index.
     * @return true if it was clear.
     */
    public boolean setSingleWriter(final long index)
    {
        final int w = (int)(index >>> 6);
        final long mask = 1L << index;
        final long old = words[w];
        if ((old & mask) != 0)
        {
            return false;
        }
        WORDS.setRelease(words, w, old | mask);
        return true;
    }

    /**
     * Sets bits [from, to) with a single writer.
     *
     * @param from first bit.
     * @param to   one past the last bit.
     */
    public void setRangeSingleWriter(final long from, final long to)
    {
        for (long i = from; i < to; i++)
        {
            setSingleWriter(i);
        }
    }

    /**
     * Clears a bit with a plain read and a release write: only for a bitmap with a single writer.
     *
     * @param index bit index.
     */
    public void clearSingleWriter(final long index)
    {
        final int w = (int)(index >>> 6);
        WORDS.setRelease(words, w, words[w] & ~(1L << index));
    }

    /**
     * ORs bits into one word with a plain read and a release write: only for a bitmap with a single
     * writer (how a harvested dirty-log word joins the pages still to send).
     *
     * @param wordIndex index of the 64-bit word.
     * @param bits      bits to set.
     */
    public void orWordSingleWriter(final int wordIndex, final long bits)
    {
        WORDS.setRelease(words, wordIndex, words[wordIndex] | bits);
    }

    /** Sets every bit below {@link #size()} (not concurrently with writers). */
    public void setAll()
    {
        for (int i = 0; i < words.length; i++)
        {
            final long bitsInWord = Math.min(64, size - ((long)i << 6));
            WORDS.setRelease(words, i, bitsInWord == 64 ? -1L : (1L << bitsInWord) - 1);
        }
    }

    /**
     * Atomically takes one word of the bitmap and clears it: how the dirty log is harvested while
     * writers keep marking pages.
     *
     * @param wordIndex index of the 64-bit word.
     * @return the bits it held.
     */
    public long getAndClearWord(final int wordIndex)
    {
        return (long)WORDS.getAndSet(words, wordIndex, 0L);
    }

    /**
     * @param wordIndex index of the 64-bit word.
     * @return the word, acquire read.
     */
    public long word(final int wordIndex)
    {
        return (long)WORDS.getAcquire(words, wordIndex);
    }

    /** @return number of 64-bit words. */
    public int wordCount()
    {
        return words.length;
    }

    /**
     * @param from first bit to look at.
     * @return index of the first set bit at or after {@code from}, or -1 if none.
     */
    public long nextSetBit(final long from)
    {
        if (from >= size || from < 0)
        {
            return -1;
        }
        int w = (int)(from >>> 6);
        long word = (long)WORDS.getAcquire(words, w) & (-1L << from);
        while (true)
        {
            if (word != 0)
            {
                final long index = ((long)w << 6) + Long.numberOfTrailingZeros(word);
                return index < size ? index : -1;
            }
            if (++w == words.length)
            {
                return -1;
            }
            word = (long)WORDS.getAcquire(words, w);
        }
    }

    /**
     * @param from first bit to look at.
     * @return index of the first clear bit at or after {@code from}, or -1 if none below size.
     */
    public long nextClearBit(final long from)
    {
        if (from >= size || from < 0)
        {
            return -1;
        }
        int w = (int)(from >>> 6);
        long word = ~(long)WORDS.getAcquire(words, w) & (-1L << from);
        while (true)
        {
            if (word != 0)
            {
                final long index = ((long)w << 6) + Long.numberOfTrailingZeros(word);
                return index < size ? index : -1;
            }
            if (++w == words.length)
            {
                return -1;
            }
            word = ~(long)WORDS.getAcquire(words, w);
        }
    }

    /** @return number of set bits (a scan; not for hot paths). */
    public long cardinality()
    {
        long n = 0;
        for (int i = 0; i < words.length; i++)
        {
            n += Long.bitCount((long)WORDS.getAcquire(words, i));
        }
        return n;
    }

    /** Clears every bit (not concurrently with writers). */
    public void clearAll()
    {
        for (int i = 0; i < words.length; i++)
        {
            WORDS.setRelease(words, i, 0L);
        }
    }
}
