package io.vcspbench.harness;

import io.vcspbench.core.cpu.WaitStrategy;
import io.vcspbench.core.link.LinkKind;
import io.vcspbench.core.migration.Algorithm;
import io.vcspbench.core.source.PushMode;
import io.vcspbench.core.workload.Pattern;
import io.vcspbench.core.workload.WriterOrder;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * picocli converters and completion candidates for the engine's enums, by their CLI names
 * ({@code vcsp-prefetch}, not {@code VCSP_PREFETCH}). The enums stay free of picocli; these
 * adapters are stateless and thread-safe.
 */
public final class EnumOptions
{
    private EnumOptions()
    {
    }

    /**
     * @param values  the enum's values.
     * @param cliName how a value is spelled on the command line.
     * @param <E>     the enum.
     * @return the CLI names in declaration order; unmodifiable.
     */
    public static <E extends Enum<E>> List<String> cliNames(final E[] values, final Function<E, String> cliName)
    {
        final List<String> names = new ArrayList<>(values.length);
        for (final E value : values)
        {
            names.add(cliName.apply(value));
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Converts a CLI name to its enum value, refusing anything else with the allowed names.
     *
     * @param value    what the user typed.
     * @param values   the enum's values.
     * @param cliName  how a value is spelled on the command line.
     * @param <E>      the enum.
     * @return the value.
     * @throws TypeConversionException "must be one of a|b|c, was 'x'".
     */
    public static <E extends Enum<E>> E fromCliName(final String value, final E[] values, final Function<E, String> cliName)
    {
        for (final E e : values)
        {
            if (cliName.apply(e).equals(value))
            {
                return e;
            }
        }
        throw new TypeConversionException(
            "must be one of " + String.join("|", cliNames(values, cliName)) + ", was '" + value + "'");
    }

    /** Converts {@code --algorithm} values. */
    public static final class AlgorithmConverter implements ITypeConverter<Algorithm>
    {
        /** {@inheritDoc} */
        @Override
        public Algorithm convert(final String value)
        {
            return fromCliName(value, Algorithm.values(), Algorithm::cliName);
        }
    }

    /** The {@code --algorithm} names, for help and shell completion. */
    public static final class AlgorithmNames implements Iterable<String>
    {
        /** {@inheritDoc} */
        @Override
        public Iterator<String> iterator()
        {
            return cliNames(Algorithm.values(), Algorithm::cliName).iterator();
        }
    }

    /** Converts {@code --pattern} values. */
    public static final class PatternConverter implements ITypeConverter<Pattern>
    {
        /** {@inheritDoc} */
        @Override
        public Pattern convert(final String value)
        {
            return fromCliName(value, Pattern.values(), Pattern::cliName);
        }
    }

    /** The {@code --pattern} names, for help and shell completion. */
    public static final class PatternNames implements Iterable<String>
    {
        /** {@inheritDoc} */
        @Override
        public Iterator<String> iterator()
        {
            return cliNames(Pattern.values(), Pattern::cliName).iterator();
        }
    }

    /** Converts {@code --writer-order} values. */
    public static final class WriterOrderConverter implements ITypeConverter<WriterOrder>
    {
        /** {@inheritDoc} */
        @Override
        public WriterOrder convert(final String value)
        {
            return fromCliName(value, WriterOrder.values(), WriterOrder::cliName);
        }
    }

    /** The {@code --writer-order} names, for help and shell completion. */
    public static final class WriterOrderNames implements Iterable<String>
    {
        /** {@inheritDoc} */
        @Override
        public Iterator<String> iterator()
        {
            return cliNames(WriterOrder.values(), WriterOrder::cliName).iterator();
        }
    }

    /** Converts {@code --link} values. */
    public static final class LinkConverter implements ITypeConverter<LinkKind>
    {
        /** {@inheritDoc} */
        @Override
        public LinkKind convert(final String value)
        {
            return fromCliName(value, LinkKind.values(), LinkKind::cliName);
        }
    }

    /** The {@code --link} names, for help and shell completion. */
    public static final class LinkNames implements Iterable<String>
    {
        /** {@inheritDoc} */
        @Override
        public Iterator<String> iterator()
        {
            return cliNames(LinkKind.values(), LinkKind::cliName).iterator();
        }
    }

    /** Converts {@code --wait-strategy} values. */
    public static final class WaitStrategyConverter implements ITypeConverter<WaitStrategy>
    {
        /** {@inheritDoc} */
        @Override
        public WaitStrategy convert(final String value)
        {
            return fromCliName(value, WaitStrategy.values(), WaitStrategy::cliName);
        }
    }

    /** The {@code --wait-strategy} names, for help and shell completion. */
    public static final class WaitStrategyNames implements Iterable<String>
    {
        /** {@inheritDoc} */
        @Override
        public Iterator<String> iterator()
        {
            return cliNames(WaitStrategy.values(), WaitStrategy::cliName).iterator();
        }
    }

    /** Converts {@code --push} values: on, off or a rate in Mbit/s. */
    public static final class PushModeConverter implements ITypeConverter<PushMode>
    {
        /** {@inheritDoc} */
        @Override
        public PushMode convert(final String value)
        {
            try
            {
                return PushMode.parse(value);
            }
            catch (final IllegalArgumentException e)
            {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
