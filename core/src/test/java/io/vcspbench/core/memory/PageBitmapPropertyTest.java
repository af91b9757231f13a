package io.vcspbench.core.memory;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.BitSet;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PageBitmap} against {@link BitSet} as the model: random sizes (word edges included) and
 * random sequences of every operation, each answer and the final state compared. Seeded by the
 * repetition, so a failure names its seed and replays.
 */
class PageBitmapPropertyTest
{
    private static final int OPERATIONS = 2_000;

    @RepeatedTest(200)
    void shouldAnswerEveryOperationAsABitSetDoes(final RepetitionInfo repetition)
    {
        final long seed = repetition.getCurrentRepetition();
        final SplittableRandom random = new SplittableRandom(seed);
        final int size = switch (random.nextInt(4))
        {
            case 0 -> 1 + random.nextInt(3);
            case 1 -> Math.max(1, 64 * (1 + random.nextInt(4)) + random.nextInt(3) - 1);
            default -> 1 + random.nextInt(1_000);
        };
        final PageBitmap bitmap = new PageBitmap(size);
        final BitSet model = new BitSet(size);

        for (int op = 0; op < OPERATIONS; op++)
        {
            final int i = random.nextInt(size);
            final String what = "seed " + seed + ", size " + size + ", op " + op + ", bit " + i;
            switch (random.nextInt(13))
            {
                case 0 ->
                {
                    assertEquals(!model.get(i), bitmap.set(i), what + ": set");
                    model.set(i);
                }
                case 1 ->
                {
                    assertEquals(model.get(i), bitmap.clear(i), what + ": clear");
                    model.clear(i);
                }
                case 2 ->
                {
                    assertEquals(!model.get(i), bitmap.setSingleWriter(i), what + ": setSingleWriter");
                    model.set(i);
                }
                case 3 ->
                {
                    bitmap.clearSingleWriter(i);
                    model.clear(i);
                }
                case 4 -> assertEquals(model.get(i), bitmap.get(i), what + ": get");
                case 5 -> assertEquals(model.nextSetBit(i), bitmap.nextSetBit(i), what + ": nextSetBit");
                case 6 -> assertEquals(model.nextClearBit(i) >= size ? -1 : model.nextClearBit(i), bitmap.nextClearBit(i),
                    what + ": nextClearBit");
                case 7 -> assertEquals(model.cardinality(), bitmap.cardinality(), what + ": cardinality");
                case 8 ->
                {
                    final int to = i + random.nextInt(size - i + 1);
                    bitmap.setRangeSingleWriter(i, to);
                    model.set(i, to);
                }
                case 9 ->
                {
                    final int word = i >>> 6;
                    assertEquals(word(model, word), bitmap.getAndClearWord(word), what + ": getAndClearWord");
                    model.clear(word << 6, (word + 1) << 6);
                }
                case 10 ->
                {
                    final int word = i >>> 6;
                    final long bits = random.nextLong() & validBits(size, word);
                    bitmap.orWordSingleWriter(word, bits);
                    model.or(BitSet.valueOf(shifted(bits, word)));
                    assertEquals(word(model, word), bitmap.word(word), what + ": orWordSingleWriter");
                }
                case 11 ->
                {
                    if (random.nextInt(100) == 0)
                    {
                        bitmap.setAll();
                        model.set(0, size);
                    }
                }
                default ->
                {
                    if (random.nextInt(100) == 0)
                    {
                        bitmap.clearAll();
                        model.clear();
                    }
                }
            }
            sameBits(bitmap, model, size, what);
        }
    }

    /** After every operation the bitmap and the model hold the same bits. */
    private static void sameBits(final PageBitmap bitmap, final BitSet model, final int size, final String what)
    {
        for (int w = 0; w < bitmap.wordCount(); w++)
        {
            assertEquals(word(model, w), bitmap.word(w), what + ": word " + w + " after the operation");
        }
        assertEquals(size, bitmap.size());
    }

    private static long word(final BitSet model, final int word)
    {
        final long[] words = model.get(word << 6, (word + 1) << 6).toLongArray();
        return words.length == 0 ? 0 : words[0];
    }

    private static long validBits(final int size, final int word)
    {
        final int bits = Math.min(64, size - (word << 6));
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    private static long[] shifted(final long bits, final int word)
    {
        final long[] words = new long[word + 1];
        words[word] = bits;
        return words;
    }
}
