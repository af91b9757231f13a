package io.vcspbench.core.workload;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessPatternTest
{
    @Test
    void shouldWalkSequentiallyAndWrapAtTheEndOfTheWorkingSet()
    {
        final AccessPattern p = AccessPattern.create(Pattern.SEQUENTIAL, 3, 1);
        final long[] seen = new long[7];
        for (int i = 0; i < seen.length; i++)
        {
            seen[i] = p.nextPage();
        }
        assertEquals("[0, 1, 2, 0, 1, 2, 0]", java.util.Arrays.toString(seen));
    }

    @Test
    void shouldDrawRandomPagesInsideTheWorkingSetCoveringAllOfIt()
    {
        final int pages = 1000;
        final AccessPattern p = AccessPattern.create(Pattern.RANDOM, pages, 42);
        final int[] hits = new int[pages];
        for (int i = 0; i < 200_000; i++)
        {
            final long page = p.nextPage();
            assertTrue(page >= 0 && page < pages, "page " + page);
            hits[(int)page]++;
        }
        for (int i = 0; i < pages; i++)
        {
            // 200 expected per page; a uniform draw stays far from these bounds.
            assertTrue(hits[i] > 100 && hits[i] < 300, "page " + i + " hit " + hits[i] + " times");
        }
    }

    @Test
    void shouldRepeatTheSameSequenceForTheSameSeed()
    {
        final AccessPattern a = AccessPattern.create(Pattern.RANDOM, 5000, 7);
        final AccessPattern b = AccessPattern.create(Pattern.RANDOM, 5000, 7);
        final AccessPattern c = AccessPattern.create(Pattern.RANDOM, 5000, 8);
        boolean differs = false;
        for (int i = 0; i < 1000; i++)
        {
            final long x = a.nextPage();
            assertEquals(x, b.nextPage());
            differs |= x != c.nextPage();
        }
        assertTrue(differs);
    }

    @Test
    void shouldSendAboutNinetyPercentOfAccessesToTheHotTenth()
    {
        final int pages = 10_000;
        final AccessPattern p = AccessPattern.create(Pattern.HOTCOLD, pages, 3);
        int hot = 0;
        final int draws = 100_000;
        for (int i = 0; i < draws; i++)
        {
            final long page = p.nextPage();
            assertTrue(page >= 0 && page < pages);
            if (page < pages / 10)
            {
                hot++;
            }
        }
        // 90% aimed at the hot set, plus the 10% of cold draws that land there by chance: ~91%.
        assertEquals(0.91, hot / (double)draws, 0.01);
    }

    @Test
    void shouldGrowTheWindowStepByStepThenStartOver()
    {
        final int pages = 32;
        final AccessPattern p = AccessPattern.create(Pattern.WINDOW, pages, 1);
        long highest = -1;
        int sweeps = 0;
        long previous = -1;
        final StringBuilder maxima = new StringBuilder();
        for (int i = 0; i < 400; i++)
        {
            final long page = p.nextPage();
            if (page < previous)
            {
                maxima.append(highest).append(' ');
                highest = -1;
                sweeps++;
            }
            highest = Math.max(highest, page);
            previous = page;
        }
        // step = 32 / 16 = 2 pages: windows of 2, 4, 6, ... 32, then 2 again.
        assertTrue(maxima.toString().startsWith("1 3 5 7 9 11 13 15 17 19 21 23 25 27 29 31 1 3 "), maxima.toString());
        assertTrue(sweeps > 16);
    }

    @Test
    void shouldEndTheWindowPassWhenTheWindowHasCoveredTheWholeWorkingSet()
    {
        // 100 pages, step 6: windows 6, 12, ..., 96, 100 = 6 (1 + ... + 16) + 100 accesses.
        final AccessPattern p = AccessPattern.create(Pattern.WINDOW, 100, 1);
        final long pass = p.passAccesses();
        assertEquals(6 * 136 + 100, pass);

        final java.util.BitSet touched = new java.util.BitSet();
        for (long i = 0; i < pass; i++)
        {
            touched.set((int)p.nextPage());
        }
        assertEquals(100, touched.cardinality(), "one pass touches every page of the working set");
        assertEquals(0, p.nextPage(), "and the next access starts the next cycle");
    }

    @Test
    void shouldMakeOneAccessPerWorkingSetPageInAPassOfTheOtherPatterns()
    {
        for (final Pattern pattern : List.of(Pattern.SEQUENTIAL, Pattern.RANDOM, Pattern.HOTCOLD))
        {
            assertEquals(100, AccessPattern.create(pattern, 100, 1).passAccesses(), pattern.cliName());
        }
    }

    @Test
    void shouldRefuseTheWriterPatternOnTheDestination()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> AccessPattern.create(Pattern.WRITER, 10, 1));
        assertTrue(e.getMessage().contains("writer"));
    }
}
