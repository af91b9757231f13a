package io.vcspbench.reports;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model's formulas: closed forms and their N = 1 limits, monotonicity in N, the gap model
 * against a direct simulation of the fault process, and Jin et al.'s barrier example.
 */
class ModelTest
{
    private static final long W = 2048;

    @Test
    void shouldFaultOncePerNPagesOnSequentialAndWindowPasses()
    {
        assertEquals(2048, Model.sequential(W, 1).faults());
        assertEquals(128, Model.paging("window", W, 16).faults());
        assertEquals(2048, Model.paging("window", W, 16).pages());
        // ⌈2048 / 10⌉: the last fault brings pages past the working set
        assertEquals(205, Model.paging("sequential", W, 10).faults());
        assertEquals(2050, Model.paging("sequential", W, 10).pages());
    }

    @Test
    void shouldMissTheShareOfPagesNoAccessHitWithoutPrefetch()
    {
        assertEquals(Math.exp(-1), Model.missingFraction(1, 1), 1e-15);
        assertEquals(1 - Math.exp(-1), Model.faultsPerPage(1, 1), 1e-9);
        final Model.Paging random = Model.random(W, 1);
        assertEquals(W * (1 - Math.exp(-1)), random.faults(), 1e-6, "0.632 W");
        assertEquals(random.faults(), random.pages(), 1e-6, "one page per fault");
    }

    @Test
    void shouldFollowTheClosedFormOfTheGapModel()
    {
        // u(x) = exp(−x − Σ_{j=1}^{N−1} (1 − e^{−jx}) / j); N = 2, x = 1: exp(−1 − (1 − 1/e))
        assertEquals(Math.exp(-1 - (1 - Math.exp(-1))), Model.missingFraction(1, 2), 1e-15);
        // N = 3, x = 0.5: exp(−0.5 − (1 − e^−0.5) − (1 − e^−1) / 2)
        assertEquals(Math.exp(-0.5 - (1 - Math.exp(-0.5)) - (1 - Math.exp(-1)) / 2), Model.missingFraction(0.5, 3), 1e-15);
        assertEquals(1, Model.missingFraction(0, 64), 1e-15);
        // the integral against a fine trapezoid sum of the same u, N = 64 where u falls fastest near 0
        final int steps = 200_000;
        double sum = 0;
        for (int i = 0; i < steps; i++)
        {
            sum += (Model.missingFraction((double)i / steps, 64) + Model.missingFraction((double)(i + 1) / steps, 64)) / 2;
        }
        assertEquals(sum / steps, Model.faultsPerPage(1, 64), 1e-7);
        // what docs/model.md quotes: 0.0424 W faults at N = 64 (the mean-field estimate says 0.0589 W)
        assertEquals(0.04244, Model.random(W, 64).faults() / W, 5e-5);
    }

    @Test
    void shouldFaultLessAndBringMoreAsNGrows()
    {
        for (final String pattern : new String[]{ "window", "random", "hotcold" })
        {
            double faults = Double.MAX_VALUE;
            double pages = 0;
            for (int n = 1; n <= Model.MAX_FRAME_PAGES; n++)
            {
                final Model.Paging p = Model.paging(pattern, W, n);
                assertTrue(p.faults() <= faults, pattern + " N=" + n);
                // a window pass brings ⌈W/N⌉·N pages, which need not grow with N; a random one brings more
                assertTrue(pattern.equals("window") || p.pages() >= pages - 1e-9, pattern + " N=" + n);
                faults = p.faults();
                pages = p.pages();
            }
        }
    }

    @Test
    void shouldMatchASimulationOfTheRandomPassWithinOnePercent()
    {
        // The fault process itself: W uniform accesses; a fault at a missing page brings it and the N − 1 after it.
        for (final int n : new int[]{ 4, 64 })
        {
            final int runs = 40;
            final int pages = 8192;
            final SplittableRandom random = new SplittableRandom(42);
            long faults = 0;
            for (int run = 0; run < runs; run++)
            {
                final boolean[] present = new boolean[pages + n];
                for (int i = 0; i < pages; i++)
                {
                    final int page = random.nextInt(pages);
                    if (!present[page])
                    {
                        faults++;
                        Arrays.fill(present, page, page + n, true);
                    }
                }
            }
            final double expected = Model.random(pages, n).faults();
            assertEquals(1, (double)faults / runs / expected, 0.01, "N=" + n);
        }
    }

    @Test
    void shouldSplitHotColdIntoTwoRandomRegions()
    {
        // hot: 204 pages at 2048 · (922/1024 / 204 + 102/1024 / 2048) accesses each; cold: 1844 at 102/1024
        final double hotRate = 2048 * (Model.HOT_SHARE / 204 + (1 - Model.HOT_SHARE) / 2048);
        final double expected = 204 * (1 - Math.exp(-hotRate)) + 1844 * (1 - Math.exp(-(1 - Model.HOT_SHARE)));
        assertEquals(expected, Model.hotCold(W, 1).faults(), 1e-6);
    }

    @Test
    void shouldLeaveOutWhatItDoesNotModel()
    {
        assertNull(Model.paging("writer", W, 1));
        assertNull(Model.paging("window", W, Model.MAX_FRAME_PAGES + 1));
        assertNull(Model.paging("window", 0, 1));
    }

    @Test
    void shouldStallARoundTripTransmissionAndServingPerFault()
    {
        final Model.Cost cost = new Model.Cost(10, 1, 35);
        // unpaced, no latency: the software cost alone, no frame held
        assertEquals(10 + 16, Model.faultUs(0, 0, cost, 16, true), 1e-9);
        // 1000 Mbit/s: (16 · 4096 + 64) bytes · 8 / 1000 = 524.8 µs; the reply is held past the slack, the request not
        assertEquals(10 + 16 + 524.8 + 35, Model.faultUs(0, 1000, cost, 16, true), 1e-9);
        // 100 µs each way: both frames held past the slack; spinning threads wake on time
        assertEquals(200 + 10 + 1 + 33.28 + 2 * 35, Model.faultUs(100, 1000, cost, 1, true), 1e-9);
        assertEquals(200 + 10 + 1 + 33.28, Model.faultUs(100, 1000, cost, 1, false), 1e-9);
    }

    @Test
    void shouldReproduceTheBarrierExampleOfDocs()
    {
        // M 64 MiB, h 256 KiB, R 30, B 200 Mbit/s: (1/256)^(1/29) · 200
        assertEquals(165.2, Model.barrierMbit(64L << 20, 256L << 10, 30, 200), 0.05);
        // R = 31 (30 live rounds and stop-and-copy, the harness's default)
        assertEquals(166.2, Model.barrierMbit(64L << 20, 256L << 10, 31, 200), 0.05);
        assertEquals(200, Model.barrierMbit(64L << 20, 128L << 20, 30, 200), 1e-9, "h ≥ M: never a barrier below B");
        assertTrue(Double.isNaN(Model.barrierMbit(64L << 20, 256L << 10, 1, 200)), "one round has no barrier");
        assertTrue(Double.isNaN(Model.barrierMbit(64L << 20, 256L << 10, 30, 0)), "unpaced has no barrier");
    }
}
