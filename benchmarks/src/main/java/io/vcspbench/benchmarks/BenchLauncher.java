package io.vcspbench.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the JMH suite as the {@code bench} profile does and files the result as one labelled set:
 * {@code OUT/LABEL/jmh.json} (JMH's JSON, all passes together) and {@code OUT/LABEL/environment.json}.
 * The forks get the project's JVM flags ({@code vcsp.jvmFlags} of the root pom, baked into the jar)
 * plus {@code --jvm-args}, run on {@code --jvm} (default: this JVM), always with the GC profiler.
 * With {@code --sweep quick} (the profile's default) a harness sweep follows
 * ({@code java -jar HARNESS_JAR sweep --preset quick}) on the same JVM and arguments, into
 * {@code OUT/LABEL/runs}. With {@code --prof async|jfr} every benchmark and parameter point gets a flame
 * graph, {@code OUT/LABEL/profiles/NAME/flame.html} ({@link BenchProfiles}), listed in environment.json.
 *
 * <pre>
 * java -cp benchmarks.jar io.vcspbench.benchmarks.BenchLauncher [--out DIR] [--label NAME]
 *      [--preset short|full] [--jvm PATH] [--jvm-args "ARGS"] [--jvm-flags "FLAGS"] [--include REGEX]
 *      [--sweep quick|paper|none --harness-jar PATH] [--prof none|async|jfr] [--dry-run]
 * </pre>
 *
 * Exit status: 0 when every pass and the sweep ran, 1 when a benchmark or a sweep run failed (the
 * results so far are still written), 2 on bad usage.
 */
public final class BenchLauncher
{
    private static final String USAGE = "usage: BenchLauncher [--out DIR] [--label NAME] [--preset short|full] " +
        "[--jvm PATH] [--jvm-args \"ARGS\"] [--jvm-flags \"FLAGS\"] [--include REGEX] " +
        "[--sweep quick|paper|none --harness-jar PATH] [--prof none|async|jfr] [--dry-run]";

    private BenchLauncher()
    {
    }

    /**
     * @param args see the class description.
     */
    public static void main(final String[] args)
    {
        final Settings settings;
        try
        {
            settings = Settings.parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            System.err.println("bench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (settings.help)
        {
            System.out.println(USAGE);
            return;
        }
        System.exit(run(settings));
    }

    /**
     * Runs every pass of the preset.
     *
     * @param settings what to run and where to put it.
     * @return the exit status.
     */
    static int run(final Settings settings)
    {
        // The uffd fault backend runs only where the forks' JVM, this build and the kernel allow it.
        final String uffdMissing = UffdProbe.unavailableReason(settings.forkJvm(), settings.forkArgs());
        if (uffdMissing != null && (settings.include.isEmpty() ||
            java.util.regex.Pattern.compile(settings.include).matcher("FaultBackendBenchmark").find()))
        {
            System.out.println("bench: the uffd fault backend is not measured: " + uffdMissing);
        }
        final List<BenchPass> passes = settings.preset.passes(settings.include, uffdMissing == null);
        if (passes.isEmpty())
        {
            System.err.println("bench: no benchmark class matches --include '" + settings.include + "'");
            return 2;
        }
        final Path dir = settings.out.resolve(settings.label).toAbsolutePath().normalize();
        final Path json = dir.resolve("jmh.json");
        final Path envFile = dir.resolve("environment.json");
        final BenchProfiles profiler = BenchProfiles.plan(settings.prof, BenchProfiles.hostProbe(settings.forkJvm()), System.out);
        final Map<String, Object> env;
        try
        {
            Files.createDirectories(dir);
            if (Files.exists(json))
            {
                System.out.println("bench: replacing the earlier result set in " + dir);
                Files.delete(json);
            }
            if (!settings.dryRun && BenchProfiles.clear(dir))
            {
                System.out.println("bench: removed the earlier result set's profiles");
            }
            env = environment(settings, passes, profiler, envFile);
            env.put("uffd", uffdMissing == null ? "measured" : uffdMissing);
            writeJson(env, envFile);
        }
        catch (final IOException e)
        {
            System.err.println("bench: cannot write to " + dir + ": " + e.getMessage());
            return 1;
        }

        final Instant start = Instant.now();
        final List<RunResult> results = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final List<String> profiles = new ArrayList<>();
        final Path scratch = BenchProfiles.scratch(dir);
        if (profiler.enabled())
        {
            System.out.println("bench: profiling with " + profiler.description() + " into " +
                dir.resolve(BenchProfiles.FOLDER));
        }
        int passNumber = 0;
        for (final BenchPass pass : passes)
        {
            passNumber++;
            System.out.println("bench: pass " + passNumber + "/" + passes.size() + " (" + pass.combinations() +
                " points): java -jar benchmarks.jar " + String.join(" ", quoted(commandLine(settings, pass, profiler, scratch))));
            if (settings.dryRun)
            {
                continue;
            }
            Collection<RunResult> passResults = List.of();
            try
            {
                passResults = new Runner(options(settings, pass, profiler, scratch)).run();
                results.addAll(passResults);
            }
            catch (final RunnerException | RuntimeException e)
            {
                failures.add(pass.benchmark() + ": " + e.getMessage());
                System.err.println("bench: " + pass.benchmark() + " failed: " + e.getMessage());
            }
            // After every pass, so a late failure or an interrupted run keeps what was measured.
            ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(results);
            if (profiler.enabled())
            {
                try
                {
                    profiles.addAll(profiler.collect(passResults, scratch, dir.resolve(BenchProfiles.FOLDER), System.out));
                    env.put("profiles", profiles);
                    writeJson(env, envFile);
                }
                catch (final IOException e)
                {
                    failures.add(pass.benchmark() + " profiles: " + e.getMessage());
                    System.err.println("bench: cannot file the profiles of " + pass.benchmark() + ": " + e.getMessage());
                }
            }
        }

        final Duration took = Duration.between(start, Instant.now());
        if (!settings.dryRun)
        {
            System.out.println("bench: " + results.size() + " results in " + json + " (" + minSec(took) + ")");
            if (profiler.enabled())
            {
                System.out.println("bench: " + profiles.stream().filter(p -> p.endsWith(BenchProfiles.FLAME)).count() +
                    " flame graphs in " + dir.resolve(BenchProfiles.FOLDER));
            }
        }

        if (settings.sweeps())
        {
            final String failure = sweep(settings, dir.resolve(HarnessSweep.FOLDER));
            if (failure != null)
            {
                failures.add(failure);
            }
        }
        if (settings.dryRun)
        {
            System.out.println("bench: dry run, nothing measured; environment in " + dir.resolve("environment.json"));
            return 0;
        }
        if (!failures.isEmpty())
        {
            System.err.println("bench: " + failures.size() + " pass(es) failed: " + String.join("; ", failures));
            return 1;
        }
        return 0;
    }

    /** Runs the harness sweep; returns what failed, or null. */
    private static String sweep(final Settings settings, final Path out)
    {
        final List<String> command = settings.sweepCommand(out);
        System.out.println("bench: harness sweep: " + String.join(" ", quoted(command)));
        if (settings.dryRun)
        {
            return null;
        }
        if (!Files.isRegularFile(settings.harnessJar))
        {
            System.err.println("bench: no harness jar at " + settings.harnessJar + ": build it first " +
                "(mvn -B install -DskipTests), or skip the sweep with --sweep none (-Dbench.sweep=none)");
            return "harness sweep: no " + settings.harnessJar;
        }
        final Instant start = Instant.now();
        try
        {
            final int status = HarnessSweep.run(command, out);
            System.out.println("bench: harness sweep in " + out + " (" + minSec(Duration.between(start, Instant.now())) +
                ", exit " + status + ")");
            return status == 0 ? null : "harness sweep exited with " + status + " (see the failed runs in " + out + ")";
        }
        catch (final IOException e)
        {
            System.err.println("bench: harness sweep failed: " + e.getMessage());
            return "harness sweep: " + e.getMessage();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "harness sweep interrupted";
        }
    }

    private static String minSec(final Duration d)
    {
        return d.toMinutesPart() + " min " + d.toSecondsPart() + " s";
    }

    /** The pass as a JMH command line, its profiler included, so it can be rerun by hand. */
    private static List<String> commandLine(final Settings settings, final BenchPass pass, final BenchProfiles profiler,
        final Path scratch)
    {
        final List<String> args = new ArrayList<>(pass.commandLine(settings.forkArgs()));
        final String prof = profiler.jmhArgument(scratch);
        if (prof != null)
        {
            args.add("-prof");
            args.add(prof);
        }
        return args;
    }

    private static org.openjdk.jmh.runner.options.Options options(final Settings settings, final BenchPass pass,
        final BenchProfiles profiler, final Path scratch)
    {
        final ChainedOptionsBuilder b = new OptionsBuilder()
            .include(pass.includeRegex())
            .forks(pass.forks())
            .warmupIterations(pass.warmupIterations())
            .measurementIterations(pass.measureIterations())
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            // Exactly these flags: the host's own arguments are not inherited.
            .jvmArgs()
            .jvmArgsAppend(settings.forkArgs().toArray(new String[0]));
        if (pass.warmupMillis() > 0)
        {
            b.warmupTime(TimeValue.milliseconds(pass.warmupMillis()));
        }
        if (pass.measureMillis() > 0)
        {
            b.measurementTime(TimeValue.milliseconds(pass.measureMillis()));
        }
        if (!settings.jvm.isEmpty())
        {
            b.jvm(settings.jvm);
        }
        for (final Map.Entry<String, List<String>> p : pass.params().entrySet())
        {
            b.param(p.getKey(), p.getValue().toArray(new String[0]));
        }
        profiler.addTo(b, scratch);
        return b.build();
    }

    private static Map<String, Object> environment(final Settings settings, final List<BenchPass> passes,
        final BenchProfiles profiler, final Path file)
    {
        final Map<String, Object> env = new LinkedHashMap<>();
        env.put("schema", "vcsp-bench-environment/1");
        env.put("label", settings.label);
        env.put("preset", settings.preset.cliName());
        env.put("startedAt", Instant.now().toString());
        env.put("jmhVersion", Version.getPlainVersion());
        env.putAll(EnvironmentProbe.probe(settings.forkJvm(), settings.forkArgs()));
        final List<String> commands = new ArrayList<>();
        for (final BenchPass pass : passes)
        {
            commands.add(String.join(" ", quoted(pass.commandLine(List.of()))));
        }
        env.put("passes", commands);
        if (settings.sweeps())
        {
            env.put("sweep", String.join(" ", quoted(settings.sweepCommand(file.resolveSibling(HarnessSweep.FOLDER)))));
        }
        if (profiler.enabled())
        {
            // The report links every file of "profiles" (paths relative to this folder) under the profiler's line.
            env.put("profiler", profiler.description());
            env.put("profiles", List.of());
        }
        return env;
    }

    private static void writeJson(final Map<String, Object> env, final Path file) throws IOException
    {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), env);
    }

    private static List<String> quoted(final List<String> args)
    {
        final List<String> q = new ArrayList<>();
        for (final String a : args)
        {
            q.add(a.isEmpty() || a.matches(".*[\\s\"'\\\\^$|*].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return q;
    }

    /** The launcher's options, parsed and checked. */
    static final class Settings
    {
        Path out = Path.of("target", "bench");
        String label = "default";
        BenchPreset preset = BenchPreset.SHORT;
        String jvm = "";
        String jvmFlags = bakedJvmFlags();
        String jvmArgs = "";
        String include = "";
        String sweep = "none";
        String prof = "none";
        Path harnessJar;
        boolean dryRun;
        boolean help;

        /**
         * @param args command-line arguments, {@code --name value} or {@code --name=value}.
         * @return the settings.
         * @throws IllegalArgumentException naming the bad option.
         */
        static Settings parse(final String[] args)
        {
            final Settings s = new Settings();
            for (int i = 0; i < args.length; i++)
            {
                String name = args[i];
                String value = null;
                final int eq = name.indexOf('=');
                if (name.startsWith("--") && eq > 0)
                {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                switch (name)
                {
                    case "--dry-run":
                        s.dryRun = true;
                        continue;
                    case "--help":
                    case "-h":
                        s.help = true;
                        continue;
                    default:
                        break;
                }
                if (value == null)
                {
                    if (i + 1 >= args.length)
                    {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    value = args[++i];
                }
                switch (name)
                {
                    case "--out" -> s.out = Path.of(value);
                    case "--label" -> s.label = checkLabel(value);
                    case "--preset" -> s.preset = BenchPreset.fromName(value);
                    case "--jvm" -> s.jvm = value.trim();
                    case "--jvm-flags" -> s.jvmFlags = value;
                    case "--jvm-args" -> s.jvmArgs = value;
                    case "--include" -> s.include = value.trim();
                    case "--sweep" -> s.sweep = checkSweep(value.trim());
                    case "--harness-jar" -> s.harnessJar = value.isBlank() ? null : Path.of(value.trim());
                    case "--prof" -> s.prof = checkProf(value.trim());
                    default -> throw new IllegalArgumentException("unknown option '" + name + "'");
                }
            }
            if (s.sweeps() && s.harnessJar == null)
            {
                throw new IllegalArgumentException("--sweep " + s.sweep + " needs --harness-jar PATH " +
                    "(harness/target/vcsp.jar), or --sweep none");
            }
            return s;
        }

        /** @return whether a harness sweep follows the JMH suite. */
        boolean sweeps()
        {
            return !"none".equals(sweep);
        }

        /**
         * @param out the sweep's output folder.
         * @return the sweep's command line: the forks' java and arguments, then the harness jar.
         */
        List<String> sweepCommand(final Path out)
        {
            return HarnessSweep.command(forkJvm(), forkArgs(), harnessJar.toAbsolutePath().normalize(), sweep, out);
        }

        private static String checkSweep(final String sweep)
        {
            if (!HarnessSweep.PRESETS.contains(sweep))
            {
                throw new IllegalArgumentException("sweep must be one of " + String.join("|", HarnessSweep.PRESETS) +
                    ", was '" + sweep + "'");
            }
            return sweep;
        }

        private static String checkProf(final String prof)
        {
            if (!BenchProfiles.MODES.contains(prof))
            {
                throw new IllegalArgumentException("prof must be one of " + String.join("|", BenchProfiles.MODES) +
                    ", was '" + prof + "'");
            }
            return prof;
        }

        /** @return the java executable the forks run. */
        String forkJvm()
        {
            return jvm.isEmpty() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : jvm;
        }

        /** @return the forks' JVM arguments: the project's flags, then the extra ones. */
        List<String> forkArgs()
        {
            final List<String> a = new ArrayList<>(split(jvmFlags));
            a.addAll(split(jvmArgs));
            return a;
        }

        private static List<String> split(final String s)
        {
            final String t = s.trim();
            return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
        }

        private static String checkLabel(final String label)
        {
            if (!label.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"))
            {
                throw new IllegalArgumentException("label must be 1-64 letters, digits, '.', '_' or '-' " +
                    "(it names a folder), was '" + label + "'");
            }
            return label;
        }

        /** The root pom's {@code vcsp.jvmFlags}, filtered into the jar at build time. */
        static String bakedJvmFlags()
        {
            try (InputStream in = BenchLauncher.class.getResourceAsStream("jvm-flags.txt"))
            {
                if (in == null)
                {
                    return "";
                }
                final String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                return flags.startsWith("${") ? "" : flags;
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
    }
}
