package io.vcspbench.harness;

import io.vcspbench.core.workload.DirtySchedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The link between {@code MigrationConfig}'s camelCase keys (as in {@code toMap()} and
 * {@code result.json}) and the command-line options that set them, so an error raised by the
 * config builder can name the option the user actually typed. Stateless and thread-safe.
 */
public final class ConfigOptions
{
    /** The one line for a writer's rate given both ways, constant and scheduled. */
    public static final String BOTH_DIRTY_RATES = "--dirty-rate-mbit and --dirty-schedule both set the writer's rate; " +
        "give one of them (a constant rate R is the schedule R@0s)";

    /**
     * Help text of {@code --dirty-schedule}, shared by {@code run} and {@code sweep}: the syntax and
     * what the named scenarios stand for.
     */
    public static final String DIRTY_SCHEDULE_HELP = "Pattern writer: the dirty rate over time, in place of " +
        "--dirty-rate-mbit: rate@time,... with each rate in Mbit/s from its time on, times in ms or s since the " +
        "workload started, the first at 0s, each later than the last (e.g. " + DirtySchedule.EXAMPLE + "); the " +
        "vCPU earns each rate for its run time after the step, so a throttle scales it as it does a constant rate. " +
        "Or a scenario: rising (the write rate doubles each second, " + DirtySchedule.RISING_TEXT + ") or bursts " +
        "(a read-heavy guest writing 10 Mbit/s, with 400 Mbit/s for 200 ms at each second from 1s to 10s). " +
        "result.json stores it as dirtySchedule, expanded (default: none, the constant --dirty-rate-mbit).";

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("\\b[a-z][A-Za-z]*\\b");
    private static final Map<String, String> OPTION_BY_KEY;

    static
    {
        // Explicit rather than derived: the option names are shorter than the keys (--throttle,
        // not --throttle-percent) and --no-crc inverts checkCrc.
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("algorithm", "--algorithm");
        m.put("throttlePercent", "--throttle");
        m.put("prefetchPages", "--prefetch");
        m.put("workloadMiB", "--workload-mib");
        m.put("memoryMiB", "--memory-mib");
        m.put("pattern", "--pattern");
        m.put("link", "--link");
        m.put("bandwidthMbit", "--bandwidth-mbit");
        m.put("latencyUs", "--latency-us");
        m.put("periodMs", "--period-ms");
        m.put("seed", "--seed");
        m.put("waitStrategy", "--wait-strategy");
        m.put("faultTimeoutMs", "--fault-timeout-ms");
        m.put("runTimeoutMs", "--run-timeout-ms");
        m.put("checkCrc", "--no-crc");
        m.put("pushBatchPages", "--push-batch-pages");
        m.put("maxRounds", "--max-rounds");
        m.put("stopCopyKiB", "--stop-copy-kib");
        m.put("jinC", "--jin-c");
        m.put("hybridRounds", "--hybrid-rounds");
        m.put("maxDowntimeMs", "--max-downtime-ms");
        m.put("storageDir", "--storage");
        m.put("storageMbit", "--storage-mbit");
        m.put("backup", "--backup");
        m.put("linkTimeoutMs", "--link-timeout-ms");
        m.put("cutLinkAfterMs", "--cut-link-after-ms");
        m.put("dirtyRateMbit", "--dirty-rate-mbit");
        m.put("dirtySchedule", "--dirty-schedule");
        m.put("writerOrder", "--writer-order");
        m.put("push", "--push");
        OPTION_BY_KEY = Collections.unmodifiableMap(m);
    }

    private ConfigOptions()
    {
    }

    /**
     * @return every config key mapped to its long option, in {@code toMap()} order; unmodifiable.
     */
    public static Map<String, String> optionsByKey()
    {
        return OPTION_BY_KEY;
    }

    /**
     * @param key a config key such as "throttlePercent".
     * @return its long option such as "--throttle", or null when the key has no option.
     */
    public static String optionFor(final String key)
    {
        return OPTION_BY_KEY.get(key);
    }

    /**
     * Rewrites a config-builder message for a command-line user: the field it starts with, and any
     * other camelCase field it mentions, become option names ("throttlePercent must be in [1, 100]"
     * becomes "--throttle must be in [1, 100]").
     *
     * @param message the builder's message.
     * @return the message in option names.
     */
    public static String inOptionNames(final String message)
    {
        if (message == null)
        {
            return "invalid configuration";
        }

        final Matcher matcher = WORD.matcher(message);
        final StringBuilder sb = new StringBuilder(message.length() + 16);
        boolean first = true;
        while (matcher.find())
        {
            final String word = matcher.group();
            final String option = OPTION_BY_KEY.get(word);
            // Plain words such as "link" or "seed" are only fields when they lead the message;
            // further in they are more likely prose.
            final boolean isField = option != null && (first && matcher.start() == 0 || hasUpperCase(word));
            matcher.appendReplacement(sb, Matcher.quoteReplacement(isField ? option : word));
            first = false;
        }
        matcher.appendTail(sb);

        String result = sb.toString();
        if (message.startsWith("workloadMiB "))
        {
            // The upper bound of the working set is --memory-mib, which the number alone hides.
            result += " (the working set cannot exceed --memory-mib)";
        }
        return result;
    }

    private static boolean hasUpperCase(final String word)
    {
        for (int i = 0; i < word.length(); i++)
        {
            if (Character.isUpperCase(word.charAt(i)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param option the option, for the message.
     * @param value  what the user typed: on or off.
     * @return true for on.
     * @throws IllegalArgumentException naming the option and the allowed values.
     */
    static boolean onOff(final String option, final String value)
    {
        switch (value)
        {
            case "on": return true;
            case "off": return false;
            default: throw new IllegalArgumentException(option + " must be on or off, was '" + value + "'");
        }
    }
}
