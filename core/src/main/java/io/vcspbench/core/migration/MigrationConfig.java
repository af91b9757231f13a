package io.vcspbench.core.migration;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.LinkConfig;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.memory.FaultBackend;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.DirtySchedule;
import io.vcspbench.core.workload.Pattern;
import io.vcspbench.core.workload.WriterOrder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one immutable, validated configuration of a migration run. Field names are the CLI long
 * options in camelCase and carry their units; {@link #toMap()} is what a run prints at its start
 * and stores as {@code config} in {@code result.json}.
 *
 * <p>{@code throttlePercent} and {@code prefetchPages} are the effective values: an algorithm that
 * does not throttle runs at 100, one that does not prefetch at 1, whatever was asked.
 */
public final class MigrationConfig
{
    private final Algorithm algorithm;
    private final int throttlePercent;
    private final int prefetchPages;
    private final long workloadMiB;
    private final long memoryMiB;
    private final Pattern pattern;
    private final LinkKind link;
    private final long bandwidthMbit;
    private final long latencyUs;
    private final long periodMs;
    private final long seed;
    private final WaitStrategy waitStrategy;
    private final long faultTimeoutMs;
    private final long runTimeoutMs;
    private final boolean checkCrc;
    private final int pushBatchPages;
    private final boolean pushBatchPagesGiven;
    private final int maxRounds;
    private final long stopCopyKiB;
    private final double jinC;
    private final int hybridRounds;
    private final long maxDowntimeMs;
    private final String storageDir;
    private final long storageMbit;
    private final boolean backup;
    private final long linkTimeoutMs;
    private final long cutLinkAfterMs;
    private final long dirtyRateMbit;
    private final DirtySchedule dirtySchedule;
    private final WriterOrder writerOrder;
    private final PushMode push;
    private final FaultBackend faultBackend;

    private MigrationConfig(final Builder b)
    {
        algorithm = b.algorithm;
        throttlePercent = algorithm.throttled() ? (b.throttlePercent != null ? b.throttlePercent : 50) : 100;
        prefetchPages = algorithm.prefetching() ? (b.prefetchPages != null ? b.prefetchPages : 10) : 1;
        workloadMiB = b.workloadMiB;
        memoryMiB = b.memoryMiB;
        pattern = b.pattern;
        link = b.link;
        bandwidthMbit = b.bandwidthMbit;
        latencyUs = b.latencyUs;
        periodMs = b.periodMs;
        seed = b.seed;
        waitStrategy = b.waitStrategy;
        faultTimeoutMs = b.faultTimeoutMs;
        runTimeoutMs = b.runTimeoutMs;
        checkCrc = b.checkCrc;
        pushBatchPagesGiven = b.pushBatchPages != null;
        pushBatchPages = pushBatchPagesGiven ? b.pushBatchPages : defaultPushBatchPages(b.bandwidthMbit);
        maxRounds = b.maxRounds;
        stopCopyKiB = b.stopCopyKiB;
        jinC = b.jinC;
        hybridRounds = b.hybridRounds;
        maxDowntimeMs = b.maxDowntimeMs;
        storageDir = b.storageDir;
        storageMbit = b.storageMbit;
        backup = b.backup != null ? b.backup : b.algorithm == Algorithm.PARALLEL_HYBRID;
        linkTimeoutMs = b.linkTimeoutMs;
        cutLinkAfterMs = b.cutLinkAfterMs;
        dirtyRateMbit = b.dirtyRateMbit;
        dirtySchedule = b.dirtySchedule;
        writerOrder = b.writerOrder;
        faultBackend = b.faultBackend;
        push = b.push;
    }

    /** @return a builder holding the defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return a builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder()
    {
        final Builder b = new Builder();
        b.algorithm = algorithm;
        b.throttlePercent = throttlePercent;
        b.prefetchPages = prefetchPages;
        b.workloadMiB = workloadMiB;
        b.memoryMiB = memoryMiB;
        b.pattern = pattern;
        b.link = link;
        b.bandwidthMbit = bandwidthMbit;
        b.latencyUs = latencyUs;
        b.periodMs = periodMs;
        b.seed = seed;
        b.waitStrategy = waitStrategy;
        b.faultTimeoutMs = faultTimeoutMs;
        b.runTimeoutMs = runTimeoutMs;
        b.checkCrc = checkCrc;
        b.pushBatchPages = pushBatchPagesGiven ? pushBatchPages : null;
        b.maxRounds = maxRounds;
        b.stopCopyKiB = stopCopyKiB;
        b.jinC = jinC;
        b.hybridRounds = hybridRounds;
        b.maxDowntimeMs = maxDowntimeMs;
        b.storageDir = storageDir;
        b.storageMbit = storageMbit;
        b.backup = backup;
        b.linkTimeoutMs = linkTimeoutMs;
        b.cutLinkAfterMs = cutLinkAfterMs;
        b.dirtyRateMbit = dirtyRateMbit;
        b.dirtySchedule = dirtySchedule;
        b.writerOrder = writerOrder;
        b.faultBackend = faultBackend;
        b.push = push;
        return b;
    }

    /** @return the algorithm. */
    public Algorithm algorithm()
    {
        return algorithm;
    }

    /** @return E, the share of CPU time the vCPU may run during migration, percent (100 = unthrottled). */
    public int throttlePercent()
    {
        return throttlePercent;
    }

    /** @return N, the most pages one fault request returns (1 = no prefetch). */
    public int prefetchPages()
    {
        return prefetchPages;
    }

    /** @return working set the workload touches, MiB, from the start of guest memory. */
    public long workloadMiB()
    {
        return workloadMiB;
    }

    /** @return guest memory, MiB; every page of it migrates. */
    public long memoryMiB()
    {
        return memoryMiB;
    }

    /** @return guest memory in 4 KiB pages. */
    public long memoryPages()
    {
        return memoryMiB * (1024 * 1024 / GuestMemory.PAGE_SIZE);
    }

    /** @return working set in 4 KiB pages. */
    public long workloadPages()
    {
        return workloadMiB * (1024 * 1024 / GuestMemory.PAGE_SIZE);
    }

    /** @return the access pattern. */
    public Pattern pattern()
    {
        return pattern;
    }

    /** @return the link transport. */
    public LinkKind link()
    {
        return link;
    }

    /** @return link bandwidth, Mbit/s, 0 = unpaced. */
    public long bandwidthMbit()
    {
        return bandwidthMbit;
    }

    /** @return added one-way link latency, µs. */
    public long latencyUs()
    {
        return latencyUs;
    }

    /** @return throttle duty-cycle period, ms. */
    public long periodMs()
    {
        return periodMs;
    }

    /** @return seed of guest memory contents and of the random patterns. */
    public long seed()
    {
        return seed;
    }

    /** @return how the vCPU waits for a faulted page and how service threads idle. */
    public WaitStrategy waitStrategy()
    {
        return waitStrategy;
    }

    /** @return deadline for one fault to be served, ms; past it the run fails. */
    public long faultTimeoutMs()
    {
        return faultTimeoutMs;
    }

    /** @return deadline for the whole migration, ms; past it the run fails. */
    public long runTimeoutMs()
    {
        return runTimeoutMs;
    }

    /** @return whether page payloads carry a CRC32C that the receiver checks. */
    public boolean checkCrc()
    {
        return checkCrc;
    }

    /** @return most pages in one background-push frame. */
    public int pushBatchPages()
    {
        return pushBatchPages;
    }

    /** @return pre-copy: most rounds before stop-and-copy. */
    public int maxRounds()
    {
        return maxRounds;
    }

    /** @return pre-copy: stop-and-copy once the dirty set is at most this, KiB. */
    public long stopCopyKiB()
    {
        return stopCopyKiB;
    }

    /** @return Jin 2011's constant C in E(i+1) = C·B·E(i)/P(i). */
    public double jinC()
    {
        return jinC;
    }

    /** @return hybrid-k: pre-copy rounds before the switch to post-copy. */
    public int hybridRounds()
    {
        return hybridRounds;
    }

    /**
     * @return adaptive-hybrid: stop-and-copy once what is left can be sent within this at the last
     * round's send rate, ms (Li and Cao 2023's downtime limit).
     */
    public long maxDowntimeMs()
    {
        return maxDowntimeMs;
    }

    /**
     * @return the shared storage's directory (snapshot and backup files), "" for a temporary directory
     * per run; two processes must be given the same directory.
     */
    public String storageDir()
    {
        return storageDir;
    }

    /** @return the shared storage's rate for reads and writes, Mbit/s, 0 = as fast as the disk goes. */
    public long storageMbit()
    {
        return storageMbit;
    }

    /**
     * @return whether the source saves the pages the destination lacks (PbData) to shared storage at
     * the switch to post-copy, so a link failure during post-copy can be survived.
     */
    public boolean backup()
    {
        return backup;
    }

    /** @return post-copy: give up the link after hearing nothing for this long while pages are owed, ms. */
    public long linkTimeoutMs()
    {
        return linkTimeoutMs;
    }

    /** @return fault injection in one process: kill the source this long after the switch, ms; 0 = never. */
    public long cutLinkAfterMs()
    {
        return cutLinkAfterMs;
    }

    /** @return whether the run needs shared storage (a snapshot or a backup). */
    public boolean usesStorage()
    {
        return backup || algorithm == Algorithm.PARALLEL_HYBRID;
    }

    /** @return writer pattern: dirty rate, Mbit/s. */
    public long dirtyRateMbit()
    {
        return dirtyRateMbit;
    }

    /** @return writer pattern: the dirty rate over time as given, or null when the rate is {@link #dirtyRateMbit()}. */
    public DirtySchedule dirtySchedule()
    {
        return dirtySchedule;
    }

    /**
     * @return the writer's rate over time whichever way it was given: {@link #dirtySchedule()}, or
     * {@link #dirtyRateMbit()} from start to end.
     */
    public DirtySchedule writerSchedule()
    {
        return dirtySchedule != null ? dirtySchedule : DirtySchedule.constant(dirtyRateMbit);
    }

    /** @return the order in which the writer workload writes pages. */
    public WriterOrder writerOrder()
    {
        return writerOrder;
    }

    /** @return how the destination vCPU meets a missing page. */
    public FaultBackend faultBackend()
    {
        return faultBackend;
    }

    /** @return whether and how fast the post-copy source pushes pages nobody asked for. */
    public PushMode push()
    {
        return push;
    }

    /**
     * @return the link settings this run implies.
     */
    public LinkConfig linkConfig()
    {
        return LinkConfig.builder()
            .kind(link)
            .memoryPages(memoryPages())
            .maxPagesPerFrame(Math.max(pushBatchPages, Math.min(prefetchPages, 64)))
            .bandwidthMbit(bandwidthMbit)
            .latencyUs(latencyUs)
            .checkCrc(checkCrc)
            .build();
    }

    /**
     * @return every setting by its CLI long-option name in camelCase, in a stable order.
     */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", algorithm.cliName());
        m.put("throttlePercent", throttlePercent);
        m.put("prefetchPages", prefetchPages);
        m.put("workloadMiB", workloadMiB);
        m.put("memoryMiB", memoryMiB);
        m.put("pattern", pattern.cliName());
        m.put("link", link.cliName());
        m.put("bandwidthMbit", bandwidthMbit);
        m.put("latencyUs", latencyUs);
        m.put("periodMs", periodMs);
        m.put("seed", seed);
        m.put("waitStrategy", waitStrategy.cliName());
        m.put("faultTimeoutMs", faultTimeoutMs);
        m.put("runTimeoutMs", runTimeoutMs);
        m.put("checkCrc", checkCrc);
        m.put("pushBatchPages", pushBatchPages);
        m.put("maxRounds", maxRounds);
        m.put("stopCopyKiB", stopCopyKiB);
        m.put("jinC", jinC);
        m.put("hybridRounds", hybridRounds);
        m.put("maxDowntimeMs", maxDowntimeMs);
        m.put("storageDir", storageDir);
        m.put("storageMbit", storageMbit);
        m.put("backup", backup);
        m.put("linkTimeoutMs", linkTimeoutMs);
        m.put("cutLinkAfterMs", cutLinkAfterMs);
        m.put("dirtyRateMbit", dirtyRateMbit);
        m.put("dirtySchedule", dirtySchedule == null ? "" : dirtySchedule.toString());
        m.put("writerOrder", writerOrder.cliName());
        m.put("push", push.cliName());
        m.put("faultBackend", faultBackend.label());
        return m;
    }

    @Override
    public String toString()
    {
        return "MigrationConfig" + toMap();
    }

    /** Most pages in a pushed frame by default: 15 pages and the 32-byte header fit loopback's 64 KiB MTU. */
    public static final int MAX_DEFAULT_PUSH_BATCH_PAGES = 15;

    /** A pushed frame on a paced link takes at most this long to leave by default, ns. */
    public static final long PUSH_FRAME_SERIALIZATION_NS = 100_000L;

    /**
     * The default pages per pushed frame. Unpaced, {@value #MAX_DEFAULT_PUSH_BATCH_PAGES}: a 16-page frame is
     * 32 bytes over 64 KiB, every write then ends in a segment of its own, and the push moved 1 GiB in
     * 845-914 ms against 580-670 ms with 15. Paced, as many pages as leave in 100 µs (3 at 1 Gbit/s, at
     * least 1): a pushed page is present only once its whole frame has arrived, and a vCPU that
     * faults on a page of a frame on the wire waits for all of it (window pattern at 1 Gbit/s: fault
     * p50 245 µs with 15-page frames, 65 µs with 4).
     *
     * @param bandwidthMbit the link's rate, 0 = unpaced.
     * @return pages per pushed frame.
     */
    public static int defaultPushBatchPages(final long bandwidthMbit)
    {
        if (bandwidthMbit <= 0)
        {
            return MAX_DEFAULT_PUSH_BATCH_PAGES;
        }
        final long bytes = bandwidthMbit * PUSH_FRAME_SERIALIZATION_NS / 8_000L;
        return (int)Math.max(1, Math.min(MAX_DEFAULT_PUSH_BATCH_PAGES, bytes / GuestMemory.PAGE_SIZE));
    }

    /**
     * Builds a {@link MigrationConfig}; {@link #build()} range-checks every field with the ranges of
     * {@link Settings} and names it.
     */
    public static final class Builder
    {
        private Algorithm algorithm = Algorithm.VCSP_PREFETCH;
        private Integer throttlePercent;
        private Integer prefetchPages;
        private long workloadMiB = 32;
        private long memoryMiB = 64;
        private Pattern pattern = Pattern.WINDOW;
        private LinkKind link = LinkKind.IPC;
        private long bandwidthMbit = 1000;
        private long latencyUs = 0;
        private long periodMs = 10;
        private long seed = 1;
        private WaitStrategy waitStrategy = WaitStrategy.BLOCK;
        private long faultTimeoutMs = 10_000;
        private long runTimeoutMs = 600_000;
        private boolean checkCrc = true;
        private Integer pushBatchPages;
        private int maxRounds = 30;
        private long stopCopyKiB = 256;
        private double jinC = 0.8;
        private int hybridRounds = 1;
        private long maxDowntimeMs = 300;
        private String storageDir = "";
        private long storageMbit = 0;
        private Boolean backup;
        private long linkTimeoutMs = 5_000;
        private long cutLinkAfterMs = 0;
        private long dirtyRateMbit = 0;
        private DirtySchedule dirtySchedule;
        private WriterOrder writerOrder = WriterOrder.SEQUENTIAL;
        private FaultBackend faultBackend = FaultBackend.MMU;
        private PushMode push = PushMode.ON;

        private Builder()
        {
        }

        /** @param v algorithm. @return this. */
        public Builder algorithm(final Algorithm v)
        {
            algorithm = v;
            return this;
        }

        /** @param v E percent 1..100; null = the algorithm's default. @return this. */
        public Builder throttlePercent(final Integer v)
        {
            throttlePercent = v;
            return this;
        }

        /** @param v N pages 1..1024; null = the algorithm's default. @return this. */
        public Builder prefetchPages(final Integer v)
        {
            prefetchPages = v;
            return this;
        }

        /** @param v working set MiB, 1..memoryMiB. @return this. */
        public Builder workloadMiB(final long v)
        {
            workloadMiB = v;
            return this;
        }

        /** @param v guest memory MiB, 1..65536. @return this. */
        public Builder memoryMiB(final long v)
        {
            memoryMiB = v;
            return this;
        }

        /** @param v access pattern. @return this. */
        public Builder pattern(final Pattern v)
        {
            pattern = v;
            return this;
        }

        /** @param v link transport. @return this. */
        public Builder link(final LinkKind v)
        {
            link = v;
            return this;
        }

        /** @param v Mbit/s, 0 = unpaced. @return this. */
        public Builder bandwidthMbit(final long v)
        {
            bandwidthMbit = v;
            return this;
        }

        /** @param v one-way µs. @return this. */
        public Builder latencyUs(final long v)
        {
            latencyUs = v;
            return this;
        }

        /** @param v throttle period ms, 1..1000. @return this. */
        public Builder periodMs(final long v)
        {
            periodMs = v;
            return this;
        }

        /** @param v seed. @return this. */
        public Builder seed(final long v)
        {
            seed = v;
            return this;
        }

        /** @param v wait strategy. @return this. */
        public Builder waitStrategy(final WaitStrategy v)
        {
            waitStrategy = v;
            return this;
        }

        /** @param v ms, 1..600000. @return this. */
        public Builder faultTimeoutMs(final long v)
        {
            faultTimeoutMs = v;
            return this;
        }

        /** @param v ms, 1..86400000. @return this. */
        public Builder runTimeoutMs(final long v)
        {
            runTimeoutMs = v;
            return this;
        }

        /** @param v whether payload CRC32C is checked. @return this. */
        public Builder checkCrc(final boolean v)
        {
            checkCrc = v;
            return this;
        }

        /** @param v pages per push frame, 1..64; by default {@link #defaultPushBatchPages}. @return this. */
        public Builder pushBatchPages(final int v)
        {
            pushBatchPages = v;
            return this;
        }

        /** @param v pre-copy rounds, 1..1000. @return this. */
        public Builder maxRounds(final int v)
        {
            maxRounds = v;
            return this;
        }

        /** @param v KiB, 0..1048576. @return this. */
        public Builder stopCopyKiB(final long v)
        {
            stopCopyKiB = v;
            return this;
        }

        /** @param v Jin's C, (0, 10]. @return this. */
        public Builder jinC(final double v)
        {
            jinC = v;
            return this;
        }

        /** @param v hybrid-k rounds, 1..1000. @return this. */
        public Builder hybridRounds(final int v)
        {
            hybridRounds = v;
            return this;
        }

        /** @param v adaptive-hybrid's downtime limit, ms, 1..600000. @return this. */
        public Builder maxDowntimeMs(final long v)
        {
            maxDowntimeMs = v;
            return this;
        }

        /** @param v shared storage directory, "" for a temporary one per run. @return this. */
        public Builder storageDir(final String v)
        {
            storageDir = v;
            return this;
        }

        /** @param v shared storage rate Mbit/s, 0 = unpaced, 0..400000. @return this. */
        public Builder storageMbit(final long v)
        {
            storageMbit = v;
            return this;
        }

        /** @param v save PbData at the switch (default: on for parallel-hybrid, off otherwise). @return this. */
        public Builder backup(final boolean v)
        {
            backup = v;
            return this;
        }

        /** @param v post-copy link silence limit, ms, 1..600000. @return this. */
        public Builder linkTimeoutMs(final long v)
        {
            linkTimeoutMs = v;
            return this;
        }

        /** @param v kill the source this long after the switch, ms, 0 = never, 0..86400000. @return this. */
        public Builder cutLinkAfterMs(final long v)
        {
            cutLinkAfterMs = v;
            return this;
        }

        /** @param v writer dirty rate Mbit/s, 0..400000. @return this. */
        public Builder dirtyRateMbit(final long v)
        {
            dirtyRateMbit = v;
            return this;
        }

        /**
         * @param v writer dirty rate over time since the workload started, in place of
         *          {@link #dirtyRateMbit(long)} (which must then stay 0); null = none.
         * @return this.
         */
        public Builder dirtySchedule(final DirtySchedule v)
        {
            dirtySchedule = v;
            return this;
        }

        /**
         * @param v push on, off or at a rate below the link's (post-copy family only).
         * @return this.
         */
        public Builder push(final PushMode v)
        {
            push = v;
            return this;
        }

        /**
         * @param v how the destination vCPU meets a missing page.
         * @return this.
         */
        public Builder faultBackend(final FaultBackend v)
        {
            faultBackend = v;
            return this;
        }

        /**
         * @param v the writer's page order.
         * @return this.
         */
        public Builder writerOrder(final WriterOrder v)
        {
            writerOrder = v;
            return this;
        }

        /**
         * @return the validated configuration.
         * @throws IllegalArgumentException naming the first field out of range and the allowed range.
         */
        public MigrationConfig build()
        {
            notNull("algorithm", algorithm);
            notNull("pattern", pattern);
            notNull("link", link);
            notNull("waitStrategy", waitStrategy);
            notNull("writerOrder", writerOrder);
            notNull("push", push);
            notNull("faultBackend", faultBackend);
            if (throttlePercent != null)
            {
                Settings.THROTTLE.check(throttlePercent);
            }
            if (prefetchPages != null)
            {
                Settings.PREFETCH.check(prefetchPages);
            }
            Settings.MEMORY.check(memoryMiB);
            Settings.WORKLOAD.check(workloadMiB, memoryMiB);
            Settings.BANDWIDTH.check(bandwidthMbit);
            Settings.LATENCY.check(latencyUs);
            Settings.PERIOD.check(periodMs);
            Settings.FAULT_TIMEOUT.check(faultTimeoutMs);
            Settings.RUN_TIMEOUT.check(runTimeoutMs);
            if (pushBatchPages != null)
            {
                Settings.PUSH_BATCH.check(pushBatchPages);
            }
            Settings.MAX_ROUNDS.check(maxRounds);
            Settings.STOP_COPY.check(stopCopyKiB);
            Settings.JIN_C.check(jinC);
            Settings.HYBRID_ROUNDS.check(hybridRounds);
            Settings.MAX_DOWNTIME.check(maxDowntimeMs);
            notNull("storageDir", storageDir);
            Settings.STORAGE_RATE.check(storageMbit);
            Settings.LINK_TIMEOUT.check(linkTimeoutMs);
            Settings.CUT_LINK.check(cutLinkAfterMs);
            if (Boolean.TRUE.equals(backup) && algorithm.purePrecopy())
            {
                throw new IllegalArgumentException("backup saves the pages post-copy still owes; " +
                    algorithm.cliName() + " has no post-copy phase");
            }
            Settings.DIRTY_RATE.check(dirtyRateMbit);
            if (dirtySchedule != null && dirtyRateMbit != 0)
            {
                throw new IllegalArgumentException("dirtySchedule and dirtyRateMbit both set the writer's rate (" +
                    dirtySchedule + " and " + dirtyRateMbit + "); give one of them");
            }
            if (!push.equals(PushMode.ON) && algorithm.precopyPhase())
            {
                throw new IllegalArgumentException("push " + push.cliName() + " applies to the post-copy algorithms; " +
                    algorithm.cliName() + " sends every page in its rounds");
            }
            if (push.paced() && bandwidthMbit > 0 && push.rateMbit() >= bandwidthMbit)
            {
                throw new IllegalArgumentException("push rate " + push.rateMbit() + " Mbit/s must be below the link's " +
                    "bandwidthMbit " + bandwidthMbit + ", so faults get the rest of it (or push on)");
            }
            if (faultBackend == FaultBackend.UFFD && algorithm.precopyPhase())
            {
                throw new IllegalArgumentException("faultBackend uffd takes the post-copy algorithms (postcopy, " +
                    "postcopy-prefetch, vcsp, vcsp-prefetch); " + algorithm.cliName() + " has a pre-copy phase");
            }
            if (faultBackend == FaultBackend.UFFD && Boolean.TRUE.equals(backup))
            {
                throw new IllegalArgumentException("faultBackend uffd does not take backup: loading pages from storage " +
                    "would write missing pages from Java");
            }
            return new MigrationConfig(this);
        }

        private static void notNull(final String name, final Object value)
        {
            if (value == null)
            {
                throw new IllegalArgumentException(name + " must be set");
            }
        }
    }
}
