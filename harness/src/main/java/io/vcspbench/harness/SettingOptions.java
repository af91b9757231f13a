package io.vcspbench.harness;

import io.vcspbench.core.migration.MigrationConfig;
import io.vcspbench.core.migration.Setting;
import io.vcspbench.core.migration.Settings;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.List;

/**
 * The command-line options of the migration settings, made from {@link Settings#ALL} so that no
 * command declares a setting of its own: {@code run} and {@code destination} take one value of each,
 * {@code sweep} a comma list or range, {@code source} one value of those its half uses. Help texts,
 * defaults, allowed names and value parsing all come from the table. Commands are made through
 * {@link #commandLine}; stateless and thread-safe.
 */
public final class SettingOptions
{
    private static final String LIST = " A comma list or range sweeps it.";
    private static final String NAMES = " A comma list sweeps it.";

    /** How a command takes the settings. */
    enum Mode
    {
        /** One value each: {@code run}, {@code destination}. */
        RUN,
        /** A comma list or range each: {@code sweep}. */
        SWEEP,
        /** One value each of the settings the source half uses: {@code source}. */
        SOURCE
    }

    private SettingOptions()
    {
    }

    /**
     * @param command a command object ({@link RunCommand}, {@link SweepCommand}, {@link SourceCommand}).
     * @param mode    how it takes the settings.
     * @return its command line with an option per setting.
     */
    static CommandLine commandLine(final Object command, final Mode mode)
    {
        final CommandLine commandLine = new CommandLine(command);
        add(commandLine.getCommandSpec(), mode);
        return commandLine;
    }

    /**
     * Adds an option per setting before the command's own options, in table order; help and version last.
     *
     * @param spec the command.
     * @param mode how it takes them.
     * @return the command.
     */
    static CommandSpec add(final CommandSpec spec, final Mode mode)
    {
        final List<OptionSpec> own = new ArrayList<>();
        final List<OptionSpec> help = new ArrayList<>();
        for (final OptionSpec o : new ArrayList<>(spec.options()))
        {
            (o.usageHelp() || o.versionHelp() ? help : own).add(o);
            spec.remove(o);
        }
        for (final Setting s : Settings.ALL)
        {
            if (mode != Mode.SOURCE || s.source())
            {
                spec.addOption(option(s, mode));
            }
        }
        own.forEach(spec::addOption);
        help.forEach(spec::addOption);
        return spec;
    }

    /**
     * Applies the settings given on the command line (or by a default provider) to a builder; those
     * not given keep the builder's defaults.
     *
     * @param spec    a {@link Mode#RUN} or {@link Mode#SOURCE} command, parsed.
     * @param builder the builder.
     */
    static void apply(final CommandSpec spec, final MigrationConfig.Builder builder)
    {
        for (final Setting s : Settings.ALL)
        {
            final OptionSpec o = spec.findOption(s.option());
            final Object value = o == null ? null : o.getValue();
            if (value != null)
            {
                s.setter().accept(builder, value);
            }
        }
    }

    /**
     * @param spec a command.
     * @param setting a setting.
     * @return whether the user gave the setting's option.
     */
    static boolean given(final CommandSpec spec, final Setting setting)
    {
        final OptionSpec o = spec.findOption(setting.option());
        return o != null && !o.originalStringValues().isEmpty();
    }

    private static OptionSpec option(final Setting s, final Mode mode)
    {
        final OptionSpec.Builder b = OptionSpec.builder(s.option()).description(description(s, mode));
        if (s.kind() == Setting.Kind.FLAG)
        {
            // Given: the setter's value (--no-crc sets checkCrc false); absent: null, the builder's default.
            final ITypeConverter<Object> flag = text -> Boolean.parseBoolean(text) ? s.parse("") : null;
            return b.arity("0").type(Boolean.class).converters(flag).build();
        }
        if (mode == Mode.SWEEP)
        {
            return b.paramLabel(listLabel(s)).type(String.class).build();
        }
        final ITypeConverter<Object> converter = text ->
        {
            try
            {
                return s.parse(text);
            }
            catch (final IllegalArgumentException ex)
            {
                // A few parsers (the dirty schedule's) name the option themselves; the handler adds it once.
                final String message = String.valueOf(ex.getMessage());
                throw new TypeConversionException(
                    message.startsWith(s.option() + " ") ? message.substring(s.option().length() + 1) : message);
            }
        };
        final Class<?> type = switch (s.kind())
        {
            case INT -> Integer.class;
            case LONG -> Long.class;
            case DOUBLE -> Double.class;
            default -> Object.class;
        };
        b.paramLabel(s.paramLabel()).type(type).converters(converter);
        if (s.kind() == Setting.Kind.NAME)
        {
            b.completionCandidates(s.choices());
        }
        return b.build();
    }

    private static String description(final Setting s, final Mode mode)
    {
        String help = s.help();
        if (s.kind() == Setting.Kind.NAME)
        {
            help = help.substring(0, help.length() - 1) + ": " + String.join(", ", s.choices()) + ".";
        }
        final String defaults = s.kind() == Setting.Kind.FLAG ? "" :
            " (default: " + Settings.defaultText(s) + ")";
        String text = help.endsWith(".") ? help.substring(0, help.length() - 1) + defaults + "." : help + defaults;
        if (mode == Mode.SWEEP && s.kind() != Setting.Kind.FLAG)
        {
            text += s.kind() == Setting.Kind.SCHEDULE ? " Several, separated by ';', sweep it." :
                s.numeric() ? LIST : NAMES;
        }
        // picocli formats descriptions: a lone '%' would be a bad format specifier.
        return text.replace("%", "%%");
    }

    private static String listLabel(final Setting s)
    {
        final String label = s.paramLabel();
        if (s.kind() == Setting.Kind.SCHEDULE)
        {
            return "<rate@time,...;...>";
        }
        if (label.startsWith("<") && label.endsWith(">"))
        {
            return label.substring(0, label.length() - 1) + ",...>";
        }
        return label;
    }
}
