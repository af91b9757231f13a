package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationProgress;

import java.io.PrintWriter;

/**
 * The one line {@code vcsp run} redraws on a terminal while a migration runs: pages present,
 * faults (pre-copy: the round and E) and the throttle share so far. Carriage returns only, so it never scrolls; {@link #clear()}
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
        draw(String.format("  migrating: %d of %d pages present (%.0f%%), %d faults, CPU share %.1f%%",
            pagesPresent, pages, 100.0 * pagesPresent / Math.max(1, pages), faults, sharePercent));
    }

    @Override
    public void onPrecopyProgress(final int round, final long pagesPresent, final long pages, final int throttlePercent,
        final double sharePercent)
    {
        draw(String.format("  pre-copy round %d: %d of %d pages present (%.0f%%), E %d%%, CPU share %.1f%%",
            round, pagesPresent, pages, 100.0 * pagesPresent / Math.max(1, pages), throttlePercent, sharePercent));
    }

    private void draw(final String line)
    {
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
