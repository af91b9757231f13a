package io.vcspbench.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A long counter written by one thread and read by others (the series sampler) without locks:
 * the writer publishes with an opaque write, readers see a recent value. Padded against false
 * sharing with the hot fields of the writer.
 */
public final class SingleWriterCounter
{
    private static final VarHandle VALUE;

    static
    {
        try
        {
            VALUE = MethodHandles.lookup().findVarHandle(SingleWriterCounter.class, "value", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private long value;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;

    /**
     * Adds to the counter; only the owning thread may call this.
     *
     * @param delta amount to add.
     */
    public void add(final long delta)
    {
        VALUE.setOpaque(this, value + delta);
    }

    /** @return the latest published value, from any thread. */
    public long get()
    {
        return (long)VALUE.getOpaque(this);
    }
}
