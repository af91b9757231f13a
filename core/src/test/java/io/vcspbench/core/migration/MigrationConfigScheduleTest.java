package io.vcspbench.core.migration;

import io.vcspbench.core.workload.DirtySchedule;
import io.vcspbench.core.workload.Pattern;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationConfigScheduleTest
{
    private static final DirtySchedule SCHEDULE = DirtySchedule.parse("50@0s,300@5s,100@8s");

    private static MigrationConfig.Builder writer()
    {
        return MigrationConfig.builder().algorithm(Algorithm.PRECOPY).pattern(Pattern.WRITER);
    }

    @Test
    void shouldStoreTheScheduleTextBesideTheRateWithoutChangingTheOtherKeys()
    {
        final Map<String, Object> plain = writer().dirtyRateMbit(300).build().toMap();
        final Map<String, Object> scheduled = writer().dirtySchedule(SCHEDULE).build().toMap();

        assertEquals("", plain.get("dirtySchedule"), "no schedule: empty");
        assertEquals("50@0s,300@5s,100@8s", scheduled.get("dirtySchedule"));
        assertEquals(0L, scheduled.get("dirtyRateMbit"));
        assertEquals(List.copyOf(plain.keySet()), List.copyOf(scheduled.keySet()));
        final List<String> keys = List.copyOf(plain.keySet());
        assertEquals(keys.indexOf("dirtyRateMbit") + 1, keys.indexOf("dirtySchedule"), "right after dirtyRateMbit");
    }

    @Test
    void shouldGiveTheWriterAConstantScheduleWhenOnlyTheRateIsSet()
    {
        final MigrationConfig config = writer().dirtyRateMbit(300).build();

        assertNull(config.dirtySchedule());
        assertEquals(DirtySchedule.constant(300), config.writerSchedule());
    }

    @Test
    void shouldGiveTheWriterTheScheduleAndKeepItThroughToBuilder()
    {
        final MigrationConfig config = writer().dirtySchedule(SCHEDULE).build();

        assertEquals(SCHEDULE, config.writerSchedule());
        assertEquals(SCHEDULE, config.toBuilder().build().dirtySchedule());
    }

    @Test
    void shouldRefuseBothARateAndAScheduleNamingBoth()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> writer().dirtyRateMbit(10).dirtySchedule(SCHEDULE).build());

        assertTrue(ex.getMessage().startsWith("dirtySchedule and dirtyRateMbit both set the writer's rate"),
            ex.getMessage());
    }

    @Test
    void shouldAskForTheWriterPatternWhenAScheduleIsGiven()
    {
        final String reason = MigrationRunner.unsupported(
            MigrationConfig.builder().algorithm(Algorithm.PRECOPY).pattern(Pattern.RANDOM).dirtySchedule(SCHEDULE).build());

        assertNotNull(reason);
        assertTrue(reason.startsWith("--dirty-schedule sets the writer's rate over time; add --pattern writer"), reason);
        assertNull(MigrationRunner.unsupported(writer().dirtySchedule(SCHEDULE).build()));
    }
}
