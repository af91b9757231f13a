package io.vcspbench.reports;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Whether a difference between two samples is real, decided as Go's benchstat decides it: the
 * two-sided Mann–Whitney U test at {@link #ALPHA}, "~" when the difference is within noise; and how
 * large it is: the change of the median in percent with a 95 % bootstrap confidence interval of the
 * ratio of medians, resampled with a fixed seed so a report renders the same every time. Ranks need
 * no assumption about the distribution, which matters for latencies and migration times, whose
 * tails are long. Stateless and thread-safe.
 */
final class Stats
{
    /** The significance level: a difference is real when the test's p is at most this (benchstat's default). */
    static final double ALPHA = 0.05;

    /** Bootstrap resamples per confidence interval. */
    static final int RESAMPLES = 2000;

    /** The bootstrap's seed: fixed, so the same samples give the same interval on every run. */
    static final long SEED = 0x5eed_0f_c0ffeeL;

    /** Largest n1 + n2 for the exact U distribution (its counts fit a long); above it the normal approximation. */
    static final int EXACT_LIMIT = 40;

    /** Why a comparison of few samples claims nothing, for the reports' text. */
    static final String TOO_FEW_NOTE = "at these counts not even samples that do not overlap at all could reach " +
        "p ≤ 0.05 (3+3 gives at best p = 0.1; 4+4 gives 0.029, 5+5 0.008, 6+6 0.002)";

    /** What a comparison says. */
    enum Verdict
    {
        /** p ≤ {@link #ALPHA}: the difference is real. */
        CHANGED,
        /** p > {@link #ALPHA}: within noise, benchstat's "~". */
        SAME,
        /** So few samples that no difference could reach p ≤ {@link #ALPHA}; nothing is claimed. */
        TOO_FEW
    }

    /**
     * Two samples compared. Immutable.
     *
     * @param baseline   the baseline's median, NaN when it has no sample.
     * @param other      the other side's median, NaN when it has no sample.
     * @param change     other / baseline − 1, in percent; NaN when undefined.
     * @param low        the 95 % confidence interval's low end of the change, percent.
     * @param high       its high end, percent.
     * @param p          the two-sided Mann–Whitney p, NaN when a side is empty.
     * @param n1         the baseline's sample count.
     * @param n2         the other side's sample count.
     */
    record Comparison(double baseline, double other, double change, double low, double high, double p, int n1, int n2)
    {
        /** @return what the comparison says. */
        Verdict verdict()
        {
            if (n1 == 0 || n2 == 0 || minimumP(n1, n2) > ALPHA)
            {
                return Verdict.TOO_FEW;
            }
            return p <= ALPHA ? Verdict.CHANGED : Verdict.SAME;
        }

        /**
         * @return the change as benchstat shows it: "+12.3% [+8.1%, +16.0%]" when real, "~" within noise,
         * "too few samples" when no difference could be told, {@link Fmt#NONE} when a side is missing.
         */
        String changeText()
        {
            if (n1 == 0 || n2 == 0)
            {
                return Fmt.NONE;
            }
            return switch (verdict())
            {
                case CHANGED -> percent(change) + " [" + percent(low) + ", " + percent(high) + "]";
                case SAME -> "~";
                case TOO_FEW -> "too few samples";
            };
        }

        /** @return "p=0.008", "p<0.001", or {@link Fmt#NONE} when a side is empty. */
        String pText()
        {
            if (Double.isNaN(p))
            {
                return Fmt.NONE;
            }
            return p < 0.001 ? "p<0.001" : String.format(Locale.ROOT, "p=%.3f", p);
        }

        /** @return the sample counts, "6+6". */
        String nText()
        {
            return n1 + "+" + n2;
        }
    }

    private Stats()
    {
    }

    /**
     * @param baseline the baseline's samples (non-finite values are left out).
     * @param other    the other side's samples (likewise).
     * @return the medians, the change with its interval, and the test's p.
     */
    static Comparison compare(final double[] baseline, final double[] other)
    {
        final double[] a = finite(baseline);
        final double[] b = finite(other);
        final double ma = median(a);
        final double mb = median(b);
        if (a.length == 0 || b.length == 0)
        {
            return new Comparison(ma, mb, Double.NaN, Double.NaN, Double.NaN, Double.NaN, a.length, b.length);
        }
        final double[] ci = bootstrapChange(a, b, SEED);
        return new Comparison(ma, mb, (mb / ma - 1) * 100, ci[0], ci[1], mannWhitneyP(a, b), a.length, b.length);
    }

    /**
     * The two-sided Mann–Whitney U test (Wilcoxon rank-sum). Without ties and with n1 + n2 at most
     * {@link #EXACT_LIMIT} the p is exact, from U's distribution; otherwise the normal approximation
     * with the tie correction of the variance and a continuity correction, as R's {@code wilcox.test}
     * and SciPy's {@code mannwhitneyu} compute it.
     *
     * @param x a sample, at least one value.
     * @param y another, at least one value.
     * @return p, in (0, 1]; 1 when every value is the same.
     */
    static double mannWhitneyP(final double[] x, final double[] y)
    {
        final int n1 = x.length;
        final int n2 = y.length;
        final int n = n1 + n2;
        final double[] all = new double[n];
        System.arraycopy(x, 0, all, 0, n1);
        System.arraycopy(y, 0, all, n1, n2);
        final double[] sorted = all.clone();
        Arrays.sort(sorted);
        // Average ranks (1-based) of tied values, and the tie term sum(t³ − t) for the variance.
        double tieTerm = 0;
        for (int i = 0; i < n; )
        {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[i])
            {
                j++;
            }
            final double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double rankSumX = 0;
        for (int i = 0; i < n1; i++)
        {
            rankSumX += averageRank(sorted, x[i]);
        }
        final double u = rankSumX - n1 * (n1 + 1) / 2.0;
        if (tieTerm == 0 && n <= EXACT_LIMIT)
        {
            return exactP(n1, n2, (int)Math.round(u));
        }
        final double mean = n1 * (double)n2 / 2;
        final double variance = n1 * (double)n2 / 12 * ((n + 1) - tieTerm / ((double)n * (n - 1)));
        if (variance <= 0)
        {
            return 1;
        }
        final double z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
        return Math.min(1, erfc(z / Math.sqrt(2)));
    }

    /**
     * @param n1 one sample's size.
     * @param n2 the other's.
     * @return the smallest two-sided p the exact test can give at these sizes, 2 / C(n1 + n2, n1): above
     * {@link #ALPHA} (3+3, 3+4, 2+7, ...) no difference can ever be significant.
     */
    static double minimumP(final int n1, final int n2)
    {
        // C(n1 + n2, n1) as a double: exact enough to compare with ALPHA.
        double c = 1;
        for (int i = 1; i <= Math.min(n1, n2); i++)
        {
            c = c * (Math.max(n1, n2) + i) / i;
        }
        return Math.min(1, 2 / c);
    }

    /**
     * @param values values, finite.
     * @return their median (the mean of the middle two when even), NaN when there is none.
     */
    static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] v = values.clone();
        Arrays.sort(v);
        return medianOfSorted(v);
    }

    /**
     * The percentile bootstrap of the ratio of medians: each side resampled with replacement
     * {@link #RESAMPLES} times, median(b*) / median(a*) − 1 each time, the 2.5th and 97.5th percentiles.
     *
     * @param a    the baseline, at least one value.
     * @param b    the other side, at least one value.
     * @param seed the random stream's seed.
     * @return {low, high} of the change, percent.
     */
    static double[] bootstrapChange(final double[] a, final double[] b, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] ratios = new double[RESAMPLES];
        final double[] ra = new double[a.length];
        final double[] rb = new double[b.length];
        for (int i = 0; i < RESAMPLES; i++)
        {
            resample(a, ra, random);
            resample(b, rb, random);
            ratios[i] = medianOfSorted(rb) / medianOfSorted(ra);
        }
        Arrays.sort(ratios);
        final int lowIndex = (int)Math.floor(0.025 * RESAMPLES);
        final int highIndex = (int)Math.ceil(0.975 * RESAMPLES) - 1;
        return new double[] {(ratios[lowIndex] - 1) * 100, (ratios[highIndex] - 1) * 100};
    }

    /** @return a signed percentage with one decimal, "+12.3%"; "-0.0%" would claim a direction it lacks. */
    static String percent(final double v)
    {
        if (!Double.isFinite(v))
        {
            return Fmt.NONE;
        }
        final String s = String.format(Locale.ROOT, "%+.1f%%", v);
        return "-0.0%".equals(s) ? "+0.0%" : s;
    }

    /** Fills {@code into} with draws from {@code from}, sorted. */
    private static void resample(final double[] from, final double[] into, final SplittableRandom random)
    {
        for (int i = 0; i < into.length; i++)
        {
            into[i] = from[random.nextInt(from.length)];
        }
        Arrays.sort(into);
    }

    private static double medianOfSorted(final double[] v)
    {
        final int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double averageRank(final double[] sorted, final double value)
    {
        int first = Arrays.binarySearch(sorted, value);
        int last = first;
        while (first > 0 && sorted[first - 1] == value)
        {
            first--;
        }
        while (last + 1 < sorted.length && sorted[last + 1] == value)
        {
            last++;
        }
        return (first + last) / 2.0 + 1;
    }

    /**
     * @return the exact two-sided p of U = u at sizes n1, n2: twice the smaller tail of U's distribution,
     * whose counts are the coefficients of the Gaussian binomial [n1 + n2 choose n1] in q.
     */
    private static double exactP(final int n1, final int n2, final int u)
    {
        final int max = n1 * n2;
        // counts[k]: arrangements of i values of x among i + n2 with U = k, built up for i = 1..n1 by
        // multiplying with (1 − q^(n2+i)) / (1 − q^i); every intermediate is a Gaussian binomial.
        final long[] counts = new long[max + 1];
        counts[0] = 1;
        for (int i = 1; i <= n1; i++)
        {
            final int shift = n2 + i;
            for (int k = max; k >= shift; k--)
            {
                counts[k] -= counts[k - shift];
            }
            for (int k = i; k <= max; k++)
            {
                counts[k] += counts[k - i];
            }
        }
        long total = 0;
        long lower = 0;
        long upper = 0;
        for (int k = 0; k <= max; k++)
        {
            total += counts[k];
            lower += k <= u ? counts[k] : 0;
            upper += k >= u ? counts[k] : 0;
        }
        return Math.min(1, 2.0 * Math.min(lower, upper) / total);
    }

    /** The complementary error function; fractional error below 1.2e-7 (Numerical Recipes' erfcc). */
    private static double erfc(final double z)
    {
        final double t = 1 / (1 + 0.5 * Math.abs(z));
        final double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 +
            t * 0.17087277)))))))));
        return z >= 0 ? r : 2 - r;
    }

    private static double[] finite(final double[] values)
    {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }
}
