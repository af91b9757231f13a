package io.vcspbench.reports;

import java.util.List;
import java.util.Map;

/**
 * One labelled set of benchmark results: a subfolder of the bench directory holding
 * {@code jmh.json} and, usually, {@code environment.json}. Immutable.
 *
 * @param label       the folder's name.
 * @param environment the environment as written by the bench launcher, values flattened to text;
 *                    empty when the file is missing.
 * @param results     the JMH results in file order.
 */
public record ResultSet(String label, Map<String, String> environment, List<JmhResult> results)
{
}
