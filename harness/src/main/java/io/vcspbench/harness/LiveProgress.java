package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationProgress;

import java.io.PrintWriter;

/**
 * The one line {@code vcsp run} redraws on a terminal while a migration runs: pages present,
 * faults and the throttle share so far. Carriage returns only, so it never scrolls; {@link #clear()}
 * wipes it before the summary is printed.
 */
final class LiveProgress implements MigrationProgress
{
    private final PrintWriter out;
    private int lastLength;

    /** What {@code --progress} accepts. */
    static final String MODES = "auto, always or never";

    /**
     * @param mode     the --progress value: auto (only on a terminal), always or never.
     * @param terminal whether output is a terminal.
     * @return whether to draw live progress.
     * @throws IllegalArgumentException for any other value, naming --progress.
     */
    static boolean wanted(final String mode, final java.util.function.BooleanSupplier terminal)
    {
        switch (mode)
        {
            case "always":
                return true;
            case "never":
                return false;
            case "auto":
                return terminal.getAsBoolean();
            default:
                throw new IllegalArgumentException("--progress must be " + MODES + ", was '" + mode + "'");
        }
    }

    LiveProgress(final PrintWriter out)
    {
        this.out = out;
    }

    @Override
    public void onProgress(final long pagesPresent, final long pages, final long faults, final double sharePercent)
    {
        final String line = String.format("  migrating: %d of %d pages present (%.0f%%), %d faults, CPU share %.1f%%",
            pagesPresent, pages, 100.0 * pagesPresent / Math.max(1, pages), faults, sharePercent);
        out.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    /** Removes the line, if one was drawn. */
    void clear()
    {
        if (lastLength > 0)
        {
            out.print('\r' + " ".repeat(lastLength) + '\r');
            out.flush();
            lastLength = 0;
        }
    }
}
