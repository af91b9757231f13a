package io.vcspbench.reports;

/**
 * The analytic model the runs report sets beside each measurement ({@link ModelSection}); docs/model.md
 * derives every formula and says how the constants were measured.
 *
 * <p>Post-copy with the push off: the faults of one pass over a working set of W pages with prefetch
 * N, the pages they bring, and the stall they cost on a link of a given latency and bandwidth.
 * Window and sequential passes fault once per N pages; random and hot/cold passes follow a gap
 * model (the pages still missing form gaps, and a fault at a missing page removes the N pages from
 * it on), which gives the missing fraction after x accesses per page in closed form:
 * u(x) = exp(−x − Σ_{j=1}^{N−1} (1 − e^{−jx}) / j).
 *
 * <p>Pre-copy: Jin et al.'s migration barrier p* = (h/M)^(1/(R−1))·B, the dirty rate above which
 * pre-copy cannot bring what is left under h within R rounds.
 *
 * <p>Pure functions of their arguments; stateless and thread-safe.
 */
final class Model
{
    /** A guest page, bytes. */
    static final int PAGE_BYTES = 4096;

    /** A frame's header, bytes: a request is one, a reply one per run of pages. */
    static final int HEADER_BYTES = 32;

    /**
     * Most pages one reply frame carries: the link's frame limit is {@code max(pushBatchPages, min(N, 64))}
     * (MigrationConfig.linkConfig), so a reply of more than 64 pages travels as several frames; the vCPU
     * resumes after the first and faults again on pages still on their way, which this model does not follow.
     */
    static final int MAX_FRAME_PAGES = 64;

    /** Steps of the window pattern: windows of W/16, 2W/16, … W pages, each swept once (WindowPattern.STEPS). */
    static final int WINDOW_STEPS = 16;

    /** Share of hot/cold accesses that go to the hot set, 922/1024 (HotColdPattern.HOT_SHARE_1024). */
    static final double HOT_SHARE = 922.0 / 1024;

    /** The hot set is the first tenth of the working set, at least one page (HotColdPattern). */
    static final int HOT_SET_DIVISOR = 10;

    /** Holds longer than this are waited for by a park, µs (BlockingWaiter.TIMER_SLACK_NS). */
    static final double TIMER_SLACK_US = 50;

    /**
     * What a fault costs beside its latency and transmission, calibrated per link on this machine (docs/model.md
     * gives the runs): serving the request, fixed plus per page carried, and the late wake of a thread that
     * waits in the kernel for a frame the link holds back longer than the timer slack (a park that ends late).
     *
     * @param fixedUs    per request, µs.
     * @param perPageUs  per page of the reply, µs.
     * @param lateWakeUs per frame held past {@link #TIMER_SLACK_US} when the threads block, µs.
     */
    record Cost(double fixedUs, double perPageUs, double lateWakeUs)
    {
        /**
         * @param pages k, pages the reply carries.
         * @return c(k), µs.
         */
        double us(final double pages)
        {
            return fixedUs + perPageUs * pages;
        }
    }

    /** The calibrated cost over {@code ipc}. */
    static final Cost IPC_COST = new Cost(12.5, 3.6, 27);

    /** The calibrated cost over {@code tcp}: its waits for held frames showed no late wake. */
    static final Cost TCP_COST = new Cost(26.5, 3.3, 0);

    /**
     * What one pass faults and moves.
     *
     * @param faults expected faults.
     * @param pages  expected pages the fault replies bring.
     */
    record Paging(double faults, double pages)
    {
        /** @return the mean pages a reply brings, NaN without faults. */
        double pagesPerFault()
        {
            return faults > 0 ? pages / faults : Double.NaN;
        }
    }

    private Model()
    {
    }

    /**
     * A sequential pass, and a window pass (every window starts at page 0, so later sweeps revisit present
     * pages): the pass faults at pages 0, N, 2N, … and each fault brings N pages.
     *
     * @param workingSetPages W, pages, at least 1.
     * @param prefetchPages   N, pages, at least 1.
     * @return ⌈W/N⌉ faults, each bringing N pages.
     */
    static Paging sequential(final long workingSetPages, final int prefetchPages)
    {
        final long faults = (workingSetPages + prefetchPages - 1) / prefetchPages;
        return new Paging(faults, (double)faults * prefetchPages);
    }

