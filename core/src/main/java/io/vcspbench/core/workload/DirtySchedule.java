package io.vcspbench.core.workload;

import java.util.Arrays;
import java.util.List;

/**
 * The writer's dirty rate as a step function of time since the workload started, for scenarios
 * where the rate changes during the run (Li and Cao 2023: a write share that rises over time, or a
 * read-heavy guest with bursts of writes). Entry {@code i} says: from {@link #startNs(int)} on, the
 * writer dirties {@link #rateMbit(int)} Mbit/s of run time, until the next entry; the last rate
 * holds to the end. A constant rate is a one-entry schedule ({@link #constant(long)}).
 *
 * <p>Text form, as {@code --dirty-schedule} takes it: {@code rate@time,...} such as
 * {@code 50@0s,300@5s,100@8s}; rates are whole Mbit/s in [0, {@value #MAX_RATE_MBIT}], times are
 * whole {@code ms} or {@code s}, the first is 0 and each is later than the one before, at most
 * {@value #MAX_TIME_S} s. The names {@value #RISING} and {@value #BURSTS} stand for
 * {@link #RISING_TEXT} and {@link #BURSTS_TEXT}. {@link #toString()} gives the canonical text,
 * which {@link #parse(String)} reads back to an equal schedule.
 *
 * <p>Immutable and thread-safe; {@link #rateMbitAt(long)} and the accessors allocate nothing.
 */
public final class DirtySchedule
{
    /** The command-line option the text form comes from, named in every parse error. */
    public static final String OPTION = "--dirty-schedule";

    /** Highest rate an entry may have, Mbit/s: the range of {@code --dirty-rate-mbit}. */
    public static final long MAX_RATE_MBIT = 400_000;

    /** Latest time an entry may start at, s: a day, the longest {@code --run-timeout-ms} allows. */
    public static final long MAX_TIME_S = 86_400;

    /** Name of the rising scenario: the write rate doubles every second from 25 to 400 Mbit/s. */
    public static final String RISING = "rising";

    /** What {@value #RISING} stands for. */
    public static final String RISING_TEXT = "25@0s,50@1s,100@2s,200@3s,400@4s";

    /** Name of the bursts scenario: a read-heavy guest (10 Mbit/s of writes) with write bursts. */
    public static final String BURSTS = "bursts";

    /** What {@value #BURSTS} stands for: 10 Mbit/s, and 400 Mbit/s for 200 ms at each second from 1 s to 10 s. */
    public static final String BURSTS_TEXT = burstsText();

    /** An example schedule for messages and help. */
    public static final String EXAMPLE = "50@0s,300@5s,100@8s";

    private static final long NS_PER_MS = 1_000_000L;
    private static final long NS_PER_S = 1_000_000_000L;

    private final long[] startNs;
    private final long[] rateMbit;

    private DirtySchedule(final long[] startNs, final long[] rateMbit)
    {
        this.startNs = startNs;
        this.rateMbit = rateMbit;
    }

    /**
     * @param rateMbit the rate from the start to the end, Mbit/s, in [0, {@value #MAX_RATE_MBIT}].
     * @return a one-entry schedule.
     * @throws IllegalArgumentException when the rate is out of range.
     */
    public static DirtySchedule constant(final long rateMbit)
    {
        checkRate(rateMbit, Long.toString(rateMbit));
        return new DirtySchedule(new long[]{ 0 }, new long[]{ rateMbit });
    }

    /** @return the names {@link #parse(String)} accepts in place of a schedule. */
    public static List<String> names()
    {
        return List.of(RISING, BURSTS);
    }

    /**
     * Reads a schedule from its text form or one of its {@link #names()}.
     *
     * @param text e.g. {@code 50@0s,300@5s,100@8s}, {@code 200@0s,0@1500ms} or {@code rising}.
     * @return the schedule.
     * @throws IllegalArgumentException with one line naming {@value #OPTION} and what is wrong.
     */
    public static DirtySchedule parse(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw invalid("is empty; give rate@time entries such as " + EXAMPLE + ", or " + String.join(" or ", names()));
        }
        final String trimmed = text.strip();
        if (RISING.equals(trimmed))
        {
            return parse(RISING_TEXT);
        }
        if (BURSTS.equals(trimmed))
        {
            return parse(BURSTS_TEXT);
        }

