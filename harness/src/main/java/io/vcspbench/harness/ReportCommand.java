package io.vcspbench.harness;

import io.vcspbench.reports.RunsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vcsp report DIR...}: renders result folders (runs, repeats, sweeps) side by side into
 * {@code report.md} and {@code index.html}; or merges the shards of one sweep into the sweep's folder
 * ({@link SweepMerge}). Exit 0 when written, 1 when a file cannot be read or
 * written, 2 on bad usage (a folder that is missing or holds no result).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
        "Writes report.md and index.html comparing result folders side by side: every run's metrics and, where",
        "postcopy and another post-copy algorithm ran, the VCSP paper's Table 3 beside ours.",
        "Given the folders of every shard of one sweep ('vcsp sweep --shard K/N'), merges them into --out as the",
        "sweep's folder (run folders, runs.csv, points.csv, report) as one machine would have written it.",
        "Exit code 0 on success, 1 when a file cannot be read or written, 2 on bad usage." })
public final class ReportCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "1..*",
        description = "Result folders: a run's, a sweep's, or any folder above them; each is one column of the report.")
    private List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "vcsp-report",
        description = "Where report.md and index.html go (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call()
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        try
        {
            if (SweepMerge.areShards(dirs))
            {
                return SweepMerge.merge(dirs, out, stdout, spec.commandLine().getErr());
            }
            for (final Path written : RunsReport.write(dirs, out))
            {
                stdout.println("report: " + written);
            }
            stdout.flush();
            return 0;
        }
        catch (final IllegalArgumentException e)
        {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        catch (final IOException e)
        {
            // Our own messages name the file and say what is wrong; the file system's need their class to be read.
            spec.commandLine().getErr().println("report failed: " +
                (e.getClass() == IOException.class && e.getMessage() != null ? e.getMessage() : OneLineErrors.oneLine(e)));
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
