package io.vcspbench.harness;

import io.vcspbench.core.memory.FaultBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --fault-backend} on any JVM: a bad name is refused naming the choices, and on a JVM older
 * than 22 uffd is refused in one line saying so (exit 2), before a result folder is made. The uffd
 * runs themselves are src/test/java22's UffdCliTest, built and run on a JDK 22+ only.
 */
class FaultBackendCliTest
{
    @TempDir
    Path root;

    @Test
    void shouldRefuseUffdInOneLineWithExitTwoOnAJvmOlderThan22()
    {
        Assumptions.assumeTrue(Runtime.version().feature() < FaultBackend.UFFD_JAVA,
            "this is Java " + Runtime.version().feature() + ": UffdCliTest runs uffd here");
        final Path out = root.resolve("r");

        final Synthetic.Outcome outcome = Synthetic.cli(Engine.PRODUCTION, root, "run", "--fault-backend", "uffd",
            "--algorithm", "vcsp-prefetch", "--out", out.toString());

        assertEquals(2, outcome.exitCode(), outcome.err() + outcome.out());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().contains("needs Java 22"), outcome.err());
        assertFalse(Files.exists(out.resolve(ResultWriter.RESULT_FILE)), "no result for a run that never started");
    }

    @Test
    void shouldRefuseAnUnknownFaultBackendNamingTheChoices()
    {
        final Synthetic.Outcome outcome = Synthetic.cli(Engine.PRODUCTION, root, "run", "--fault-backend", "bogus",
            "--out", root.resolve("r").toString());

        assertEquals(2, outcome.exitCode(), outcome.err() + outcome.out());
        assertEquals(1, outcome.errLines().size(), outcome.err());
        assertTrue(outcome.err().contains("--fault-backend") && outcome.err().contains("mmu|uffd") &&
            outcome.err().contains("bogus"), outcome.err());
    }
}
