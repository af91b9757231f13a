package io.vcspbench.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a result set was measured on, written beside its JMH JSON as {@code environment.json}: the
 * forks' JVM ({@code java -version} of the very executable JMH forks, its name and version), the
 * flags the forks got, the CPU model, cores, OS and kernel. Keys follow DESIGN.md's
 * {@code environment} where they overlap ({@code jvmName}, {@code jvmVersion}, {@code jvmArgs},
 * {@code cpuModel}, {@code cores}, {@code os}, {@code hostname}).
 */
final class EnvironmentProbe
{
    private EnvironmentProbe()
    {
    }

    /**
     * @param jvm     the java executable the forks run.
     * @param jvmArgs the forks' JVM arguments.
     * @return the environment, in a stable key order.
     */
    static Map<String, Object> probe(final String jvm, final List<String> jvmArgs)
    {
        final Map<String, Object> env = new LinkedHashMap<>();
        final String settings = run(jvm, "-XshowSettings:properties", "-version");
        env.put("jvm", jvm);
        env.put("jvmName", property(settings, "java.vm.name", System.getProperty("java.vm.name")));
        env.put("jvmVersion", property(settings, "java.vm.version", System.getProperty("java.vm.version")));
        env.put("jvmVendor", property(settings, "java.vm.vendor", System.getProperty("java.vm.vendor")));
        env.put("javaVersion", versionLines(settings));
        env.put("jvmArgs", jvmArgs);
        env.put("cpuModel", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("kernel", kernel());
        env.put("memoryTotal", memTotal());
        env.put("hostname", hostname());
        return env;
    }

    private static String run(final String... command)
    {
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream())
            {
                in.transferTo(out);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            return "";
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String property(final String settings, final String key, final String fallback)
    {
        for (final String line : settings.split("\n"))
        {
            final String t = line.trim();
            if (t.startsWith(key + " = "))
            {
                return t.substring(key.length() + 3).trim();
            }
        }
        return fallback;
    }

    /** The {@code java -version} lines: what follows the property dump. */
    private static List<String> versionLines(final String settings)
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : settings.split("\n"))
        {
            final String t = line.stripTrailing();
            if (!t.isEmpty() && !Character.isWhitespace(t.charAt(0)) && !t.startsWith("Property settings:"))
            {
                lines.add(t);
            }
        }
        return lines;
    }

    private static String cpuModel()
    {
        for (final String line : readLines(Path.of("/proc/cpuinfo")))
        {
            if (line.startsWith("model name"))
            {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    private static String kernel()
    {
        final List<String> lines = readLines(Path.of("/proc/sys/kernel/osrelease"));
        return lines.isEmpty() ? System.getProperty("os.version") : lines.get(0).trim();
    }

    private static String memTotal()
    {
        for (final String line : readLines(Path.of("/proc/meminfo")))
        {
            if (line.startsWith("MemTotal:"))
            {
                return line.substring("MemTotal:".length()).trim();
            }
        }
        return "unknown";
    }

    private static String hostname()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException e)
        {
            final String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown";
        }
    }

    private static List<String> readLines(final Path path)
    {
        try
        {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException e)
        {
            return List.of();
        }
    }
}
