package io.vcspbench.core.workload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirtyScheduleTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void shouldReadRatesAndStartTimesInMsAndS()
    {
        final DirtySchedule schedule = DirtySchedule.parse("50@0s,300@5s,100@8500ms");

        assertEquals(3, schedule.steps());
        assertEquals(0, schedule.startNs(0));
        assertEquals(5 * S, schedule.startNs(1));
        assertEquals(8_500 * MS, schedule.startNs(2));
        assertEquals(50, schedule.rateMbit(0));
        assertEquals(300, schedule.rateMbit(1));
        assertEquals(100, schedule.rateMbit(2));
        assertFalse(schedule.isConstant());
        assertEquals(300, schedule.maxRateMbit());
    }

    @Test
    void shouldGiveEachStepItsRateFromItsStartToTheNextStep()
    {
        final DirtySchedule schedule = DirtySchedule.parse("50@0s,300@5s,0@8s");

        assertEquals(50, schedule.rateMbitAt(-1));
        assertEquals(50, schedule.rateMbitAt(0));
        assertEquals(50, schedule.rateMbitAt(5 * S - 1));
        assertEquals(300, schedule.rateMbitAt(5 * S));
        assertEquals(300, schedule.rateMbitAt(8 * S - 1));
        assertEquals(0, schedule.rateMbitAt(8 * S));
        assertEquals(0, schedule.rateMbitAt(Long.MAX_VALUE), "the last rate holds to the end");
        assertEquals(1, schedule.stepAt(5 * S));
    }

    @Test
    void shouldGiveBackTheCanonicalTextThatParsesToAnEqualSchedule()
    {
        final DirtySchedule schedule = DirtySchedule.parse(" 50@0ms, 300 @ 5000ms ,100@8500ms");

        assertEquals("50@0s,300@5s,100@8500ms", schedule.toString());
        assertEquals(schedule, DirtySchedule.parse(schedule.toString()));
        assertEquals(schedule.hashCode(), DirtySchedule.parse(schedule.toString()).hashCode());
    }

    @Test
    void shouldMakeAConstantRateAOneEntrySchedule()
    {
        final DirtySchedule constant = DirtySchedule.constant(300);

        assertTrue(constant.isConstant());
        assertEquals("300@0s", constant.toString());
        assertEquals(constant, DirtySchedule.parse("300@0s"));
        assertEquals(300, constant.rateMbitAt(123 * S));
    }

    @Test
    void shouldExpandTheNamedScenarios()
    {
        assertEquals(DirtySchedule.RISING_TEXT, DirtySchedule.parse("rising").toString());
        assertEquals("25@0s,50@1s,100@2s,200@3s,400@4s", DirtySchedule.RISING_TEXT);

        final DirtySchedule bursts = DirtySchedule.parse("bursts");
        assertEquals(21, bursts.steps());
        assertEquals(10, bursts.rateMbitAt(999 * MS));
        assertEquals(400, bursts.rateMbitAt(1 * S));
        assertEquals(400, bursts.rateMbitAt(1_199 * MS));
        assertEquals(10, bursts.rateMbitAt(1_200 * MS));
        assertEquals(400, bursts.rateMbitAt(10_100 * MS));
        assertEquals(10, bursts.rateMbitAt(60 * S));
        assertEquals(bursts, DirtySchedule.parse(bursts.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                  | --dirty-schedule is empty; give rate@time entries such as 50@0s,300@5s,100@8s, or rising or bursts",
        "'  '                | --dirty-schedule is empty",
        "50                  | --dirty-schedule entry '50' is not rate@time",
        "50@0s,,100@2s       | --dirty-schedule entry '' is not rate@time",
        "50@0s@1s            | --dirty-schedule entry '50@0s@1s' is not rate@time",
        "fast@0s             | --dirty-schedule rate 'fast' in 'fast@0s' is not a whole number of Mbit/s",
        "-5@0s               | --dirty-schedule rate '-5' in '-5@0s' is not a whole number of Mbit/s",
        "400001@0s           | --dirty-schedule rate 400001 in '400001@0s' must be in [0, 400000] Mbit/s",
        "50@0s,300@5         | --dirty-schedule time '5' in '300@5' needs a unit: ms or s, e.g. 5s",
        "50@0s,300@5m        | --dirty-schedule time '5m' in '300@5m' is not a whole number of ms or s",
        "50@0s,300@1.5s      | --dirty-schedule time '1.5s' in '300@1.5s' is not a whole number of ms or s",
        "50@0s,300@ms        | --dirty-schedule time 'ms' in '300@ms' is not a whole number of ms or s",
        "50@0s,300@86401s    | --dirty-schedule time '86401s' in '300@86401s' must be at most 86400s",
        "50@1s,300@5s        | --dirty-schedule must start at 0s (the rate from the start), starts at 1s",
        "50@0s,300@5s,100@5s | --dirty-schedule times must increase: '100@5s' comes after 5s",
        "50@0s,300@5s,100@4s | --dirty-schedule times must increase: '100@4s' comes after 5s"})
    void shouldRefuseABadScheduleInOneLineNamingTheOptionAndWhatIsWrong(final String text, final String message)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> DirtySchedule.parse(text));

        assertTrue(ex.getMessage().startsWith(message), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = { -1, 400_001 })
    void shouldRefuseAConstantRateOutOfRange(final long rate)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> DirtySchedule.constant(rate));

        assertTrue(ex.getMessage().contains("must be in [0, 400000] Mbit/s"), ex.getMessage());
    }
}
