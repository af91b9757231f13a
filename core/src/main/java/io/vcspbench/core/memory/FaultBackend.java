package io.vcspbench.core.memory;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * How the destination vCPU meets a page that has not arrived.
 * <ul>
 *   <li>{@link #MMU}: the quasi-MMU. The vCPU checks the "present" bitmap before each access and, on a
 *   miss, asks for the page and waits for it itself. Runs anywhere.</li>
 *   <li>{@link #UFFD}: real page faults. Guest memory is a mapping registered with userfaultfd, a missing
 *   page traps in the kernel and a handler thread resolves it with UFFDIO_COPY, as QEMU's post-copy
 *   does. Linux, Java 22+ and a build made on a JDK 22+ ({@link FaultingRegion}).</li>
 * </ul>
 */
public enum FaultBackend
{
    /** The quasi-MMU (default). */
    MMU("mmu"),
    /** userfaultfd: real faults. */
    UFFD("uffd");

    /** The Java feature release the uffd backend needs (java.lang.foreign is final in 22). */
    public static final int UFFD_JAVA = 22;
    private static final String UFFD_CLASS = "io.vcspbench.core.uffd.UffdRegion";

    private final String label;

    FaultBackend(final String label)
    {
        this.label = label;
    }

    /** @return the name used on the command line and in result files. */
    public String label()
    {
        return label;
    }

    /**
     * @param text a label, case-insensitive.
     * @return the backend.
     * @throws IllegalArgumentException naming the choices.
     */
    public static FaultBackend fromLabel(final String text)
    {
        for (final FaultBackend b : values())
        {
            if (b.label.equals(text.toLowerCase(Locale.ROOT)))
            {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown fault backend '" + text + "' (choose mmu or uffd)");
    }

    /**
     * Whether this backend can run here: for uffd, the Java version, the build and the kernel (a region of
     * one page is opened and closed).
     *
     * @return null when it can, else one line saying what is missing.
     */
    public String unavailableReason()
    {
        if (this == MMU)
        {
            return null;
        }
        try (FaultingRegion probe = openRegion(1))
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
    public static FaultingRegion openRegion(final long pages)
    {
        final int feature = Runtime.version().feature();
        if (feature < UFFD_JAVA)
        {
            throw new UnsupportedOperationException("--fault-backend uffd needs Java " + UFFD_JAVA + " or later (java.lang." +
                "foreign); this is Java " + feature + ": run vcsp with a JDK " + UFFD_JAVA + "+, e.g. " +
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
                "Maven runs on a JDK " + UFFD_JAVA + "+): rebuild with JAVA_HOME set to one, e.g. " +
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
