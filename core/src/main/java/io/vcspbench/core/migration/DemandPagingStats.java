package io.vcspbench.core.migration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a post-copy run's pages came, counted at the destination, with the VCSP paper's definitions of
 * total time, pages and throughput beside ours (docs/paper-model.md). Page counts are page payloads
 * received, duplicates included, so {@code demandPages + prefetchedPages + pushedPages} equals
 * {@link MigrationResult#pagesTransferred()}. Immutable.
 *
 * @param demandPages               faulting pages that arrived in the reply to their own request: one
 *                                  per reply frame the source marked as starting with the faulting page.
 * @param prefetchedPages           the other pages fault replies brought (up to N − 1 per request).
 * @param pushedPages               pages the background push brought, 0 with the push off.
 * @param requestsInFlight          requests whose faulting page was already on its way (pushed, or
 *                                  prefetched by an earlier reply) when the source came to serve them, so
 *                                  their reply had no head: {@code pageRequests − demandPages}.
 * @param linkBytes                 bytes the destination received on both channels, headers included.
 * @param stallMs                   sum of the vCPU's fault stalls, ms: {@code downtimeMs − switchoverMs}
 *                                  exactly, as the downtime is computed.
 * @param lastPageMs                switchover (the source's vCPU stopping) to the last PAGES frame taken in
 *                                  at the destination, ms, 0 when no page came: the paper's total migration time.
 * @param linkThroughputSampledMBps the mean of the 100 ms link-throughput samples over the windows that
 *                                  hold any instant of [switchover, last page], MB/s, NaN when no page
 *                                  came or no window was sampled: the paper's throughput.
 */
public record DemandPagingStats(
    long demandPages,
    long prefetchedPages,
    long pushedPages,
    long requestsInFlight,
    long linkBytes,
    double stallMs,
    double lastPageMs,
    double linkThroughputSampledMBps)
{
    /** @return {@code demandPages + prefetchedPages}: the pages fault requests brought, the paper's "pages transferred". */
    public long pagesByRequests()
    {
        return demandPages + prefetchedPages;
    }

    /** @return every metric by its result.json name, in the order of docs/paper-model.md's table. */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("demandPages", demandPages);
        m.put("prefetchedPages", prefetchedPages);
        m.put("pushedPages", pushedPages);
        m.put("pagesByRequests", pagesByRequests());
        m.put("requestsInFlight", requestsInFlight);
        m.put("linkBytes", linkBytes);
        m.put("stallMs", stallMs);
        m.put("lastPageMs", lastPageMs);
        m.put("linkThroughputSampledMBps", linkThroughputSampledMBps);
        return m;
    }
}
