package io.vcspbench.benchmarks;

import one.convert.Arguments;
import one.convert.JfrToFlame;
import one.profiler.AsyncProfiler;
import one.profiler.AsyncProfilerLoader;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The bench launcher's {@code --prof}: one flame graph per benchmark and parameter point, in
 * {@code OUT/LABEL/profiles/NAME/flame.html}, NAME being {@code Class.method-param=value,...}
 * ({@link #folderName(String, Map)}). {@code async} hands JMH's own async profiler the native library
 * that ap-loader extracts, sampling the {@code cpu} event where perf_events work and {@code itimer}
 * where they are denied; when the library cannot load or neither event starts it falls back to
 * {@code jfr} with one line saying why. {@code jfr} runs JMH's Flight Recorder profiler and turns each
 * recording into the same flame graph HTML with async-profiler's converter, keeping
 * {@code profile.jfr} beside it. Used by the launcher's thread only.
 */
final class BenchProfiles
{
    /** The values of {@code --prof}. */
    static final List<String> MODES = List.of("none", "async", "jfr");

    /** The folder under the label's that holds a folder per profiled benchmark. */
    static final String FOLDER = "profiles";

    /** The flame graph's name in each benchmark's folder. */
    static final String FLAME = "flame.html";

    /** The JFR recording's name in each benchmark's folder ({@code jfr} only). */
    static final String JFR = "profile.jfr";

    /** Where JMH's profilers write, under {@link #FOLDER}, before the files get their stable names. */
    private static final String SCRATCH = ".jmh";

    /** The probe's answer line starts with this. */
    private static final String EVENT = "event=";

    /** How long the probe's JVM may take. */
    private static final int PROBE_SECONDS = 60;

    /** Tries async-profiler on the forks' JVM: finds its library and the event it can sample. */
    interface Probe
    {
        /**
         * @return the library and the event, {@code cpu} (perf_events) or {@code itimer}.
         * @throws Exception saying why async-profiler cannot run.
         */
        Found find() throws Exception;
    }

    /**
     * What a probe found.
     *
     * @param lib   the extracted native library.
     * @param event the event to sample.
     */
    record Found(Path lib, String event)
    {
    }

    private final String mode;
    private final Path libPath;
    private final String event;
    private final String description;

    private BenchProfiles(final String mode, final Path libPath, final String event, final String description)
    {
        this.mode = mode;
        this.libPath = libPath;
        this.event = event;
        this.description = description;
    }

    /**
     * Decides how to profile, trying async-profiler here when asked for it.
     *
     * @param prof  one of {@link #MODES}.
     * @param probe how async-profiler is tried ({@link #hostProbe(String)} for real).
     * @param out   where the fallback's notice goes.
     * @return the profiling plan.
     */
    static BenchProfiles plan(final String prof, final Probe probe, final PrintStream out)
    {
        switch (prof)
        {
            case "none":
                return new BenchProfiles("none", null, null, "none");
            case "jfr":
                return jfr("");
            case "async":
                break;
            default:
                throw new IllegalArgumentException("prof must be one of " + String.join("|", MODES) + ", was '" + prof + "'");
        }
        final Found found;
        try
        {
            found = probe.find();
        }
        catch (final Exception e)
        {
            final String why = e.getMessage() == null ? e.toString() : e.getMessage();
            // One line: a probe's output can hold several.
            return fallback("async-profiler cannot sample here (" + why.strip().replaceAll("\\s*\\R\\s*", "; ") + ")", out);
        }
        final String version = "async-profiler " + AsyncProfilerLoader.getVersion();
        return new BenchProfiles("async", found.lib(), found.event(), "cpu".equals(found.event()) ?
            version + ", event=cpu (perf_events cpu-clock)" : version + ", event=" + found.event() + " (perf_events denied)");
    }

    private static BenchProfiles fallback(final String why, final PrintStream out)
    {
        out.println("bench: " + why + "; profiling with JFR instead");
        return jfr(" (fallback from async: " + why + ")");
    }

    private static BenchProfiles jfr(final String note)
    {
        return new BenchProfiles("jfr", null, null, "JFR, settings=profile, flame graphs by async-profiler " +
            AsyncProfilerLoader.getVersion() + "'s converter" + note);
    }

    /**
     * The real probe: runs {@link #main} in a JVM of its own, so the launcher never loads the library
     * itself (a library loaded here first leaves JMH's own async profiler unable to bind to it).
     *
     * @param java the java executable the forks run.
     * @return the probe.
     */
    static Probe hostProbe(final String java)
    {
        return () ->
        {
            if (!AsyncProfilerLoader.isSupported())
            {
                throw new IOException("ap-loader has no library for " + System.getProperty("os.name") + " " +
                    System.getProperty("os.arch"));
            }
            final Path lib = AsyncProfilerLoader.getAsyncProfilerPath();
            final Set<String> classPath = new LinkedHashSet<>();
            for (final Class<?> c : List.of(BenchProfiles.class, AsyncProfilerLoader.class))
            {
                classPath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            }
            final ProbeJvm.Outcome probe = ProbeJvm.run(List.of(java, "-cp", String.join(File.pathSeparator, classPath),
                BenchProfiles.class.getName(), lib.toString()), PROBE_SECONDS);
            final String output = probe.output();
            final int exit = probe.exit();
            for (final String line : output.split("\\R"))
            {
                if (line.startsWith(EVENT))
                {
                    return new Found(lib, line.substring(EVENT.length()).trim());
                }
            }
            throw new IOException(output.isBlank() ? "the probe exited with " + exit : output.trim());
        };
    }

    /**
     * The probe's own JVM: loads the library and starts and stops sampling, perf_events' cpu-clock
     * first, then itimer; prints {@code event=cpu} or {@code event=itimer}, or why neither runs.
     *
     * @param args the library's path.
     */
    public static void main(final String[] args)
    {
        final AsyncProfiler profiler;
        try
        {
            profiler = AsyncProfiler.getInstance(args[0]);
        }
        catch (final RuntimeException | LinkageError e)
        {
            System.out.println("cannot load " + args[0] + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        // cpu samples through perf_events' cpu-clock; where the kernel or the hypervisor denies them, itimer
        // samples through the process timer, coarser but available everywhere.
        for (final String[] event : new String[][] { { "cpu-clock", "cpu" }, { "itimer", "itimer" } })
        {
            try
            {
                profiler.execute("start,event=" + event[0] + ",interval=10ms");
                profiler.execute("stop");
                System.out.println(EVENT + event[1]);
                return;
            }
            catch (final IOException | RuntimeException e)
            {
                System.out.println(event[0] + " does not start: " + e.getMessage());
            }
        }
        System.exit(1);
    }

    /** @return whether anything is profiled. */
    boolean enabled()
    {
        return !"none".equals(mode);
    }

    /** @return {@code none}, {@code async} or {@code jfr}: what runs, after any fallback. */
    String mode()
    {
        return mode;
    }

    /** @return the async-profiler event sampled, or null when async-profiler does not run. */
    String event()
    {
        return event;
    }

    /** @return one line for environment.json and the report: the profiler, its event or its fallback. */
    String description()
    {
        return description;
    }

    /**
     * @param labelDir the label's folder.
     * @return where JMH's profilers write during a pass.
     */
    static Path scratch(final Path labelDir)
    {
        return labelDir.resolve(FOLDER).resolve(SCRATCH);
    }

    /**
     * @param scratch where the profiler writes.
     * @return the profiler as a JMH {@code -prof} argument, or null when nothing is profiled.
     */
    String jmhArgument(final Path scratch)
    {
        return switch (mode)
        {
            case "async" -> "async:" + asyncOptions(scratch);
            case "jfr" -> "jfr:dir=" + scratch;
            default -> null;
        };
    }

    private String asyncOptions(final Path scratch)
    {
        return "libPath=" + libPath + ";output=flamegraph;direction=forward;event=" + event + ";dir=" + scratch;
    }

    /**
     * Adds the profiler to a pass.
     *
     * @param b       the pass's options.
     * @param scratch where the profiler writes.
     */
    void addTo(final ChainedOptionsBuilder b, final Path scratch)
    {
        switch (mode)
        {
            case "async" -> b.addProfiler(org.openjdk.jmh.profile.AsyncProfiler.class, asyncOptions(scratch));
            case "jfr" -> b.addProfiler(JavaFlightRecorderProfiler.class, "dir=" + scratch);
            default ->
            {
            }
        }
    }

    /**
     * Files what the profiler wrote during a pass under stable names, converting JFR recordings to
     * flame graphs, and empties the scratch folder. A benchmark JMH gave no result for (a failed pass)
     * keeps JMH's own name for it, without the package.
     *
     * @param results  the pass's results, which name the folders.
     * @param scratch  where the profiler wrote.
     * @param profiles the label's profiles folder.
     * @param out      where a failed conversion is told.
     * @return the files written, relative to the label's folder, e.g. {@code profiles/NAME/flame.html}.
     * @throws IOException if a file cannot be moved.
     */
    List<String> collect(final Collection<RunResult> results, final Path scratch, final Path profiles,
        final PrintStream out) throws IOException
    {
        final List<String> written = new ArrayList<>();
        if (!Files.isDirectory(scratch))
        {
            return written;
        }
        final Map<String, String> names = new HashMap<>();
        for (final RunResult r : results)
        {
            // async-profiler would expand a '%', so JMH's async profiler replaces it in its folder's name.
            names.put(r.getParams().id().replace("%", "_"), folderName(r.getParams()));
        }
        final List<Path> trials = new ArrayList<>();
        try (Stream<Path> s = Files.list(scratch))
        {
            s.filter(Files::isDirectory).sorted().forEach(trials::add);
        }
        for (final Path trial : trials)
        {
            final String jmhName = trial.getFileName().toString();
            final String name = names.getOrDefault(jmhName, sanitize(jmhName.substring(packagePrefix(jmhName))));
            final Path target = profiles.resolve(name);
            delete(target);
            Files.createDirectories(target);
            final Path flame = target.resolve(FLAME);
            final Path recording = target.resolve(JFR);
            final Path jfr = trial.resolve(JFR);
            if (Files.isRegularFile(jfr))
            {
                Files.move(jfr, recording, StandardCopyOption.REPLACE_EXISTING);
                try
                {
                    toFlameGraph(recording, flame, name);
                }
                catch (final IOException | RuntimeException e)
                {
                    out.println("bench: no flame graph for " + name + ": the converter failed on its recording (" +
                        e + "); the recording is kept");
                }
            }
            else
            {
                final Path html = firstFlameGraph(trial);
                if (html != null)
                {
                    Files.move(html, flame, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (final Path file : List.of(flame, recording))
            {
                if (Files.isRegularFile(file))
                {
                    written.add(FOLDER + "/" + name + "/" + file.getFileName());
                }
            }
        }
        delete(scratch);
        return written;
    }

    /**
     * Converts a JFR recording to async-profiler's flame graph HTML (CPU samples, forward).
     *
     * @param jfr   the recording.
     * @param html  the flame graph to write.
     * @param title the graph's title.
     * @throws IOException if the recording cannot be read or the graph written.
     */
    static void toFlameGraph(final Path jfr, final Path html, final String title) throws IOException
    {
        JfrToFlame.convert(jfr.toString(), html.toString(), new Arguments("--title", title));
    }

    private static Path firstFlameGraph(final Path trial) throws IOException
    {
        try (Stream<Path> s = Files.list(trial))
        {
            return s.filter(p -> p.getFileName().toString().startsWith("flame-") && p.toString().endsWith(".html"))
                .sorted().findFirst().orElse(null);
        }
    }

    /**
     * @param params a benchmark's JMH parameters.
     * @return the folder name of its profile.
     */
    static String folderName(final BenchmarkParams params)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        for (final String key : params.getParamsKeys())
        {
            values.put(key, params.getParam(key));
        }
        return folderName(params.getBenchmark(), values);
    }

    /**
     * A stable folder name: the class's simple name and the method, then the parameters as
     * {@code -key=value,key=value} in the order given. Every character but letters, digits,
     * {@code .}, {@code _}, {@code +} and {@code -} becomes {@code _} in keys and values, so
     * the name is a valid relative URL as it stands and splits back at its first {@code -}.
     *
     * @param benchmark the benchmark method's full name, {@code package.Class.method}.
     * @param params    parameter name to value.
     * @return the name.
     */
    static String folderName(final String benchmark, final Map<String, String> params)
    {
        final StringBuilder sb = new StringBuilder(sanitize(benchmark.substring(packagePrefix(benchmark))));
        char separator = '-';
        for (final Map.Entry<String, String> p : params.entrySet())
        {
            sb.append(separator).append(sanitize(p.getKey())).append('=').append(sanitize(p.getValue()));
            separator = ',';
        }
        return sb.toString();
    }

    /** Where {@code Class.method...} starts in a benchmark's full name (after the package). */
    private static int packagePrefix(final String name)
    {
        final int dash = name.indexOf('-');
        final String qualified = dash < 0 ? name : name.substring(0, dash);
        final int method = qualified.lastIndexOf('.');
        return method <= 0 ? 0 : qualified.lastIndexOf('.', method - 1) + 1;
    }

    private static String sanitize(final String s)
    {
        return s.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    private static void delete(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> s = Files.walk(dir))
        {
            for (final Path p : s.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }

    /**
     * Removes an earlier result set's profiles, so the report links only this run's.
     *
     * @param labelDir the label's folder.
     * @return whether there were any.
     * @throws IOException if they cannot be removed.
     */
    static boolean clear(final Path labelDir) throws IOException
    {
        final Path dir = labelDir.resolve(FOLDER);
        final boolean existed = Files.isDirectory(dir);
        delete(dir);
        return existed;
    }
}
