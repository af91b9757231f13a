package io.vcspbench.core.destination;

import io.vcspbench.core.memory.FaultBackend;
import io.vcspbench.core.memory.FaultingRegion;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Opens the uffd backend's {@link FaultingRegion}, whose class exists only in a build made on a JDK 22+
 * (src/main/java22) and loads only on Java 22+: found by name, so the rest of the engine compiles and
 * runs on Java 17.
 */
public final class FaultingRegions
{
    private static final String UFFD_CLASS = "io.vcspbench.core.uffd.UffdRegion";

    private FaultingRegions()
    {
    }

    /**
     * Whether a backend can run here: for uffd, the Java version, the build and the kernel (a region of
     * one page is opened and closed).
     *
     * @param backend the backend.
     * @return null when it can, else one line saying what is missing.
     */
    public static String unavailableReason(final FaultBackend backend)
    {
        if (backend == FaultBackend.MMU)
        {
            return null;
        }
        try (FaultingRegion probe = open(1))
        {
            return null;
        }
        catch (final UnsupportedOperationException e)
        {
            return e.getMessage();
        }
    }

    /**
     * Maps and registers a region for the uffd backend.
     *
     * @param pages size in pages.
     * @return the region.
     * @throws UnsupportedOperationException one line saying what is missing: Java 22+, a build with the
     *                                       backend, or userfaultfd in the kernel (and the right to use it).
     */
    public static FaultingRegion open(final long pages)
    {
        final int feature = Runtime.version().feature();
        if (feature < FaultBackend.UFFD_JAVA)
        {
            final int needed = FaultBackend.UFFD_JAVA;
            throw new UnsupportedOperationException("--fault-backend uffd needs Java " + needed + " or later " +
                "(java.lang.foreign); this is Java " + feature + ": run vcsp with a JDK " + needed + "+, e.g. " +
                "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar vcsp.jar ...");
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux") ||
            !"amd64".equals(System.getProperty("os.arch")))
        {
            throw new UnsupportedOperationException("--fault-backend uffd needs Linux on x86_64 (userfaultfd); this is " +
                System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
        }
        final Class<?> type;
        try
        {
            type = Class.forName(UFFD_CLASS);
        }
        catch (final ClassNotFoundException | LinkageError e)
        {
            throw new UnsupportedOperationException("this vcsp was built without the uffd backend (it is built only when " +
                "Maven runs on a JDK " + FaultBackend.UFFD_JAVA + "+): rebuild with JAVA_HOME set to one, e.g. " +
                "JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B package -DskipTests");
        }
        try
        {
            return (FaultingRegion)type.getMethod("open", long.class).invoke(null, pages);
        }
        catch (final InvocationTargetException e)
        {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException)
            {
                throw (RuntimeException)cause;
            }
            if (cause instanceof Error)
            {
                throw (Error)cause;
            }
            throw new IllegalStateException(cause);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException("the uffd backend cannot be opened: " + e, e);
        }
    }
}
