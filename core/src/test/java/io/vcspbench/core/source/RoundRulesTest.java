package io.vcspbench.core.source;

import io.vcspbench.core.source.RoundRule.Decision;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoundRulesTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldStopAndCopyClassicPrecopyAtTheThresholdOrTheLastRound()
    {
        final RoundRule rule = RoundRules.classic(5, 64);

        assertEquals(Decision.CONTINUE, rule.afterRound(1, 1000, 100 * MS, 65));
        assertEquals(Decision.STOP_AND_COPY, rule.afterRound(2, 65, 10 * MS, 64));
        assertEquals(Decision.STOP_AND_COPY, rule.afterRound(5, 1000, 100 * MS, 1000));
    }

    @Test
    void shouldSwitchAfterExactlyKRoundsWhateverIsLeft()
    {
        final RoundRule rule = RoundRules.hybrid(2);

        assertEquals(Decision.CONTINUE, rule.afterRound(1, 1000, 100 * MS, 0));
        assertEquals(Decision.SWITCH_TO_POSTCOPY, rule.afterRound(2, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> RoundRules.hybrid(0));
    }

    @Test
    void shouldSwitchWhenTwoOfTheLastThreeLambdasExceedOneAndTheirMeanIsAtLeastOne()
    {
        // Downtime limit far below what is left, so only the lambda rule decides.
        final RoundRule rule = RoundRules.adaptive(30, MS);

        assertEquals(Decision.CONTINUE, rule.afterRound(1, 1000, 100 * MS, 1200)); // 1.2
        assertEquals(Decision.CONTINUE, rule.afterRound(2, 1200, 100 * MS, 1440), "two lambdas only"); // 1.2
        assertEquals(Decision.SWITCH_TO_POSTCOPY, rule.afterRound(3, 1440, 100 * MS, 1300)); // 0.9: mean 1.1
    }

    @Test
    void shouldKeepPrecopyingWhenOnlyOneLambdaExceedsOneOrTheMeanIsBelowOne()
    {
        final RoundRule oneAbove = RoundRules.adaptive(30, MS);
        oneAbove.afterRound(1, 1000, 100 * MS, 900);                    // 0.9
        oneAbove.afterRound(2, 900, 100 * MS, 1800);                    // 2.0
        assertEquals(Decision.CONTINUE, oneAbove.afterRound(3, 1800, 100 * MS, 1620)); // 0.9: one above

        final RoundRule lowMean = RoundRules.adaptive(30, MS);
        lowMean.afterRound(1, 1000, 100 * MS, 1010);                    // 1.01
        lowMean.afterRound(2, 1010, 100 * MS, 1020);                    // 1.01
        assertEquals(Decision.CONTINUE, lowMean.afterRound(3, 1020, 100 * MS, 500)); // 0.49: mean 0.84
    }

    @Test
    void shouldStopAndCopyWhenWhatIsLeftFitsTheDowntimeLimitAtTheLastRoundsRate()
    {
        // 1000 pages in 100 ms: 10 pages per ms, so 300 ms holds 3000 pages.
        final RoundRule rule = RoundRules.adaptive(30, 300 * MS);

        assertEquals(Decision.STOP_AND_COPY, rule.afterRound(1, 1000, 100 * MS, 3000));
        assertEquals(Decision.CONTINUE, RoundRules.adaptive(30, 300 * MS).afterRound(1, 1000, 100 * MS, 3001));
    }

    @Test
    void shouldStopAndCopyAfterTheLastAllowedRound()
    {
        final RoundRule rule = RoundRules.adaptive(2, MS);

        assertEquals(Decision.CONTINUE, rule.afterRound(1, 1000, 100 * MS, 1000));
        assertEquals(Decision.STOP_AND_COPY, rule.afterRound(2, 1000, 100 * MS, 1000));
    }
}
