package io.vcspbench.reports;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statistics behind the reports' change columns, against known values: R's {@code wilcox.test}
 * documentation example and SciPy's {@code mannwhitneyu} (exact and asymptotic), the exact p of
 * complete separation worked by hand (2 / C(n1 + n2, n1)), and a brute-force enumeration.
 */
class StatsTest
{
    @Test
    void shouldGiveTheExactPOfRsWilcoxTestExample()
    {
        // ?wilcox.test: x, y with alternative "greater" gives W = 35, p = 0.1272; two-sided twice that
        // (SciPy mannwhitneyu(x, y, method="exact"): 0.2544122544122544)
        final double[] x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
        final double[] y = {1.15, 0.88, 0.90, 0.74, 1.21};

        assertEquals(0.2544122544122544, Stats.mannWhitneyP(x, y), 1e-12);
        assertEquals(0.2544122544122544, Stats.mannWhitneyP(y, x), 1e-12);
    }

    @Test
    void shouldGiveTwoOverTheArrangementsForCompletelySeparatedSamples()
    {
        // every x below every y: U = 0, one arrangement of C(n1 + n2, n1) at each end, two-sided 2 / C
        assertEquals(2.0 / 252, Stats.mannWhitneyP(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}), 1e-15);
        assertEquals(2.0 / 70, Stats.mannWhitneyP(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}), 1e-15);
        assertEquals(0.1, Stats.mannWhitneyP(new double[] {1, 2, 3}, new double[] {4, 5, 6}), 1e-15);
    }

    @Test
    void shouldAgreeWithABruteForceEnumerationOfEveryArrangement()
    {
        final double[] x = {3.1, 7.2, 1.5, 9.9, 4.4, 6.0};
        final double[] y = {2.2, 8.8, 5.5, 10.1, 11.3};
        final int n1 = x.length;
        final int n = n1 + y.length;
        final double[] all = {1.5, 2.2, 3.1, 4.4, 5.5, 6.0, 7.2, 8.8, 9.9, 10.1, 11.3};
        // U of x: pairs (x, y) with y < x
        int u = 0;
        for (final double a : x)
        {
            for (final double b : y)
            {
                u += b < a ? 1 : 0;
            }
        }
        final double mean = n1 * (n - n1) / 2.0;
        int atLeastAsExtreme = 0;
        int arrangements = 0;
        for (int mask = 0; mask < 1 << n; mask++)
        {
            if (Integer.bitCount(mask) != n1)
            {
                continue;
            }
            arrangements++;
            int ui = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    ui += (mask >> i & 1) == 1 && (mask >> j & 1) == 0 && all[j] < all[i] ? 1 : 0;
                }
            }
            atLeastAsExtreme += Math.abs(ui - mean) >= Math.abs(u - mean) ? 1 : 0;
        }

        assertEquals((double)atLeastAsExtreme / arrangements, Stats.mannWhitneyP(x, y), 1e-12);
    }

    @Test
    void shouldUseTheTieCorrectedNormalApproximationWhenValuesTie()
    {
        // SciPy mannwhitneyu(a, b, method="asymptotic", use_continuity=True): U = 6.5, p = 0.023598878606634243
        final double[] a = {1, 2, 2, 3, 4, 4, 5};
        final double[] b = {3, 4, 5, 5, 6, 7, 7};

        assertEquals(0.023598878606634243, Stats.mannWhitneyP(a, b), 1e-6);
    }

    @Test
    void shouldSayIdenticalSamplesAreTheSame()
    {
        final double[] a = {5, 5, 5, 5, 5, 5};
        final Stats.Comparison c = Stats.compare(a, a.clone());

        assertEquals(1.0, c.p());
        assertEquals(Stats.Verdict.SAME, c.verdict());
        assertEquals("~", c.changeText());
        assertEquals("p=1.000", c.pText());
        assertEquals("6+6", c.nText());
    }

    @Test
    void shouldSayOverlappingSamplesOfOneDistributionAreWithinNoise()
    {
        final Stats.Comparison c = Stats.compare(new double[] {100, 103, 98, 101, 99, 102},
            new double[] {101, 97, 104, 100, 102, 99});

        assertEquals(Stats.Verdict.SAME, c.verdict());
        assertEquals("~", c.changeText());
        assertTrue(c.p() > 0.5, "p=" + c.p());
    }

    @Test
    void shouldFindASlowdownWithItsSignAndAnIntervalAroundIt()
    {
        // no ties, so the exact test: U = 0 at 6+6, p = 2 / C(12, 6) = 2 / 924; the medians 100.5 and 120.6
        final Stats.Comparison c = Stats.compare(new double[] {98, 99, 100, 101, 102, 103},
            new double[] {117.6, 118.8, 120, 121.2, 122.4, 123.6});

        assertEquals(Stats.Verdict.CHANGED, c.verdict());
        assertEquals(2.0 / 924, c.p(), 1e-15);
        assertEquals(20.0, c.change(), 1e-9);
        assertTrue(c.low() > 0 && c.low() <= 20 && c.high() >= 20, c.low() + " .. " + c.high());
        assertTrue(c.changeText().startsWith("+20.0% ["), c.changeText());
        assertEquals("p=0.002", c.pText());
    }

    @Test
    void shouldFindASpeedupWithANegativeSign()
    {
        final Stats.Comparison c = Stats.compare(new double[] {50, 52, 51, 49, 50}, new double[] {40, 41, 39, 40, 42});

        assertEquals(Stats.Verdict.CHANGED, c.verdict());
        assertEquals(-20.0, c.change(), 1e-9);
        assertTrue(c.high() < 0, "the whole interval is a speedup: " + c.high());
        assertTrue(c.changeText().startsWith("-20.0% ["), c.changeText());
    }

    @Test
    void shouldSayTooFewSamplesRatherThanClaimAnythingAtThreeAndThree()
    {
        // 3+3: the smallest two-sided p is 2 / 20 = 0.1, so even complete separation cannot be significant
        final Stats.Comparison c = Stats.compare(new double[] {1, 2, 3}, new double[] {100, 200, 300});

        assertEquals(Stats.Verdict.TOO_FEW, c.verdict());
        assertEquals("too few samples", c.changeText());
        assertEquals("p=0.100", c.pText());
    }

    @Test
    void shouldKnowTheSmallestSizesThatCanReachTheSignificanceLevel()
    {
        assertTrue(Stats.minimumP(3, 3) > Stats.ALPHA);
        assertTrue(Stats.minimumP(3, 4) > Stats.ALPHA);
        assertTrue(Stats.minimumP(2, 7) > Stats.ALPHA);
        assertTrue(Stats.minimumP(2, 8) <= Stats.ALPHA);
        assertTrue(Stats.minimumP(4, 4) <= Stats.ALPHA);
        assertTrue(Stats.minimumP(3, 5) <= Stats.ALPHA);
        assertEquals(2.0 / 252, Stats.minimumP(5, 5), 1e-15);
    }

    @Test
    void shouldShowNothingWhenASideHasNoSample()
    {
        final Stats.Comparison c = Stats.compare(new double[0], new double[] {1, 2, 3, 4});

        assertEquals(Fmt.NONE, c.changeText());
        assertEquals(Fmt.NONE, c.pText());
        assertEquals("0+4", c.nText());
    }

    @Test
    void shouldGiveTheSameIntervalEveryTimeForTheSameSamples()
    {
        final double[] a = {10.2, 11.5, 9.8, 10.9, 10.1, 12.0, 9.5};
        final double[] b = {11.8, 12.9, 11.1, 13.4, 12.2, 11.6, 12.7};

        assertArrayEquals(Stats.bootstrapChange(a, b, Stats.SEED), Stats.bootstrapChange(a, b, Stats.SEED));
        assertEquals(Stats.compare(a, b), Stats.compare(a, b));
    }

    @Test
    void shouldLeaveNonFiniteValuesOut()
    {
        final Stats.Comparison c = Stats.compare(new double[] {1, Double.NaN, 2, 3, 4},
            new double[] {5, 6, Double.POSITIVE_INFINITY, 7, 8});

        assertEquals("4+4", c.nText());
        assertEquals(2.0 / 70, c.p(), 1e-15);
    }

    @Test
    void shouldNeverPrintANegativeZeroChange()
    {
        assertEquals("+0.0%", Stats.percent(-0.01));
        assertEquals("+12.3%", Stats.percent(12.34));
        assertEquals("-5.0%", Stats.percent(-5));
    }
}