    /**
     * The fraction of pages still missing after x accesses per page drawn uniformly with replacement, where
     * a fault at a missing page brings it and the missing ones of the N − 1 pages after it. The missing pages
     * form gaps whose lengths stay geometric, which gives d ln u/dx = −Σ_{j=0}^{N−1} e^{−jx}.
     *
     * @param accessesPerPage x, at least 0.
     * @param prefetchPages   N, at least 1.
     * @return u(x) = exp(−x − Σ_{j=1}^{N−1} (1 − e^{−jx}) / j); e^{−x} for N = 1.
     */
    static double missingFraction(final double accessesPerPage, final int prefetchPages)
    {
        final double r = Math.exp(-accessesPerPage);
        double sum = accessesPerPage;
        double rj = 1;
        for (int j = 1; j < prefetchPages; j++)
        {
            rj *= r;
            sum += (1 - rj) / j;
        }
        return Math.exp(-sum);
    }

    /**
     * Expected faults per page of a region over x accesses per page, ∫₀^x u(t) dt: every access that finds
     * its page missing faults. Integrated by Simpson's rule on panels that double in width from 1/(4N) up to
     * 1/2, so the fast fall of u near 0 for a large N is followed as closely as its slow tail.
     *
     * @param accessesPerPage x, at least 0.
     * @param prefetchPages   N, at least 1.
     * @return faults per page; 1 − e^{−x} for N = 1.
     */
    static double faultsPerPage(final double accessesPerPage, final int prefetchPages)
    {
        final int steps = 32;
        double sum = 0;
        double from = 0;
        double width = 1.0 / (4.0 * prefetchPages);
        while (from < accessesPerPage)
        {
            final double to = Math.min(accessesPerPage, from + width);
            final double h = (to - from) / steps;
            double panel = missingFraction(from, prefetchPages) + missingFraction(to, prefetchPages);
            for (int i = 1; i < steps; i++)
            {
                panel += (i % 2 == 1 ? 4 : 2) * missingFraction(from + i * h, prefetchPages);
            }
            sum += panel * h / 3;
            from = to;
            width = Math.min(0.5, width * 2);
        }
        return sum;
    }

    /**
     * A random pass: W accesses uniform with replacement over W pages, one access per page on average.
     *
     * @param workingSetPages W, pages, at least 1.
     * @param prefetchPages   N, pages, at least 1.
     * @return W·∫₀¹ u faults bringing W·(1 − u(1)) pages; W·(1 − 1/e) of each for N = 1.
     */
    static Paging random(final long workingSetPages, final int prefetchPages)
    {
        return region(workingSetPages, 1, prefetchPages);
    }

    /**
     * A hot/cold pass: W accesses, {@link #HOT_SHARE} of them uniform over the hot set (the first tenth), the
     * rest uniform over the whole working set. Each part is a random pass of its own rate: the hot set gets
     * x = W·(s/H + (1 − s)/W) accesses per page, the rest x = 1 − s; prefetch across their border is ignored.
     *
     * @param workingSetPages W, pages, at least 1.
     * @param prefetchPages   N, pages, at least 1.
     * @return the faults and pages of the two parts together.
     */
    static Paging hotCold(final long workingSetPages, final int prefetchPages)
    {
        final long hot = Math.max(1, workingSetPages / HOT_SET_DIVISOR);
        final double coldRate = 1 - HOT_SHARE;
        final double hotRate = workingSetPages * (HOT_SHARE / hot + coldRate / workingSetPages);
        final Paging h = region(hot, hotRate, prefetchPages);
        final Paging c = region(workingSetPages - hot, coldRate, prefetchPages);
        return new Paging(h.faults() + c.faults(), h.pages() + c.pages());
    }

    private static Paging region(final long pages, final double accessesPerPage, final int prefetchPages)
    {
        return new Paging(pages * faultsPerPage(accessesPerPage, prefetchPages),
            pages * (1 - missingFraction(accessesPerPage, prefetchPages)));
    }

