package io.vcspbench.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmarks jar's entry point: JMH's own command line ({@code java -jar benchmarks.jar [regex]
 * [any JMH option]}) with the JVM flags the engine needs (Agrona's and Chronicle's
 * {@code --add-opens}) handed to every fork. The jar's manifest opens those packages for the JVM
 * started with {@code -jar}, but JMH's forks are new JVMs that do not read it, and failed with an
 * {@code IllegalAccessError}. One list of flags serves both: the root pom's {@code vcsp.jvmFlags},
 * baked into the jar as {@code jvm-flags.txt}, appended here to whatever {@code -jvmArgsAppend} the
 * user gives (or added as one). {@code -jvmArgs} given by the user still replaces JMH's default as
 * JMH documents, and the flags follow it.
 */
public final class JmhMain
{
    private JmhMain()
    {
    }

    /**
     * @param args JMH's arguments.
     * @throws Exception whatever JMH's main throws.
     */
    public static void main(final String[] args) throws Exception
    {
        org.openjdk.jmh.Main.main(withFlags(args, BenchLauncher.Settings.bakedJvmFlags()));
    }

    /**
     * @param args  the user's JMH arguments.
     * @param flags the JVM flags every fork needs, space-separated; empty for none.
     * @return the arguments with the flags appended to {@code -jvmArgsAppend}.
     */
    static String[] withFlags(final String[] args, final String flags)
    {
        if (flags.isEmpty())
        {
            return args;
        }
        final List<String> out = new ArrayList<>(Arrays.asList(args));
        final int at = out.indexOf("-jvmArgsAppend");
        if (at >= 0 && at + 1 < out.size())
        {
            out.set(at + 1, out.get(at + 1) + " " + flags);
        }
        else
        {
            out.add("-jvmArgsAppend");
            out.add(flags);
        }
        return out.toArray(new String[0]);
    }
}
