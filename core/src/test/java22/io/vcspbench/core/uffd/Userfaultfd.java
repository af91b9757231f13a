package io.vcspbench.core.uffd;

import io.vcspbench.core.destination.FaultingRegions;
import io.vcspbench.core.memory.FaultBackend;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether this machine lets the tests use userfaultfd. A JDK 22+ build has the backend, but the
 * kernel may still refuse it (not root, {@code vm.unprivileged_userfaultfd = 0} and no access to
 * {@code /dev/userfaultfd}): the uffd tests are then skipped with the reason the backend gives,
 * rather than failing a build on a machine that cannot run them.
 */
public final class Userfaultfd
{
    private Userfaultfd()
    {
    }

    /**
     * Aborts the calling test (JUnit's assumption) when userfaultfd is unavailable here, with the
     * one line saying why. Opens and closes a region of one page.
     */
    public static void assumeAvailable()
    {
        final String reason = FaultingRegions.unavailableReason(FaultBackend.UFFD);
        Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
    }
}
