package io.vcspbench.core.destination;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.memory.FaultingRegion;

/**
 * The uffd backend's fault handler ("vcsp-uffd"): reads each fault the kernel reports on the
 * destination's guest memory and serves it through {@link QuasiMmu#serve} (request, demand channel,
 * deadline), as QEMU's postcopy fault thread does. It leaves when the run ends or every page is present,
 * and then unregisters the region, so a vCPU that still sleeps on a fault (the run failed, a deadline
 * passed) is woken and nothing stays stuck in the kernel. A Java thread: it never touches guest memory
 * itself, and it waits for faults in native code (poll), so safepoints never wait for it.
 */
public final class FaultHandler implements Runnable
{
    /** Longest wait for a fault before the run's state is looked at again, ms. */
    private static final int POLL_MS = 20;

    private final FaultingRegion region;
    private final QuasiMmu mmu;
    private final MigrationControl control;

    /**
     * @param region  the destination's guest memory.
     * @param mmu     serves each fault.
     * @param control shared run state.
     */
    public FaultHandler(final FaultingRegion region, final QuasiMmu mmu, final MigrationControl control)
    {
        this.region = region;
        this.mmu = mmu;
        this.control = control;
    }

    @Override
    public void run()
    {
        try
        {
            while (control.isRunning() && !control.allPresent())
            {
                final long page = region.awaitFault(POLL_MS);
                if (page >= 0)
                {
                    mmu.serve(page);
                }
            }
        }
        finally
        {
            region.unregister();
        }
    }
}
