package io.vcspbench.harness;

import picocli.CommandLine.ITypeConverter;

import java.util.Iterator;

/**
 * What {@code vcsp sweep --optimize} ranks the points by: a scalar metric of {@code result.json}
 * and whether less or more of it is better. Immutable.
 */
public enum SweepObjective
{
    /** Lowest median downtime. */
    DOWNTIME("downtime", "downtimeMs", "ms", false),
    /** Lowest median total migration time. */
    TOTAL_TIME("total-time", "totalMigrationTimeMs", "ms", false),
    /** Highest median workload throughput. */
    THROUGHPUT("throughput", "workloadThroughputMBps", "MB/s", true);

    private final String cliName;
    private final String metric;
    private final String unit;
    private final boolean higherIsBetter;

    SweepObjective(final String cliName, final String metric, final String unit, final boolean higherIsBetter)
    {
        this.cliName = cliName;
        this.metric = metric;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    /** @return the name after {@code --optimize}. */
    public String cliName()
    {
        return cliName;
    }

    /** @return the {@code scalarMetrics()} key ranked, e.g. "downtimeMs". */
    public String metric()
    {
        return metric;
    }

    /** @return the metric's unit, for display. */
    public String unit()
    {
        return unit;
    }

    /** @return whether more of the metric is better. */
    public boolean higherIsBetter()
    {
        return higherIsBetter;
    }

    /**
     * @param a one median.
     * @param b another.
     * @return negative when {@code a} is better, so that sorting puts the best first; NaN last.
     */
    public int compare(final double a, final double b)
    {
        if (Double.isNaN(a) || Double.isNaN(b))
        {
            return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        }
        return higherIsBetter ? Double.compare(b, a) : Double.compare(a, b);
    }

    /** Converts {@code --optimize} values. */
    public static final class Converter implements ITypeConverter<SweepObjective>
    {
        /** {@inheritDoc} */
        @Override
        public SweepObjective convert(final String value)
        {
            return EnumOptions.fromCliName(value, values(), SweepObjective::cliName);
        }
    }

    /** The {@code --optimize} names, for help and shell completion. */
    public static final class Names implements Iterable<String>
    {
        /** {@inheritDoc} */
        @Override
        public Iterator<String> iterator()
        {
            return EnumOptions.cliNames(values(), SweepObjective::cliName).iterator();
        }
    }
}
