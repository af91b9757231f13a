package io.vcspbench.core.migration;

/**
 * What the source process of a two-process migration saw.
 *
 * @param failure         why it failed (one line), or null.
 * @param pagesSent       distinct pages sent.
 * @param demandPagesSent pages sent for fault requests, prefetched ones included.
 * @param pushPagesSent   pages sent by the background push.
 * @param requests        fault requests received.
 * @param bytesSent       bytes this side sent, headers included.
 * @param elapsedMs       connection to the destination's verdict (or failure), ms.
 */
public record SourceOutcome(
    String failure, long pagesSent, long demandPagesSent, long pushPagesSent, long requests, long bytesSent,
    double elapsedMs)
{
    /** @return whether the source finished: every page sent and the destination confirmed it (VERIFIED). */
    public boolean succeeded()
    {
        return failure == null;
    }
}
