package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.Setting;
import io.vcspbench.core.migration.Settings;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's grid: the dimensions of the settings given as lists (through {@link SweepAxes}) and of
 * the preset, their cartesian product, and the engine's word on what it can run. Stateless.
 */
final class SweepGrid
{
    private SweepGrid()
    {
    }

    /**
     * The points of the grid the options and the preset give, validated, in grid order: the first
     * dimension varies slowest, combinations that come out the same are one point, and a preset's
     * points this build cannot run are skipped with a line saying why.
     *
     * @param spec    the parsed {@code sweep} command.
     * @param preset  its preset, or null.
     * @param engine  says which configurations it cannot run.
     * @param skipped receives one line per reason a preset's points were skipped.
     * @return the points, numbered from 1.
     * @throws IllegalArgumentException for bad usage, in one line naming the option.
     */
    static List<SweepPoint> points(
        final CommandSpec spec, final SweepPreset preset, final Engine engine, final List<String> skipped)
    {
        final List<SweepAxes.Dimension> dimensions = new ArrayList<>();
        final boolean dirtySchedule = SettingOptions.given(spec, Settings.DIRTY_SCHEDULE);
        if (SettingOptions.given(spec, Settings.DIRTY_RATE) && dirtySchedule)
        {
            throw new IllegalArgumentException(ConfigOptions.BOTH_DIRTY_RATES);
        }
        if (dirtySchedule && preset != null && preset.keys().contains("dirtyRateMbit") &&
            !preset.keys().contains("dirtySchedule"))
        {
            throw new IllegalArgumentException("--dirty-schedule cannot go with --preset " + preset.cliName() + ", which sets --dirty-rate-mbit; " +
                "drop --preset and give the grid yourself");
        }
        for (final Setting axis : SweepAxes.ALL)
        {
            final String text = spec.findOption(axis.option()).getValue();
            if (text == null)
            {
                continue;
            }
            if (preset != null && preset.keys().contains(axis.key()))
            {
                throw new IllegalArgumentException(axis.option() + " is set by --preset " + preset.cliName() +
                    "; leave it out, or drop --preset and give the grid yourself");
            }
            dimensions.add(SweepAxes.dimension(axis, text));
        }
        if (preset != null)
        {
            dimensions.addAll(preset.dimensions(SettingOptions.given(spec, Settings.PUSH)));
        }

        final boolean noCrc = spec.findOption("--no-crc").getValue() != null;
        final List<MigrationConfig> configs;
        try
        {
            configs = SweepAxes.grid(b ->
            {
                if (preset != null)
                {
                    preset.base(b);
                }
                if (noCrc)
                {
                    b.checkCrc(false);
                }
            }, dimensions);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(ConfigOptions.inOptionNames(ex.getMessage()));
        }

        final List<SweepPoint> points = new ArrayList<>(configs.size());
        final Map<String, Integer> skippedPoints = new LinkedHashMap<>();
        for (final MigrationConfig config : configs)
        {
            final String unsupported = engine.unsupported(config);
            if (unsupported != null && preset != null && preset.skipsUnsupported())
            {
                skippedPoints.merge(unsupported, 1, Integer::sum);
                continue;
            }
            if (unsupported != null)
            {
                throw new IllegalArgumentException(unsupported);
            }
            points.add(new SweepPoint(points.size() + 1, config));
        }
        if (points.isEmpty())
        {
            throw new IllegalArgumentException("this build can run no point of --preset " + preset.cliName() + ": " +
                String.join("; ", skippedPoints.keySet()));
        }
        skippedPoints.forEach((reason, count) -> skipped.add("skipped " + count + (count == 1 ? " point" : " points") +
            " of --preset " + preset.cliName() + ": " + reason));
        return points;
    }
}