        final String[] entries = trimmed.split(",", -1);
        final long[] startNs = new long[entries.length];
        final long[] rateMbit = new long[entries.length];
        for (int i = 0; i < entries.length; i++)
        {
            final String entry = entries[i].strip();
            final int at = entry.indexOf('@');
            if (entry.isEmpty() || at < 0 || at != entry.lastIndexOf('@'))
            {
                throw invalid("entry '" + entry + "' is not rate@time (Mbit/s from that time on), e.g. 300@5s");
            }
            rateMbit[i] = parseRate(entry.substring(0, at).strip(), entry);
            startNs[i] = parseTime(entry.substring(at + 1).strip(), entry);
            if (i == 0 && startNs[0] != 0)
            {
                throw invalid("must start at 0s (the rate from the start), starts at " + formatTime(startNs[0]));
            }
            if (i > 0 && startNs[i] <= startNs[i - 1])
            {
                throw invalid("times must increase: '" + entry + "' comes after " + formatTime(startNs[i - 1]));
            }
        }
        return new DirtySchedule(startNs, rateMbit);
    }

    /** @return how many entries (steps) the schedule has, at least 1. */
    public int steps()
    {
        return startNs.length;
    }

    /**
     * @param step an entry, 0 to {@link #steps()} − 1.
     * @return when it starts, ns since the workload started; 0 for the first.
     */
    public long startNs(final int step)
    {
        return startNs[step];
    }

    /**
     * @param step an entry, 0 to {@link #steps()} − 1.
     * @return its rate, Mbit/s (10^6 bits) of run time.
     */
    public long rateMbit(final int step)
    {
        return rateMbit[step];
    }

    /**
     * @param nsSinceStart time since the workload started, ns; before 0 counts as 0.
     * @return the entry in force then: the last one starting at or before it.
     */
    public int stepAt(final long nsSinceStart)
    {
        final int found = Arrays.binarySearch(startNs, nsSinceStart);
        return found >= 0 ? found : Math.max(0, -found - 2);
    }

    /**
     * @param nsSinceStart time since the workload started, ns.
     * @return the rate in force then, Mbit/s.
     */
    public long rateMbitAt(final long nsSinceStart)
    {
        return rateMbit[stepAt(nsSinceStart)];
    }

    /** @return whether the rate never changes: one entry. */
    public boolean isConstant()
    {
        return startNs.length == 1;
    }

    /** @return the highest rate of any entry, Mbit/s. */
    public long maxRateMbit()
    {
        long max = 0;
        for (final long rate : rateMbit)
        {
            max = Math.max(max, rate);
        }
        return max;
    }

    /** {@inheritDoc} Equal when every entry has the same start and rate. */
    @Override
    public boolean equals(final Object o)
    {
        return o instanceof DirtySchedule other && Arrays.equals(startNs, other.startNs) &&
            Arrays.equals(rateMbit, other.rateMbit);
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode()
    {
        return 31 * Arrays.hashCode(startNs) + Arrays.hashCode(rateMbit);
    }

    /** @return the canonical text, {@code rate@time,...} with each time in whole seconds where it is one. */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(startNs.length * 12);
        for (int i = 0; i < startNs.length; i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            sb.append(rateMbit[i]).append('@').append(formatTime(startNs[i]));
        }
        return sb.toString();
    }

    private static long parseRate(final String text, final String entry)
    {
        if (!isDigits(text, 18))
        {
            throw invalid("rate '" + text + "' in '" + entry + "' is not a whole number of Mbit/s");
        }
        final long rate = Long.parseLong(text);
        checkRate(rate, entry);
        return rate;
    }

    private static void checkRate(final long rate, final String entry)
    {
        if (rate < 0 || rate > MAX_RATE_MBIT)
        {
            throw invalid("rate " + rate + " in '" + entry + "' must be in [0, " + MAX_RATE_MBIT + "] Mbit/s");
        }
    }

    private static long parseTime(final String text, final String entry)
    {
        final long unitNs;
        final String number;
        if (text.endsWith("ms"))
        {
            unitNs = NS_PER_MS;
            number = text.substring(0, text.length() - 2).strip();
        }
        else if (text.endsWith("s"))
        {
            unitNs = NS_PER_S;
            number = text.substring(0, text.length() - 1).strip();
        }
        else if (isDigits(text, 19))
        {
            throw invalid("time '" + text + "' in '" + entry + "' needs a unit: ms or s, e.g. " + text + "s");
        }
        else
        {
            throw invalid("time '" + text + "' in '" + entry + "' is not a whole number of ms or s, e.g. 5s or 1500ms");
        }
        if (!isDigits(number, 12))
        {
            throw invalid("time '" + text + "' in '" + entry + "' is not a whole number of ms or s, e.g. 5s or 1500ms");
        }
        final long ns = Long.parseLong(number) * unitNs;
        if (ns > MAX_TIME_S * NS_PER_S)
        {
            throw invalid("time '" + text + "' in '" + entry + "' must be at most " + MAX_TIME_S + "s");
        }
        return ns;
    }

    private static boolean isDigits(final String text, final int maxDigits)
    {
        if (text.isEmpty() || text.length() > maxDigits)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return false;
            }
        }
        return true;
    }

    private static String formatTime(final long ns)
    {
        return ns % NS_PER_S == 0 ? ns / NS_PER_S + "s" : ns / NS_PER_MS + "ms";
    }

    private static IllegalArgumentException invalid(final String what)
    {
        return new IllegalArgumentException(OPTION + " " + what);
    }

    private static String burstsText()
    {
        final StringBuilder sb = new StringBuilder("10@0s");
        for (int s = 1; s <= 10; s++)
        {
            sb.append(",400@").append(s).append("s,10@").append(s * 1000 + 200).append("ms");
        }
        return sb.toString();
    }
}
