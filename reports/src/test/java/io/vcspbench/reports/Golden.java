package io.vcspbench.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files of the report's rendering, in {@code src/test/resources/golden}. Run the tests with
 * {@code -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
final class Golden
{
    /** Where the golden files live, relative to the module (Surefire's working directory). */
    static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden()
    {
    }

    /**
     * @param name   the golden file's name.
     * @param actual what was rendered.
     * @throws IOException if the golden file cannot be read or, when updating, written.
     */
    static void assertMatches(final String name, final String actual) throws IOException
    {
        final Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update"))
        {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
            name + " differs from its golden file: after an intended change rerun with -Dgolden.update=true and review the diff");
    }
}
