package io.vcspbench.harness;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.List;

/**
 * Turns every usage error into one line on stderr, {@code vcsp run: --throttle must be in [1, 100],
 * was 150 (see vcsp run --help)}, and exit code 2, instead of picocli's message followed by the
 * whole usage text; and an unexpected exception into one line and exit code 1. Stateless and
 * thread-safe.
 */
public final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler
{
    /** Exit code of bad usage. */
    public static final int USAGE = 2;

    /** Exit code of a failed run. */
    public static final int FAILED = 1;

    /** {@inheritDoc} */
    @Override
    public int handleParseException(final ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final String command = commandLine.getCommandSpec().qualifiedName();
        commandLine.getErr().println(command + ": " + reason(ex) + " (see " + command + " --help)");
        commandLine.getErr().flush();
        return USAGE;
    }

    /** {@inheritDoc} */
    @Override
    public int handleExecutionException(final Exception ex, final CommandLine commandLine, final ParseResult parseResult)
    {
        // Reached only by a harness bug: the engine's own exceptions are caught and recorded by the command.
        final String command = commandLine.getCommandSpec().qualifiedName();
        commandLine.getErr().println(command + ": unexpected error: " + oneLine(ex));
        commandLine.getErr().flush();
        return FAILED;
    }

    /**
     * @param ex a parse or validation error.
     * @return what was wrong, naming the option and what it allows, without the "vcsp run:" prefix.
     */
    public static String reason(final ParameterException ex)
    {
        if (ex instanceof UnmatchedArgumentException unmatched)
        {
            return unmatched(unmatched);
        }

        if (ex instanceof MissingParameterException missing && !missing.getMissing().isEmpty())
        {
            final ArgSpec arg = missing.getMissing().get(0);
            return nameOf(arg) + " needs a value " + arg.paramLabel();
        }
        if (ex instanceof OverwrittenOptionException overwritten && overwritten.getOverwritten() != null)
        {
            return nameOf(overwritten.getOverwritten()) + " was given more than once; give it once";
        }

        final ArgSpec arg = ex.getArgSpec();
        final String option = arg instanceof OptionSpec o ? o.longestName() : null;
        if (option != null && ex.getValue() != null && ex.getCause() != null)
        {
            return option + " " + conversion(arg.type(), ex.getValue(), ex.getCause());
        }
        return flatten(ex.getMessage());
    }

    /**
     * @param t an exception.
     * @return its class and message on one line, e.g. "UnsupportedOperationException: not yet".
     */
    public static String oneLine(final Throwable t)
    {
        final String message = t.getMessage();
        final String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : flatten(name + ": " + message);
    }

    private static String nameOf(final ArgSpec arg)
    {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    private static String unmatched(final UnmatchedArgumentException ex)
    {
        final List<String> args = ex.getUnmatched();
        final String first = args.isEmpty() ? "?" : args.get(0);
        final CommandSpec spec = ex.getCommandLine().getCommandSpec();

        final StringBuilder sb = new StringBuilder();
        if (first.startsWith("-"))
        {
            sb.append("unknown option '").append(first).append('\'');
        }
        else if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty())
        {
            sb.append("unknown command '").append(first).append("', the commands are ")
                .append(String.join(", ", spec.subcommands().keySet()));
        }
        else
        {
            sb.append("unexpected argument '").append(first).append('\'');
        }

        final List<String> suggestions = ex.getSuggestions();
        if (!suggestions.isEmpty())
        {
            sb.append(", did you mean ")
                .append(String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))))
                .append('?');
        }
        return sb.toString();
    }

    private static String conversion(final Class<?> type, final String value, final Throwable cause)
    {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class)
        {
            return "must be a whole number, was '" + value + "'";
        }
        if (type == Double.class || type == double.class)
        {
            return "must be a number, was '" + value + "'";
        }
        if (cause instanceof TypeConversionException && cause.getMessage() != null)
        {
            // Our enum converters already say "must be one of a|b|c, was 'x'".
            return flatten(cause.getMessage());
        }
        return "has an invalid value '" + value + "' (" + oneLine(cause) + ")";
    }

    private static String flatten(final String message)
    {
        return message == null ? "invalid usage" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
