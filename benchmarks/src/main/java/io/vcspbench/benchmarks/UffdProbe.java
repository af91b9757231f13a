package io.vcspbench.benchmarks;

import io.vcspbench.core.destination.FaultingRegions;
import io.vcspbench.core.memory.FaultBackend;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Whether the forks can run the uffd fault backend: asked of a JVM of the forks' own java, with their
 * flags, since it depends on that JVM's version, this build and the kernel.
 */
final class UffdProbe
{
    private static final String OK = "uffd=ok";
    private static final String NOT = "uffd=";
    private static final long PROBE_SECONDS = 30;

    private UffdProbe()
    {
    }

    /**
     * @param java     the forks' java executable.
     * @param forkArgs the forks' JVM arguments.
     * @return null when the forks can run uffd, else one line saying why not.
     */
    static String unavailableReason(final String java, final List<String> forkArgs)
    {
        try
        {
            final Set<String> classPath = new LinkedHashSet<>();
            for (final Class<?> c : List.of(UffdProbe.class, FaultingRegions.class))
            {
                classPath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            }
            final List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(forkArgs);
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classPath));
            command.add(UffdProbe.class.getName());
            // Output to a file, so the deadline holds even when the probe hangs without closing its stdout.
            final Path log = Files.createTempFile("vcsp-uffd-probe", ".log");
            try
            {
                final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS))
                {
                    p.destroyForcibly();
                    return "the uffd probe did not finish in " + PROBE_SECONDS + " s";
                }
                for (final String line : Files.readString(log, StandardCharsets.UTF_8).split("\\R"))
                {
                    if (line.equals(OK))
                    {
                        return null;
                    }
                    if (line.startsWith(NOT))
                    {
                        return line.substring(NOT.length());
                    }
                }
                return "the uffd probe exited with " + p.exitValue() + " and said nothing";
            }
            finally
            {
                Files.deleteIfExists(log);
            }
        }
        catch (final IOException | URISyntaxException e)
        {
            return "the uffd probe could not run: " + e.getMessage();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * The probe's own JVM: opens and closes a one-page region; prints {@code uffd=ok} or why not.
     *
     * @param args none.
     */
    public static void main(final String[] args)
    {
        final String reason = FaultingRegions.unavailableReason(FaultBackend.UFFD);
        System.out.println(reason == null ? OK : NOT + reason);
    }
}
