package io.vcspbench.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JMH run of the bench launcher: one benchmark class, the parameter values to sweep and the
 * iteration settings. Several passes make a preset, so each class gets its own settings and a class
 * such as {@link MigrationBenchmark} can skip the parameter combinations that would repeat a run.
 *
 * @param benchmark          simple name of the benchmark class in this package.
 * @param params             parameter name to values, in order.
 * @param forks              JMH forks.
 * @param warmupIterations   warm-up iterations.
 * @param warmupMillis       milliseconds per warm-up iteration, 0 for single-shot benchmarks.
 * @param measureIterations  measured iterations.
 * @param measureMillis      milliseconds per measured iteration, 0 for single-shot benchmarks.
 */
record BenchPass(
    String benchmark,
    Map<String, List<String>> params,
    int forks,
    int warmupIterations,
    int warmupMillis,
    int measureIterations,
    int measureMillis)
{
    /** Package of every benchmark class. */
    static final String PACKAGE = "io.vcspbench.benchmarks";

    /** @return the regular expression that selects this class's benchmark methods. */
    String includeRegex()
    {
        return "^" + PACKAGE.replace(".", "\\.") + "\\." + benchmark + "\\.";
    }

    /** @return number of parameter combinations. */
    int combinations()
    {
        int n = 1;
        for (final List<String> values : params.values())
        {
            n *= values.size();
        }
        return n;
    }

    /**
     * The same pass as a JMH command line, so any pass can be rerun by hand.
     *
     * @param jvmArgs arguments for the forked JVMs.
     * @return the arguments after {@code java -jar benchmarks.jar}.
     */
    List<String> commandLine(final List<String> jvmArgs)
    {
        final List<String> args = new ArrayList<>();
        args.add(includeRegex());
        args.add("-f");
        args.add(Integer.toString(forks));
        args.add("-wi");
        args.add(Integer.toString(warmupIterations));
        if (warmupMillis > 0)
        {
            args.add("-w");
            args.add(warmupMillis + "ms");
        }
        args.add("-i");
        args.add(Integer.toString(measureIterations));
        if (measureMillis > 0)
        {
            args.add("-r");
            args.add(measureMillis + "ms");
        }
        args.add("-prof");
        args.add("gc");
        for (final Map.Entry<String, List<String>> p : params.entrySet())
        {
            args.add("-p");
            args.add(p.getKey() + "=" + String.join(",", p.getValue()));
        }
        if (!jvmArgs.isEmpty())
        {
            args.add("-jvmArgs");
            args.add(String.join(" ", jvmArgs));
        }
        return args;
    }

    /** Builds a pass's parameter map in the order given: name, values, name, values, ... */
    static Map<String, List<String>> grid(final Object... nameThenValues)
    {
        final Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenValues.length; i += 2)
        {
            @SuppressWarnings("unchecked")
            final List<String> values = (List<String>)nameThenValues[i + 1];
            m.put((String)nameThenValues[i], values);
        }
        return m;
    }
}
