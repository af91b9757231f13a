package io.vcspbench.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The short harness sweep the bench launcher runs after the JMH suite: {@code vcsp sweep --preset P}
 * from {@code harness/target/vcsp.jar} in its own process, on the same java and with the same JVM
 * arguments as the JMH forks, into {@code LABEL/runs} beside {@code jmh.json}, where the report
 * finds it. Stateless.
 */
final class HarnessSweep
{
    /** The folder under the label's folder that holds the sweep. */
    static final String FOLDER = "runs";

    /** The file every sweep writes, which marks a folder as an earlier sweep that may be replaced. */
    static final String RUNS_CSV = "runs.csv";

    /**
     * Repeats of the quick preset in the bench job: five a point, not the preset's three, so the report's
     * comparison of two labels' sweeps can tell a change from noise (3+3 repeats never reach p <= 0.05).
     */
    static final int QUICK_REPEATS = 5;

    /** Sweep presets the launcher accepts ({@code vcsp sweep --preset}), and {@code none}. */
    static final List<String> PRESETS = List.of("quick", "paper", "none");

    private HarnessSweep()
    {
    }

    /**
     * @param java    the java executable.
     * @param jvmArgs JVM arguments (the jar's manifest carries the module flags; these add the rest).
     * @param jar     the harness jar.
     * @param preset  the sweep preset, e.g. {@code quick}.
     * @param out     the sweep's output folder.
     * @return the command line.
     */
    static List<String> command(final String java, final List<String> jvmArgs, final Path jar, final String preset,
        final Path out)
    {
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "sweep", "--preset", preset, "--out", out.toString(),
            "--progress", "never"));
        if ("quick".equals(preset))
        {
            command.addAll(List.of("--repeat", Integer.toString(QUICK_REPEATS)));
        }
        return command;
    }

    /**
     * Runs the sweep with this process's standard streams, after removing an earlier sweep in
     * {@code out} (the harness refuses to write over results).
     *
     * @param command the command line from {@link #command}.
     * @param out     the sweep's output folder.
     * @return the sweep's exit status: 0 when every run succeeded.
     * @throws IOException if the sweep cannot be started or an earlier one cannot be removed.
     * @throws InterruptedException if interrupted while waiting; the sweep process is ended.
     */
    static int run(final List<String> command, final Path out) throws IOException, InterruptedException
    {
        clear(out);
        final Process process = new ProcessBuilder(command).inheritIO().start();
        try
        {
            return process.waitFor();
        }
        finally
        {
            process.destroy();
        }
    }

    /**
     * Removes an earlier sweep: a folder holding {@value #RUNS_CSV}, or an empty one. Anything else
     * is left alone.
     *
     * @param out the sweep's output folder.
     * @throws IOException if it holds something that is not a sweep, or cannot be removed.
     */
    static void clear(final Path out) throws IOException
    {
        if (!Files.exists(out))
        {
            return;
        }
        if (!Files.isDirectory(out))
        {
            throw new IOException(out + " is a file, not an earlier sweep: move it away");
        }
        try (var entries = Files.list(out))
        {
            if (entries.findAny().isPresent() && !Files.isRegularFile(out.resolve(RUNS_CSV)))
            {
                throw new IOException(out + " holds files but no " + RUNS_CSV + ", so it is not an earlier sweep: " +
                    "move it away");
            }
        }
        System.out.println("bench: replacing the earlier sweep in " + out);
        Files.walkFileTree(out, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
            {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path dir, final IOException e) throws IOException
            {
                if (e != null)
                {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
