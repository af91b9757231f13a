package io.vcspbench.harness;

import io.vcspbench.core.migration.Algorithm;
import io.vcspbench.core.migration.MigrationConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;

/**
 * The defaults of {@link MigrationConfig}, read from a default-built configuration, as a resource
 * bundle so that option descriptions can show them as {@code ${bundle:default.<key>}} without the
 * harness repeating any default value. Loaded by picocli through the command's
 * {@code resourceBundle} attribute; immutable once built.
 */
public final class ConfigDefaults extends ListResourceBundle
{
    /** Key prefix of every default: {@code default.throttlePercent}, {@code default.seed}, … */
    public static final String PREFIX = "default.";

    /** Suffix of the E an algorithm that throttles starts from. */
    public static final String THROTTLED = ".throttled";

    /** Suffix of the E an algorithm that does not throttle is held at. */
    public static final String UNTHROTTLED = ".unthrottled";

    /** Suffix of the N an algorithm that prefetches starts from. */
    public static final String PREFETCHING = ".prefetching";

    /** Suffix of the N an algorithm that does not prefetch is held at. */
    public static final String NOT_PREFETCHING = ".notPrefetching";

    /** Creates the bundle; public because {@link java.util.ResourceBundle} instantiates it by class name. */
    public ConfigDefaults()
    {
    }

    /** @return one {@code default.<key>} entry per config setting, plus E and N per kind of algorithm. */
    @Override
    protected Object[][] getContents()
    {
        final List<Object[]> contents = new ArrayList<>();
        for (final Map.Entry<String, Object> e : MigrationConfig.builder().build().toMap().entrySet())
        {
            contents.add(new Object[]{ PREFIX + e.getKey(), String.valueOf(e.getValue()) });
        }

        // E and N depend on the algorithm: the builder fills in one value for the algorithms that
        // use the knob and forces another on those that do not, so show both.
        final MigrationConfig throttled = configFor(true, false);
        final MigrationConfig unthrottled = configFor(false, false);
        final MigrationConfig prefetching = configFor(false, true);
        final MigrationConfig notPrefetching = configFor(false, false);
        contents.add(new Object[]{ PREFIX + "throttlePercent" + THROTTLED, value(throttled, true) });
        contents.add(new Object[]{ PREFIX + "throttlePercent" + UNTHROTTLED, value(unthrottled, true) });
        contents.add(new Object[]{ PREFIX + "prefetchPages" + PREFETCHING, value(prefetching, false) });
        contents.add(new Object[]{ PREFIX + "prefetchPages" + NOT_PREFETCHING, value(notPrefetching, false) });

        return contents.toArray(new Object[0][]);
    }

    private static String value(final MigrationConfig config, final boolean throttle)
    {
        if (config == null)
        {
            return "?";
        }
        return String.valueOf(throttle ? config.throttlePercent() : config.prefetchPages());
    }

    private static MigrationConfig configFor(final boolean throttled, final boolean prefetching)
    {
        for (final Algorithm a : Algorithm.values())
        {
            if (a.throttled() == throttled && a.prefetching() == prefetching)
            {
                return MigrationConfig.builder().algorithm(a).build();
            }
        }
        return null;
    }
}
