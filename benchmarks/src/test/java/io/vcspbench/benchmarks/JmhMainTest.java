package io.vcspbench.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmarks jar works the way every JMH suite is run: {@code JmhMain} hands JMH's forks the flags
 * the engine needs, which plain {@code org.openjdk.jmh.Main} does not (its forks fail with an
 * IllegalAccessError in Agrona).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JmhMainTest
{
    private static final String FLAGS = "--add-opens java.base/java.nio=ALL-UNNAMED";

    @Test
    void shouldAddTheFlagsAsJvmArgsAppendWhenTheUserGaveNone()
    {
        assertArrayEquals(new String[] { "Fault", "-prof", "gc", "-jvmArgsAppend", FLAGS },
            JmhMain.withFlags(new String[] { "Fault", "-prof", "gc" }, FLAGS));
    }

    @Test
    void shouldAppendTheFlagsToTheUsersOwnJvmArgsAppend()
    {
        assertArrayEquals(new String[] { "-jvmArgsAppend", "-Xmx1g " + FLAGS, "-f", "1" },
            JmhMain.withFlags(new String[] { "-jvmArgsAppend", "-Xmx1g", "-f", "1" }, FLAGS));
    }

    @Test
    void shouldRunABenchmarkThatNeedsTheFlagsInAForkOfAPlainJvm() throws Exception
    {
        final Run viaJmhMain = run(JmhMain.class.getName());
        final Run viaPlainJmh = run("org.openjdk.jmh.Main");

        assertEquals(0, viaJmhMain.exit(), viaJmhMain.output());
        assertTrue(viaJmhMain.output().contains("Result \"io.vcspbench.benchmarks.PageCopyBenchmark"),
            viaJmhMain.output());
        // The control: the same command through JMH's own main fails in the fork, so the first one proves the flags.
        assertTrue(viaPlainJmh.output().contains("IllegalAccessError"), viaPlainJmh.output());
    }

    private record Run(int exit, String output)
    {
    }

    /** One short benchmark, host JVM started with no flags at all (as {@code java -jar} without the manifest). */
    private static Run run(final String mainClass) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), mainClass,
            "PageCopyBenchmark.guestMemoryCopyPageTo", "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms",
            "-p", "memoryPages=256", "-foe", "true"));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "JMH did not end");
        return new Run(p.exitValue(), output);
    }
}
