package io.vcspbench.core.cpu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThrottlePolicyTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldLowerEWhenTheDirtyRateExceedsCTimesTheSendRate()
    {
        final JinThrottlePolicy jin = new JinThrottlePolicy(0.8);
        // P = 1.0·B > C·B: E ← 0.8·100 = 80; then 0.8·80 = 64.
        assertEquals(80, jin.afterRound(SECOND, SECOND, 1000, 1000, 100));
        assertEquals(64, jin.afterRound(2 * SECOND, SECOND, 1000, 1000, 80));
        // P = 2·B: halves and more.
        assertEquals(32, jin.afterRound(3 * SECOND, SECOND, 1000, 2000, 80));
    }

    @Test
    void shouldNeverSetEBelowTheFloor()
    {
        final JinThrottlePolicy jin = new JinThrottlePolicy(0.8);
        int e = 100;
        for (int round = 0; round < 20; round++)
        {
            e = jin.afterRound(round * SECOND, SECOND, 100, 10_000, e);
            assertTrue(e >= JinThrottlePolicy.FLOOR_PERCENT, "E fell to " + e);
        }
        assertEquals(JinThrottlePolicy.FLOOR_PERCENT, e);
    }

    @Test
    void shouldRaiseEWhenTheGuestDirtiesLessThanCTimesTheSendRateAndCapItAt100()
    {
        final JinThrottlePolicy jin = new JinThrottlePolicy(0.8);
        assertEquals(40, jin.afterRound(SECOND, SECOND, 1000, 1000, 50));
        assertEquals(80, jin.afterRound(SECOND, SECOND, 1000, 500, 50));
        assertEquals(100, jin.afterRound(SECOND, SECOND, 1000, 100, 50));
        assertEquals(100, jin.afterRound(SECOND, SECOND, 1000, 0, 50), "nothing dirtied: run free");
        assertThrows(IllegalArgumentException.class, () -> new JinThrottlePolicy(0));
    }

    @Test
    void shouldStepAutoConvergeBy20Then10UnderAConstantOverload()
    {
        final AutoConvergePolicy qemu = new AutoConvergePolicy();
        final List<Integer> sleeps = new ArrayList<>();
        int e = 100;
        for (int round = 1; round <= 20; round++)
        {
            // Each round lasts 1 s and dirties as much as it sends: always above the 50% threshold.
            e = qemu.afterRound(round * SECOND, SECOND, 1000, 1000, e);
            sleeps.add(100 - e);
        }
        // Triggered the second time the threshold is crossed, then every second time after.
        assertEquals(List.of(0, 20, 20, 30, 30, 40, 40, 50, 50, 60, 60, 70, 70, 80, 80, 90, 90, 99, 99, 99), sleeps);
        assertEquals(10, qemu.triggers(), "the last two are capped at 99");
    }

    @Test
    void shouldNotTriggerAutoConvergeBelowTheThresholdOrWithinASecond()
    {
        final AutoConvergePolicy calm = new AutoConvergePolicy();
        for (int round = 1; round <= 10; round++)
        {
            assertEquals(100, calm.afterRound(round * SECOND, SECOND, 1000, 500, 100), "exactly 50% is not above it");
        }
        final AutoConvergePolicy quick = new AutoConvergePolicy();
        // Ten 100 ms rounds make one period: two overloaded periods take 2 s, not 200 ms.
        int e = 100;
        for (int round = 1; round <= 19; round++)
        {
            e = quick.afterRound(round * SECOND / 10, SECOND / 10, 100, 100, e);
        }
        assertEquals(100, e, "only one period has closed");
        assertEquals(80, quick.afterRound(2 * SECOND, SECOND / 10, 100, 100, e));
    }
}
