package io.vcspbench.harness;

import io.vcspbench.core.migration.Setting;
import io.vcspbench.core.migration.Settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The link between {@code MigrationConfig}'s camelCase keys (as in {@code toMap()} and
 * {@code result.json}) and the command-line options that set them, read from {@link Settings}, so an
 * error raised by the config builder can name the option the user actually typed. Stateless and thread-safe.
 */
public final class ConfigOptions
{
    /** The one line for a writer's rate given both ways, constant and scheduled. */
    public static final String BOTH_DIRTY_RATES = "--dirty-rate-mbit and --dirty-schedule both set the writer's rate; " +
        "give one of them (a constant rate R is the schedule R@0s)";

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("\\b[a-z][A-Za-z]*\\b");

    private ConfigOptions()
    {
    }

    /**
     * @return every config key mapped to its long option, in {@code toMap()} order; unmodifiable.
     */
    public static Map<String, String> optionsByKey()
    {
        final Map<String, String> m = new LinkedHashMap<>();
        for (final Setting s : Settings.ALL)
        {
            m.put(s.key(), s.option());
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * @param key a config key such as "throttlePercent".
     * @return its long option such as "--throttle", or null when the key has no option.
     */
    public static String optionFor(final String key)
    {
        final Setting setting = Settings.byKey(key);
        return setting == null ? null : setting.option();
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
            final String option = optionFor(word);
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
}
