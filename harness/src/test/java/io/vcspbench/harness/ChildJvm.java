package io.vcspbench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code vcsp} command in a child JVM of the test's class path and flags, its output (stdout and
 * stderr together) read line by line, so a test can wait for a line and then kill or stop it.
 */
final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final BufferedReader lines;
    private final List<String> seen = new ArrayList<>();

    private ChildJvm(final Process process)
    {
        this.process = process;
        this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * @param args the {@code vcsp} arguments, e.g. {@code source --listen 127.0.0.1:7070}.
     * @return the running child.
     * @throws IOException when it cannot start.
     */
    static ChildJvm vcsp(final String... args) throws IOException
    {
        return new ChildJvm(new ProcessBuilder(command(args)).redirectErrorStream(true).start());
    }

    /**
     * @param args the {@code vcsp} arguments.
     * @return the command line that runs them in a child JVM: this JVM's java, the jar's flags, this class path.
     */
    static List<String> command(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("vcsp.jvmFlags", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VcspCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** @return a TCP port free at the time of asking. */
    static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    /** @return the process. */
    Process process()
    {
        return process;
    }

    /**
     * Reads output until a line holds the text.
     *
     * @param text what to wait for.
     * @throws AssertionError when the output ends first, with what was seen.
     */
    void awaitLine(final String text) throws IOException
    {
        for (String line = lines.readLine(); line != null; line = lines.readLine())
        {
            seen.add(line);
            if (line.contains(text))
            {
                return;
            }
        }
        throw new AssertionError("the child ended before it said '" + text + "': " + seen);
    }

    /** @return every line of output, those already read first; blocks until the output ends. */
    List<String> allLines() throws IOException
    {
        for (String line = lines.readLine(); line != null; line = lines.readLine())
        {
            seen.add(line);
        }
        return seen;
    }

    /** Kills the child, as {@code kill -9} does. */
    @Override
    public void close()
    {
        process.destroyForcibly();
    }
}
