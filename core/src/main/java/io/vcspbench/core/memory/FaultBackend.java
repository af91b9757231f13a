package io.vcspbench.core.memory;

/**
 * How the destination vCPU meets a page that has not arrived.
 * <ul>
 *   <li>{@link #MMU}: the quasi-MMU. The vCPU checks the "present" bitmap before each access and, on a
 *   miss, asks for the page and waits for it itself. Runs anywhere.</li>
 *   <li>{@link #UFFD}: real page faults. Guest memory is a mapping registered with userfaultfd, a missing
 *   page traps in the kernel and a handler thread resolves it with UFFDIO_COPY, as QEMU's post-copy
 *   does. Linux, Java 22+ and a build made on a JDK 22+ ({@link FaultingRegion}; the destination
 *   package opens one).</li>
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
}
