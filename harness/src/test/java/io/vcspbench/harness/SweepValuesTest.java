package io.vcspbench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepValuesTest
{
    private static List<Long> whole(final String text)
    {
        return SweepValues.numbers("--x", text, true).stream().map(BigDecimal::longValueExact).toList();
    }

    private static String refusal(final String text)
    {
        return assertThrows(IllegalArgumentException.class, () -> SweepValues.numbers("--throttle", text, true))
            .getMessage();
    }

    @Test
    void shouldExpandAnArithmeticRangeFromTheStepOfTheFirstTwoValues()
    {
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L), whole("10,20,...,100"));
    }

    @Test
    void shouldExpandAGeometricRangeWhenTheFirstThreeShareARatio()
    {
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L), whole("1,2,4,...,64"));
    }

    @Test
    void shouldTreatTwoValuesBeforeTheEllipsisAsArithmetic()
    {
        assertEquals(IntStream.rangeClosed(1, 64).mapToObj(i -> (long)i).collect(Collectors.toList()), whole("1,2,...,64"));
    }

    @Test
    void shouldExpandFallingRangesAndMixRangesWithPlainValues()
    {
        assertEquals(List.of(64L, 32L, 16L, 8L), whole("64,32,16,...,8"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 10L, 20L, 30L, 40L, 50L), whole("1,2,...,5,10,20,...,50"));
        assertEquals(List.of(100L, 75L, 50L, 25L), whole("100, 75, ..., 25"));
    }

    @Test
    void shouldKeepAPlainListAsGiven()
    {
        assertEquals(List.of(25L, 50L, 75L, 100L), whole("25,50,75,100"));
        assertEquals(List.of(7L), whole("7"));
    }

    @Test
    void shouldExpandDecimalRangesExactly()
    {
        assertEquals(List.of(new BigDecimal("0.2"), new BigDecimal("0.4"), new BigDecimal("0.6"), new BigDecimal("0.8")),
            SweepValues.numbers("--jin-c", "0.2,0.4,...,0.8", false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10,abc           | --throttle must be whole numbers, was 'abc' in '10,abc'",
        "10,,20           | --throttle has an empty value in '10,,20'",
        "10,20,...        | --throttle needs a last value after '...'",
        "10,...,100       | --throttle 10,...,100: '...' needs two values before it",
        "10,20,...,95     | --throttle 10,20,...,95: steps of 10 go from 90 to 100 and miss 95",
        "1,2,5,...,100    | --throttle 1,2,5,...,100: the values before '...' have neither a common difference nor a common ratio",
        "10,20,...,5      | --throttle 10,20,...,5: the range rises from 20 so it cannot end at 5",
        "10,10,...,50     | --throttle 10,10,...,50: the values before '...' must differ",
        "12,6,3,...,1     | --throttle 12,6,3,...,1: the ratio gives 1.5, not a whole number",
        "1.5              | --throttle must be whole numbers, was '1.5' in '1.5'",
        "1,2,...,100000   | --throttle expands to more than 1000 values"})
    void shouldRefuseABadListNamingTheOption(final String text, final String message)
    {
        final String refusal = refusal(text);
        assertTrue(refusal.startsWith(message), refusal);
    }

    @Test
    void shouldRefuseARangeOfNames()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> SweepValues.words("--algorithm", "vcsp,...,postcopy"));

        assertTrue(ex.getMessage().startsWith("--algorithm takes a list of names"), ex.getMessage());
    }
}
