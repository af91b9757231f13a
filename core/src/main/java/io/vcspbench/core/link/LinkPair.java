package io.vcspbench.core.link;

/**
 * Both ends of a link opened inside one process (IPC ring buffers, or TCP over loopback).
 *
 * @param source      the source's end.
 * @param destination the destination's end.
 */
public record LinkPair(LinkEnd source, LinkEnd destination) implements AutoCloseable
{
    /** Closes both ends. */
    @Override
    public void close()
    {
        try
        {
            destination.close();
        }
        finally
        {
            source.close();
        }
    }
}
