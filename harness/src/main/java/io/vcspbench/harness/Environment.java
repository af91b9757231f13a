package io.vcspbench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run ran: the JVM, its flags and the machine, stored as {@code environment} in
 * {@code result.json} next to the configuration so results from different machines can be told
 * apart. Immutable; capture once per process and reuse.
 *
 * @param jvmName    the JVM implementation, e.g. "OpenJDK 64-Bit Server VM".
 * @param jvmVersion the full runtime version, e.g. "17.0.15+6-Debian-1deb12u1".
 * @param jvmArgs    the flags the JVM was started with (not the program arguments).
 * @param cpuModel   the CPU's "model name" from /proc/cpuinfo, or the architecture where that is absent.
 * @param cores      processors available to the JVM.
 * @param os         the operating system name.
 * @param hostname   the host's name, or "unknown".
 * @param kernel     the operating system version, the kernel release on Linux.
 */
public record Environment(
    String jvmName,
    String jvmVersion,
    List<String> jvmArgs,
    String cpuModel,
    int cores,
    String os,
    String hostname,
    String kernel)
{
    private static final Path CPU_INFO = Paths.get("/proc/cpuinfo");
    private static final Path HOSTNAME = Paths.get("/proc/sys/kernel/hostname");

    /**
     * Normalises the argument list to an unmodifiable copy.
     *
     * @param jvmName    the JVM implementation.
     * @param jvmVersion the runtime version.
     * @param jvmArgs    the JVM flags.
     * @param cpuModel   the CPU model.
     * @param cores      available processors.
     * @param os         the operating system name.
     * @param hostname   the host's name.
     * @param kernel     the operating system version.
     */
    public Environment
    {
        jvmArgs = List.copyOf(jvmArgs);
    }

    /**
     * @return the environment of this JVM on this machine; never throws, unknown parts read "unknown".
     */
    public static Environment capture()
    {
        return new Environment(
            System.getProperty("java.vm.name", "unknown"),
            Runtime.version().toString(),
            readJvmArgs(),
            readCpuModel(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name", "unknown"),
            readHostname(),
            System.getProperty("os.version", "unknown"));
    }

    /**
     * @return the fields by their {@code result.json} names, in a stable order.
     */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("jvmName", jvmName);
        m.put("jvmVersion", jvmVersion);
        m.put("jvmArgs", jvmArgs);
        m.put("cpuModel", cpuModel);
        m.put("cores", cores);
        m.put("os", os);
        m.put("hostname", hostname);
        m.put("kernel", kernel);
        return m;
    }

    private static List<String> readJvmArgs()
    {
        try
        {
            return ManagementFactory.getRuntimeMXBean().getInputArguments();
        }
        catch (final RuntimeException | LinkageError ex)
        {
            // java.management may be absent from a jlinked runtime; the rest is still worth keeping.
            return List.of();
        }
    }

    private static String readCpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(CPU_INFO, StandardCharsets.UTF_8))
            {
                if (line.startsWith("model name"))
                {
                    final int colon = line.indexOf(':');
                    if (colon >= 0 && colon + 1 < line.length())
                    {
                        return line.substring(colon + 1).trim();
                    }
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Not Linux, or /proc not mounted: fall through to the architecture.
        }
        return System.getProperty("os.arch", "unknown");
    }

    private static String readHostname()
    {
        // The kernel's own name first: InetAddress may wait on a DNS lookup that never answers.
        try
        {
            final String name = Files.readString(HOSTNAME, StandardCharsets.UTF_8).trim();
            if (!name.isEmpty())
            {
                return name;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Not Linux; try the JDK.
        }

        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }
}
