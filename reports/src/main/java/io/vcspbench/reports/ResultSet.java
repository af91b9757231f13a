package io.vcspbench.reports;

import java.util.List;
import java.util.Map;

/**
 * One labelled set of benchmark results: a subfolder of the bench directory holding
 * {@code jmh.json}, usually {@code environment.json}, and the harness sweep run after the JMH suite
 * in {@code runs/}. Immutable.
 *
 * @param label       the folder's name.
 * @param environment the environment as written by the bench launcher, values flattened to text;
 *                    empty when the file is missing.
 * @param results     the JMH results in file order.
 * @param runs        the harness sweep's runs in path order; empty when there was no sweep.
 */
public record ResultSet(String label, Map<String, String> environment, List<JmhResult> results, List<RunsReport.Run> runs)
{
    /** The name of the folder beside {@code jmh.json} that holds the harness sweep. */
    public static final String RUNS_FOLDER = "runs";

    /**
     * A set without a harness sweep.
     *
     * @param label       the folder's name.
     * @param environment the environment, values as text.
     * @param results     the JMH results in file order.
     */
    public ResultSet(final String label, final Map<String, String> environment, final List<JmhResult> results)
    {
        this(label, environment, results, List.of());
    }
}
