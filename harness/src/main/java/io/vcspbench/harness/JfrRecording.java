package io.vcspbench.harness;

import io.vcspbench.core.jfr.VcspEvents;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * {@code --jfr FILE}: a JDK Flight Recording of one command, with the JDK's "default" configuration
 * (the JVM's own events: GC, JIT, threads, I/O, CPU load) and every event of the engine
 * ({@link VcspEvents}: faults, requests, page batches, rounds, switchover, stop-and-copy, throttle
 * sleeps, phases), written to the file when the command's runs end, whether they succeeded or not.
 * Not thread-safe: started and stopped by the command's thread.
 */
final class JfrRecording implements AutoCloseable
{
    /** The {@code --jfr} option's help, shared by the commands that take it. */
    static final String HELP = "Records a JDK Flight Recording of the run into FILE: the JVM's events (the JDK's " +
        "'default' settings) and the migration's, in category vcsp: Fault, Request, PageBatch, PrecopyRound, " +
        "Switchover, StopAndCopy, ThrottleSleep (from " + VcspEvents.THROTTLE_SLEEP_THRESHOLD_MS + " ms) and Phase. " +
        "Open it in JDK Mission Control or print it: jfr print --categories vcsp FILE";

    private final Recording recording;
    private final Path file;

    private JfrRecording(final Recording recording, final Path file)
    {
        this.recording = recording;
        this.file = file;
    }

    /**
     * @param file where the recording is to go.
     * @return null when the file can be written, else a one-line reason naming {@code --jfr}.
     */
    static String check(final Path file)
    {
        if (Files.isDirectory(file))
        {
            return "--jfr " + file + " is a folder; give a file, e.g. " + file.resolve("run.jfr");
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent))
        {
            return "--jfr " + file + ": the folder " + parent + " does not exist; create it or give another file";
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file)))
        {
            return "--jfr " + file + " cannot be written; give a file in a folder you may write";
        }
        return null;
    }

    /**
     * Starts recording.
     *
     * @param file where {@link #close()} writes the recording; checked with {@link #check(Path)} first.
     * @return the running recording.
     * @throws IOException if the file cannot be set as the destination.
     */
    static JfrRecording start(final Path file) throws IOException
    {
        final Configuration settings;
        try
        {
            settings = Configuration.getConfiguration("default");
        }
        catch (final ParseException e)
        {
            throw new IOException("the JDK's 'default' JFR configuration cannot be read: " + e.getMessage(), e);
        }
        final Recording recording = new Recording(settings);
        recording.setName("vcsp");
        VcspEvents.enableAll(recording);
        recording.setDumpOnExit(true); // Ctrl-C still leaves the file
        try
        {
            recording.setDestination(file);
            recording.start();
        }
        catch (final IOException | RuntimeException e)
        {
            recording.close();
            throw e;
        }
        return new JfrRecording(recording, file);
    }

    /**
     * Checks and starts a command's {@code --jfr} recording.
     *
     * @param file    the option's value, or null.
     * @param command the command, for a usage error.
     * @return the running recording, or null without the option.
     * @throws ParameterException naming {@code --jfr} when the file cannot be recorded (exit 2).
     */
    static JfrRecording startFor(final Path file, final CommandLine command)
    {
        if (file == null)
        {
            return null;
        }
        final String reason = check(file);
        if (reason != null)
        {
            throw new ParameterException(command, reason);
        }
        try
        {
            return start(file);
        }
        catch (final IOException | RuntimeException e)
        {
            throw new ParameterException(command, "--jfr " + file + " cannot be recorded: " + OneLineErrors.oneLine(e));
        }
    }

    /** @return the file the recording goes to. */
    Path file()
    {
        return file;
    }

    /** Stops the recording, which writes it to the file. */
    @Override
    public void close()
    {
        try
        {
            recording.stop();
        }
        finally
        {
            recording.close();
        }
    }
}
