package io.vcspbench.core.migration;

/**
 * The migration algorithms of DESIGN.md, by their command-line names. Whether an algorithm
 * throttles the vCPU or prefetches decides which of {@code throttlePercent} and
 * {@code prefetchPages} it uses; the others are forced to 100 and 1.
 */
public enum Algorithm
{
    /** Post-copy with demand paging and background push (Hines 2009; VCSP Alg. 1). */
    POSTCOPY("postcopy", false, false, false),
    /** Post-copy, each fault returns up to N pages (VCSP Alg. 2). */
    POSTCOPY_PREFETCH("postcopy-prefetch", false, true, false),
    /** Post-copy with the destination vCPU throttled to E% (VCSP Alg. 3). */
    VCSP("vcsp", true, false, false),
    /** VCSP with prefetch N (VCSP Alg. 4). */
    VCSP_PREFETCH("vcsp-prefetch", true, true, false),
    /** Iterative pre-copy (Clark 2005). */
    PRECOPY("precopy", false, false, true),
    /** Pre-copy with Jin 2011's throttle controller (its policy sets E, starting at 100). */
    PRECOPY_THROTTLED("precopy-throttled", false, false, true),
    /** Pre-copy with QEMU's auto-converge throttle (its policy sets E, starting at 100). */
    AUTO_CONVERGE("auto-converge", false, false, true),
    /** k pre-copy rounds then post-copy (Li and Cao 2023). */
    HYBRID_K("hybrid-k", false, false, true),
    /** Pre-copy that switches to post-copy when the dirty set stops shrinking (Li and Cao 2023 Alg. 2). */
    ADAPTIVE_HYBRID("adaptive-hybrid", false, false, true),
    /** Adaptive hybrid with the first full copy over a parallel snapshot channel (Li and Cao 2023 Alg. 1). */
    PARALLEL_HYBRID("parallel-hybrid", false, false, true);

    private final String cliName;
    private final boolean throttled;
    private final boolean prefetching;
    private final boolean precopyPhase;

    Algorithm(final String cliName, final boolean throttled, final boolean prefetching, final boolean precopyPhase)
    {
        this.cliName = cliName;
        this.throttled = throttled;
        this.prefetching = prefetching;
        this.precopyPhase = precopyPhase;
    }

    /** @return the name on the command line, in JMH {@code @Param}s and in result files. */
    public String cliName()
    {
        return cliName;
    }

    /**
     * @return whether the algorithm runs at the configured throttle share E; pre-copy's throttling
     * policies start at 100 and set E themselves, so they answer false.
     */
    public boolean throttled()
    {
        return throttled;
    }

    /** @return whether the algorithm uses the prefetch size N. */
    public boolean prefetching()
    {
        return prefetching;
    }

    /** @return whether the algorithm starts with pre-copy rounds at the source. */
    public boolean precopyPhase()
    {
        return precopyPhase;
    }

    /** @return whether the algorithm is pure pre-copy (no post-copy phase): precopy, precopy-throttled, auto-converge. */
    public boolean purePrecopy()
    {
        return this == PRECOPY || this == PRECOPY_THROTTLED || this == AUTO_CONVERGE;
    }

    /**
     * @param name a CLI name such as "vcsp-prefetch".
     * @return the algorithm.
     * @throws IllegalArgumentException naming the allowed values.
     */
    public static Algorithm fromCliName(final String name)
    {
        for (final Algorithm a : values())
        {
            if (a.cliName.equals(name))
            {
                return a;
            }
        }
        throw new IllegalArgumentException("algorithm must be one of " + names() + ", was '" + name + "'");
    }

    /** @return all CLI names joined by '|'. */
    public static String names()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Algorithm a : values())
        {
            if (sb.length() > 0)
            {
                sb.append('|');
            }
            sb.append(a.cliName);
        }
        return sb.toString();
    }
}
