package io.vcspbench.harness;

import io.vcspbench.core.memory.FaultBackend;
import io.vcspbench.core.migration.DemandPagingStats;
import io.vcspbench.core.migration.HybridStats;
import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.MigrationResult;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human side of a run: the configuration before it and a short summary after it. The files
 * are the record; this is only what a person at the terminal needs to judge the run at a glance.
 * Stateless and thread-safe.
 */
public final class RunSummary
{
    /** "µs", or "us" where the console cannot print a µ. */
    public static final String MICROS = canPrintMicro() ? "\u00b5s" : "us";

    private RunSummary()
    {
    }

    /**
     * @param config what runs.
     * @return {@code config.toMap()} as {@code key=value} pairs in at most two lines, for the start of a run.
     */
    public static List<String> configLines(final MigrationConfig config)
    {
        final Map<String, Object> map = config.toMap();
        // Split in the middle: the first half is what is migrated and how (algorithm to seed),
        // the second the knobs, and two lines read better than one very long one.
        final int firstLine = (map.size() + 1) / 2;
        final StringBuilder first = new StringBuilder("config: ");
        final StringBuilder second = new StringBuilder("        ");
        int i = 0;
        for (final Map.Entry<String, Object> e : map.entrySet())
        {
            if ("".equals(e.getValue()))
            {
                i++;
                continue; // a setting left out, such as no dirtySchedule: "key=" says nothing
            }
            final StringBuilder sb = i++ < firstLine ? first : second;
            if (sb.charAt(sb.length() - 1) != ' ')
            {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }

        final List<String> lines = new ArrayList<>(2);
        lines.add(first.toString());
        if (second.toString().trim().length() > 0)
        {
            lines.add(second.toString());
        }
        return lines;
    }

    /**
     * Prints what a run measured: what ran, downtime, migration time, pages, faults, how the pages
     * came and the paper's metrics (post-copy), fault latency, throughput, CPU share, integrity and
     * where the files are.
     *
     * @param out    where to print.
     * @param title  the first line, e.g. "run 1 of 3".
     * @param result what the engine returned.
     * @param folder where the result files are.
     */
    public static void print(final PrintWriter out, final String title, final MigrationResult result, final Path folder)
    {
        final MigrationConfig c = result.config();
        out.println(title + ": " + describe(c));
        out.println(format("  downtime          %.3f ms    total migration time %.3f ms",
            result.downtimeMs(), result.totalMigrationTimeMs()));
        out.println(format("  pages transferred %d    faults %d    requests %d    duplicates %d",
            result.pagesTransferred(), result.faults(), result.pageRequests(), result.duplicatePages()));
        final DemandPagingStats paging = result.demandPaging();
        if (paging != null)
        {
            out.println(format("  pages came        %d demand + %d prefetched + %d pushed    requests in flight %d",
                paging.demandPages(), paging.prefetchedPages(), paging.pushedPages(), paging.requestsInFlight()));
            out.println(format("  paper's metrics   last page %.3f ms    pages by requests %d    sampled link %.1f MB/s",
                paging.lastPageMs(), paging.pagesByRequests(), paging.linkThroughputSampledMBps()));
        }
        final HybridStats hybrid = result.hybrid();
        if (hybrid != null)
        {
            out.println(format("  phases            %d rounds, switch at %.3f ms%s    post-copy %.3f ms    storage %.1f MB",
                Math.max(0, result.precopyRounds()), hybrid.switchAtMs(),
                result.switchRound() >= 0 ? " (after round " + result.switchRound() + ")" : " (stop-and-copy)",
                hybrid.postcopyMs(), hybrid.storageBytes() / 1e6));
            if (hybrid.backupPages() > 0)
            {
                out.println(format("  backup (PbData)   %d pages saved at the switch, %d loaded after the link was lost",
                    hybrid.backupPages(), hybrid.backupLoadedPages()));
            }
        }
        if (result.faultLatencyNs() != null)
        {
            final Map<String, Object> latency = result.faultLatencyUs();
            out.println(format("  fault latency     p50 %.1f %s    p99 %.1f %s    max %.1f %s",
                latency.get("p50"), MICROS, latency.get("p99"), MICROS, latency.get("max"), MICROS));
        }
        out.println(format("  workload          %.1f MB/s    achieved CPU share %.1f%%",
            result.workloadThroughputMBps(), result.achievedCpuSharePercent()));
        out.println(format("  integrity         %d pages checked, %d mismatches",
            result.pagesChecked(), result.mismatches()));
        out.println("  folder            " + folder);
    }

    /**
     * @param c a configuration.
     * @return one line naming the algorithm, E, N, workload and link.
     */
    public static String describe(final MigrationConfig c)
    {
        final String bandwidth = c.bandwidthMbit() == 0 ? "unpaced" : c.bandwidthMbit() + " Mbit/s";
        // The default backend says nothing, so the lines stay as they were; uffd says its faults are real.
        final String backend = c.faultBackend() == FaultBackend.MMU ? "" : ", real faults (" + c.faultBackend().label() + ")";
        return format("%s E=%d%% N=%d, workload %s %d of %d MiB, link %s %s + %d %s%s",
            c.algorithm().cliName(), c.throttlePercent(), c.prefetchPages(),
            c.pattern().cliName(), c.workloadMiB(), c.memoryMiB(),
            c.link().cliName(), bandwidth, c.latencyUs(), MICROS, backend);
    }

    private static String format(final String format, final Object... args)
    {
        // Locale.ROOT: a decimal comma would make the numbers ambiguous next to the commas between them.
        return String.format(Locale.ROOT, format, args);
    }

    private static boolean canPrintMicro()
    {
        String encoding = System.getProperty("stdout.encoding");
        if (encoding == null)
        {
            encoding = System.getProperty("sun.stdout.encoding");
        }

        try
        {
            final Charset charset = encoding != null ? Charset.forName(encoding) : Charset.defaultCharset();
            return charset.newEncoder().canEncode('\u00b5');
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }
}
