package io.vcspbench.core.workload;

/** The guest's memory access patterns, by their command-line names. */
public enum Pattern
{
    /** Page after page over the working set, round and round. */
    SEQUENTIAL("sequential"),
    /** Uniformly random pages of the working set from a seeded generator. */
    RANDOM("random"),
    /** 90% of accesses to a hot 10% of the working set, the rest anywhere in it (seeded). */
    HOTCOLD("hotcold"),
    /** VCSP's stress test: sweep a window from the start of the working set that grows step by step. */
    WINDOW("window"),
    /** Jin 2011's memWriter: writes pages at a fixed rate (--dirty-rate-mbit). */
    WRITER("writer");

    private final String cliName;

    Pattern(final String cliName)
    {
        this.cliName = cliName;
    }

    /** @return the CLI name. */
    public String cliName()
    {
        return cliName;
    }

    /**
     * @param name CLI name.
     * @return the pattern.
     * @throws IllegalArgumentException naming the allowed values.
     */
    public static Pattern fromCliName(final String name)
    {
        for (final Pattern p : values())
        {
            if (p.cliName.equals(name))
            {
                return p;
            }
        }
        throw new IllegalArgumentException("pattern must be one of sequential|random|hotcold|window|writer, was '" + name + "'");
    }
}
