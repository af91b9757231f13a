package io.vcspbench.core.workload;

/** The order in which the {@link Pattern#WRITER} workload writes the pages of its working set. */
public enum WriterOrder
{
    /** Page after page, round and round, as Jin's memWriter. */
    SEQUENTIAL("sequential", Pattern.SEQUENTIAL),
    /** Uniformly random pages from a seeded generator. */
    RANDOM("random", Pattern.RANDOM);

    private final String cliName;
    private final Pattern pattern;

    WriterOrder(final String cliName, final Pattern pattern)
    {
        this.cliName = cliName;
        this.pattern = pattern;
    }

    /** @return the CLI name. */
    public String cliName()
    {
        return cliName;
    }

    /** @return the access pattern that yields this order. */
    public Pattern pattern()
    {
        return pattern;
    }

    /**
     * @param name CLI name.
     * @return the order.
     * @throws IllegalArgumentException naming the allowed values.
     */
    public static WriterOrder fromCliName(final String name)
    {
        for (final WriterOrder o : values())
        {
            if (o.cliName.equals(name))
            {
                return o;
            }
        }
        throw new IllegalArgumentException("writerOrder must be one of sequential|random, was '" + name + "'");
    }
}
