package io.vcspbench.benchmarks;

import io.vcspbench.core.destination.FaultingRegions;
import io.vcspbench.core.memory.FaultBackend;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
            final ProbeJvm.Outcome probe = ProbeJvm.run(command, PROBE_SECONDS);
            for (final String line : probe.output().split("\\R"))
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
            return "the uffd probe exited with " + probe.exit() + " and said nothing";
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
