package io.vcspbench.benchmarks;

import io.vcspbench.core.cpu.WaitStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The plain baselines' wait strategies: core's {@link WaitStrategy} names ({@code spin},
 * {@code backoff}, ...) plus {@code block}, where a thread blocks in the kernel and is woken by the
 * event itself (a blocking socket read, or a {@code LockSupport.unpark} from the peer thread).
 * Stateless; thread-safe.
 */
final class PlainWait
{
    /** The name of the blocking strategy, handled here because core's enum may not know it. */
    static final String BLOCK = "block";

    /**
     * Longest park of a blocked thread, ns: a blocked thread is woken by its peer, so this bound only
     * makes it re-check its stop flag and deadline if a wake-up never comes.
     */
    static final long PARK_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private PlainWait()
    {
    }

    /**
     * @param name a wait strategy's name.
     * @return whether it is {@code block}.
     */
    static boolean isBlock(final String name)
    {
        return BLOCK.equals(name);
    }

    /**
     * A new idle strategy for one thread: for {@code block}, a park with a bounded timeout (the peer
     * unparks the thread or the kernel wakes it, so the timeout is only a deadline for the re-check);
     * otherwise core's strategy of that name.
     *
     * @param name {@code block} or one of core's wait strategy names.
     * @return the idle strategy; one per thread, they hold state.
     * @throws IllegalArgumentException naming the allowed values.
     */
    static IdleStrategy newIdleStrategy(final String name)
    {
        if (isBlock(name))
        {
            return new SleepingIdleStrategy(PARK_TIMEOUT_NS);
        }
        try
        {
            return WaitStrategy.fromCliName(name).newIdleStrategy();
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("waitStrategy must be one of spin|backoff|block (or another of core's: " +
                e.getMessage() + ")", e);
        }
    }
}
