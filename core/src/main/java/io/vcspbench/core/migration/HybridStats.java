package io.vcspbench.core.migration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a hybrid run (pre-copy rounds, then post-copy for what is left) measured beyond the figures
 * every run has, in the terms of Li and Cao 2023's Tables 4 and 5: when the switch came, how long
 * post-copy took, and the data that went through shared storage rather than over the link. For
 * hybrid-k, adaptive-hybrid and parallel-hybrid; null in the result of the other algorithms.
 * Immutable.
 *
 * @param switchAtMs        migration start to the CPU state's arrival at the destination (the switch to
 *                          post-copy, or the end of stop-and-copy when an adaptive hybrid converged), ms.
 * @param postcopyMs        the switch to the last page present, ms; 0 when no post-copy phase ran.
 * @param precopyPages      page payloads the destination received before the switch (the rounds,
 *                          and stop-and-copy if it ran); with the post-copy pages of
 *                          {@link DemandPagingStats} they make {@code pagesTransferred}.
 * @param discardedPages    stale copies the switchover discarded at the destination (the pages owed).
 * @param storageBytes      bytes the source wrote to shared storage (snapshot and backup files, headers
 *                          included): the data that went from source to destination through storage
 *                          rather than the link (reading it back moves the same data, so it is not
 *                          counted again), apart from the link's {@code bytesOnWire}.
 * @param backupPages       pages saved to the backup file at the switch (PbData), 0 without a backup.
 * @param backupLoadedPages pages the destination loaded from the backup after the link failed, 0 if it did not.
 */
public record HybridStats(
    double switchAtMs,
    double postcopyMs,
    long precopyPages,
    long discardedPages,
    long storageBytes,
    long backupPages,
    long backupLoadedPages)
{
    /** @return every metric by its result.json name. */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("switchAtMs", switchAtMs);
        m.put("postcopyMs", postcopyMs);
        m.put("precopyPages", precopyPages);
        m.put("discardedPages", discardedPages);
        m.put("storageBytes", storageBytes);
        m.put("backupPages", backupPages);
        m.put("backupLoadedPages", backupLoadedPages);
        return m;
    }
}
