package io.vcspbench.harness;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentTest
{
    @Test
    void shouldCaptureTheJvmAndTheMachineUnderTheNamesOfResultJson()
    {
        final Map<String, Object> map = Environment.capture().toMap();

        assertEquals(List.of("jvmName", "jvmVersion", "jvmArgs", "cpuModel", "cores", "os", "hostname", "kernel"),
            List.copyOf(map.keySet()));
        assertEquals(Runtime.getRuntime().availableProcessors(), map.get("cores"));
        assertEquals(System.getProperty("os.version"), map.get("kernel"));
        for (final String key : List.of("jvmName", "jvmVersion", "cpuModel", "os", "hostname"))
        {
            assertFalse(((String)map.get(key)).isBlank(), key);
        }
    }

    @Test
    void shouldRecordTheFlagsTheJvmWasStartedWith()
    {
        // Surefire's argLine carries the --add-opens flags, so the list cannot be empty here.
        final List<String> args = Environment.capture().jvmArgs();

        assertTrue(args.stream().anyMatch(a -> a.startsWith("--add-opens")), args.toString());
    }
}
