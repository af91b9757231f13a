package io.vcspbench.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short-lived JVM the bench launcher asks something of (can async-profiler sample, can uffd run),
 * with its output in a temporary file rather than a pipe, so the deadline holds even when the probe
 * hangs without closing its stdout.
 */
final class ProbeJvm
{
    private ProbeJvm()
    {
    }

    /**
     * What a probe printed and how it ended.
     *
     * @param output stdout and stderr together.
     * @param exit   its exit status.
     */
    record Outcome(String output, int exit)
    {
    }

    /**
     * @param command        the command line.
     * @param timeoutSeconds how long it may take; it is killed beyond.
     * @return its output and exit status.
     * @throws IOException if it cannot start, or it did not finish in time (the message says so).
     * @throws InterruptedException if this thread is interrupted while it waits.
     */
    static Outcome run(final List<String> command, final long timeoutSeconds) throws IOException, InterruptedException
    {
        final Path log = Files.createTempFile("vcsp-probe", ".log");
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new IOException("the probe did not finish in " + timeoutSeconds + " s");
            }
            return new Outcome(Files.readString(log, StandardCharsets.UTF_8), p.exitValue());
        }
        finally
        {
            Files.deleteIfExists(log);
        }
    }
}
