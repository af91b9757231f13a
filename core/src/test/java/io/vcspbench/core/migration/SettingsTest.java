package io.vcspbench.core.migration;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest
{
    private static final Path DOC = Path.of("..", "docs", "settings.md");

    @Test
    void shouldDeclareEverySettingOfTheConfigurationOnceInItsOrder()
    {
        final List<String> keys = new ArrayList<>();
        Settings.ALL.forEach(s -> keys.add(s.key()));

        assertEquals(new ArrayList<>(MigrationConfig.builder().build().toMap().keySet()), keys);
        assertEquals(keys.size(), Settings.ALL.stream().map(Setting::option).distinct().count(), "one option each");
    }

    @Test
    void shouldApplyEachSettingsDefaultAsItsValueAndGiveTheSameConfiguration()
    {
        final MigrationConfig.Builder b = MigrationConfig.builder();
        for (final Setting s : Settings.ALL)
        {
            final Object value = MigrationConfig.builder().build().toMap().get(s.key());
            // toMap() holds the backup resolved to true/false; the option takes on/off.
            if (s.kind() != Setting.Kind.FLAG && s.kind() != Setting.Kind.TEXT && s.kind() != Setting.Kind.ON_OFF && value != null &&
                !(s.kind() == Setting.Kind.SCHEDULE && "".equals(value)))
            {
                s.apply(b, String.valueOf(value));
            }
        }

        assertEquals(MigrationConfig.builder().build().toMap(), b.build().toMap());
    }

    @Test
    void shouldRangeCheckTheConfigurationWithTheTablesBounds()
    {
        for (final Setting s : Settings.ALL)
        {
            if (!s.numeric() || Double.isNaN(s.max()))
            {
                continue;
            }
            final MigrationConfig.Builder b = MigrationConfig.builder().memoryMiB(65_536).workloadMiB(1);
            final String above = s.kind() == Setting.Kind.DOUBLE ? Double.toString(s.max() + 1) :
                Long.toString((long)s.max() + 1);
            s.apply(b, above);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build, s.key());
            assertTrue(e.getMessage().startsWith(s.key() + " must be in "), e.getMessage());
        }
    }

    @Test
    void shouldNameTheOptionAndWhatItAllowsWhenAValueCannotBeRead()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Settings.byKey("pattern").apply(MigrationConfig.builder(), "spiral"));

        assertTrue(e.getMessage().startsWith("--pattern must be one of sequential|random"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.THROTTLE.apply(MigrationConfig.builder(), "1.5"));
        assertThrows(IllegalArgumentException.class, () -> Settings.JIN_C.apply(MigrationConfig.builder(), "NaN"));
    }

    @Test
    void shouldKeepDocsSettingsMdEqualToTheTable() throws IOException
    {
        final String table = Settings.markdown();
        if (Boolean.getBoolean("golden.update"))
        {
            Files.writeString(DOC, table, StandardCharsets.UTF_8);
        }

        assertEquals(table, Files.readString(DOC, StandardCharsets.UTF_8),
            "docs/settings.md is out of date: mvn verify -Dgolden.update=true rewrites it");
    }
}