    /**
     * One pass of a post-copy access pattern with the push off.
     *
     * @param pattern         the pattern's CLI name: sequential, window, random or hotcold.
     * @param workingSetPages W, pages, at least 1.
     * @param prefetchPages   N, pages, 1 to {@link #MAX_FRAME_PAGES}.
     * @return the expected faults and pages, or null for a pattern or an N the model does not cover.
     */
    static Paging paging(final String pattern, final long workingSetPages, final int prefetchPages)
    {
        if (workingSetPages < 1 || prefetchPages < 1 || prefetchPages > MAX_FRAME_PAGES)
        {
            return null;
        }
        return switch (pattern)
        {
            case "sequential", "window" -> sequential(workingSetPages, prefetchPages);
            case "random" -> random(workingSetPages, prefetchPages);
            case "hotcold" -> hotCold(workingSetPages, prefetchPages);
            default -> null;
        };
    }

    /**
     * @param bytes         what is sent.
     * @param bandwidthMbit the link's pacing, Mbit/s; 0 = unpaced, which the model takes as instant.
     * @return the time it takes to send them, µs.
     */
    static double transmitUs(final double bytes, final double bandwidthMbit)
    {
        return bandwidthMbit > 0 ? bytes * 8 / bandwidthMbit : 0;
    }

    /**
     * The stall of one fault: the request's and the reply's one-way latency, their transmission, the software
     * cost of serving it, and a late wake for each of the two frames held longer than the timer slack when
     * the threads block.
     *
     * @param latencyUs     the link's added one-way latency, µs.
     * @param bandwidthMbit the link's pacing, Mbit/s; 0 = unpaced.
     * @param cost          the link's software cost.
     * @param pages         k, pages the reply carries (a mean for the random patterns).
     * @param blockingWaits whether the threads wait in the kernel (wait strategy {@code block}, the default),
     *                      where a frame held past the timer slack is waited for by a park.
     * @return t_fault = 2·L + (k·P + 2·H)·8/B + c(k) + late wakes, µs.
     */
    static double faultUs(final double latencyUs, final double bandwidthMbit, final Cost cost, final double pages,
        final boolean blockingWaits)
    {
        final double requestHoldUs = latencyUs + transmitUs(HEADER_BYTES, bandwidthMbit);
        final double replyHoldUs = latencyUs + transmitUs(HEADER_BYTES + pages * PAGE_BYTES, bandwidthMbit);
        double lateUs = 0;
        if (blockingWaits)
        {
            lateUs += requestHoldUs > TIMER_SLACK_US ? cost.lateWakeUs() : 0;
            lateUs += replyHoldUs > TIMER_SLACK_US ? cost.lateWakeUs() : 0;
        }
        return requestHoldUs + replyHoldUs + cost.us(pages) + lateUs;
    }

    /**
     * Jin et al.'s migration barrier: pre-copy sends M in its first round and what the guest dirtied meanwhile
     * in each next one, M·(p/B)^i in round i + 1 when the guest dirties at p; R rounds, the last being
     * stop-and-copy, leave at most h only while M·(p/B)^(R−1) ≤ h.
     *
     * @param memoryBytes    M, guest memory, bytes.
     * @param thresholdBytes h, what stop-and-copy may send, bytes.
     * @param rounds         R, rounds including stop-and-copy, at least 2.
     * @param bandwidthMbit  B, the link's rate, Mbit/s.
     * @return p* = (h/M)^(1/(R−1))·B, Mbit/s; NaN when an argument is out of range.
     */
    static double barrierMbit(final double memoryBytes, final double thresholdBytes, final int rounds,
        final double bandwidthMbit)
    {
        if (!(memoryBytes > 0 && thresholdBytes > 0 && rounds >= 2 && bandwidthMbit > 0))
        {
            return Double.NaN;
        }
        return Math.pow(Math.min(1, thresholdBytes / memoryBytes), 1.0 / (rounds - 1)) * bandwidthMbit;
    }
}
