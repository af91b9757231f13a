package io.vcspbench.core.memory;

/**
 * Guest memory whose missing pages trap in the kernel: an anonymous mapping registered with
 * userfaultfd (the {@code uffd} fault backend, Java 22+, built from {@code src/main/java22}). A thread
 * that touches a missing page sleeps in the kernel until someone installs the page
 * ({@link Installer#install}, UFFDIO_COPY); the fault itself is read by a handler thread
 * ({@link #awaitFault}).
 *
 * <p>The rule that keeps the JVM alive: a Java thread must never touch a missing page with a Java
 * memory access. While it sleeps in the kernel it is "in Java" for the safepoint protocol, so the next
 * GC or deoptimisation safepoint waits for it while the handler (a Java thread of the same JVM) waits
 * at the safepoint: the JVM deadlocks. So the vCPU first touches a page it has not seen present
 * through {@link #touch} (a native call: the thread is "in native" and safepoint-safe while it
 * sleeps), and pages are written only by {@link Installer#install} or, once present, by plain copies.
 * Allocation-free after construction, {@link #close()} aside.
 */
public interface FaultingRegion extends AutoCloseable
{
    /** @return address of page 0 (page-aligned). */
    long baseAddress();

    /** @return size in pages. */
    long pageCount();

    /**
     * The vCPU's first touch of a page: reads one long of it through native code, so that a missing
     * page traps while this thread is "in native". Returns when the page is present, or when the
     * region was unregistered (the page then reads as zeros).
     *
     * @param page page index.
     */
    void touch(long page);

    /**
     * Waits for the next fault. Only one thread may call this.
     *
     * @param timeoutMs longest wait, ms.
     * @return the faulting page, or -1 if none came within the timeout (or it was served meanwhile).
     */
    long awaitFault(int timeoutMs);

    /** @return fault messages read by {@link #awaitFault} so far, any thread. */
    long faultsRead();

    /**
     * @return a new installer with its own native argument block; one per thread that installs pages.
     */
    Installer newInstaller();

    /**
     * Unregisters the region: every thread sleeping on a fault is woken and missing pages read as zeros
     * from now on. Idempotent; any thread. Called when the run ends, so nothing can stay stuck.
     */
    void unregister();

    /** Unregisters, closes the userfaultfd and unmaps the region. Idempotent; after every thread stopped. */
    @Override
    void close();

    /** Installs pages with UFFDIO_COPY from one thread; allocation-free. */
    interface Installer
    {
        /**
         * Copies {@code count} consecutive pages from {@code sourceAddress} into the region at
         * {@code page} and wakes whoever faulted on them, atomically per page. Pages that are present
         * already are left as they are (EEXIST: another thread installed them first).
         *
         * @param page          first page.
         * @param sourceAddress address of the first page's bytes, {@code count} pages in a row.
         * @param count         pages.
         * @return pages installed by this call (count minus those already present).
         * @throws IllegalStateException if the kernel refuses the copy for another reason (errno in the message).
         */
        int install(long page, long sourceAddress, int count);
    }
}
