package io.vcspbench.core.link;

/**
 * How one thread waits for its channels: for a frame to arrive, for room to send, for a frame held
 * back by the emulated link to fall due, or for another thread's {@link #wake()}. Each thread that
 * waits owns one waiter and registers the channels it reads with {@link #watch(Channel)} before it
 * starts.
 *
 * <p>Three kinds: {@link IdleWaiter} polls with an Agrona idle strategy (spin, yield, backoff, park);
 * {@link ParkWaiter} (in-process links) parks the thread and is unparked by the peer that sends to
 * it; {@link SelectorWaiter} (TCP links) blocks in the kernel on its sockets. A wake is a permit: a
 * {@link #wake()} that comes before {@link #await} makes that await return at once, so a waker never
 * needs to know whether the owner is already waiting. Every await may also return early; callers
 * loop, re-checking what they wait for and their deadline.
 */
public abstract class Waiter implements AutoCloseable
{
    /** The longest single wait, ns: loops re-check their run state and deadlines at least this often. */
    public static final long MAX_WAIT_NS = 10_000_000L;

    /**
     * Waits for a watched channel, a wake, or the timeout.
     *
     * @param timeoutNs longest wait, ns (at most {@link #MAX_WAIT_NS} is used).
     * @param exact     true when something falls due at the timeout (a held frame, the pacer's next
     *                  slot for a queued fault reply): the wait then ends on time, to the µs; false
     *                  when the timeout is only a bound (a kernel wait may then round it up to 1 ms).
     */
    public abstract void await(long timeoutNs, boolean exact);

    /** Ends the owner's current or next {@link #await}; any thread, allocation-free. */
    public abstract void wake();

    /** Tells the waiter that work was found, so a backoff starts over. */
    public void reset()
    {
    }

    /**
     * Registers a channel this waiter's thread reads (and sends on): its arrivals and its room to
     * send wake the thread. Call before the thread starts.
     *
     * @param channel the channel.
     */
    public final void watch(final Channel channel)
    {
        if (channel instanceof AbstractChannel)
        {
            ((AbstractChannel)channel).watchedBy(this);
        }
        else if (!(this instanceof IdleWaiter))
        {
            throw new IllegalArgumentException("only the link's own channels can be watched by a blocking waiter");
        }
    }

    /** Releases what the waiter holds (a selector). Idempotent. */
    @Override
    public void close()
    {
    }
}
