package io.vcspbench.benchmarks;

/**
 * Closing what a benchmark opened at set-up, in order, skipping what was never opened: every
 * resource is closed even when an earlier close throws, and the first failure is rethrown.
 */
final class Resources
{
    private Resources()
    {
    }

    /**
     * @param resources to close, in this order; nulls are skipped.
     * @throws IllegalStateException carrying the first close that failed.
     */
    static void closeAll(final AutoCloseable... resources)
    {
        RuntimeException failure = null;
        for (final AutoCloseable r : resources)
        {
            if (r == null)
            {
                continue;
            }
            try
            {
                r.close();
            }
            catch (final Exception e)
            {
                if (failure == null)
                {
                    failure = new IllegalStateException("closing " + r.getClass().getSimpleName() + " failed: " + e, e);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}
