package io.vcspbench.benchmarks;

import io.vcspbench.core.cpu.DutyCycleThrottler;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Does the throttle deliver E? A vCPU-like loop: one fixed unit of work (a dependent pass over one
 * 4 KiB page, about a microsecond) then {@link DutyCycleThrottler#checkpoint()}, on the real clock
 * with the default 10 ms period and the parking sleeper, as a throttled vCPU runs. The score is the
 * time per unit of work, sleeps included (about 100 / E times the unthrottled figure); the share the
 * throttler actually delivered in each iteration and its distance from E come out through
 * {@link Share}. An iteration should last at least a second, a hundred periods. One thread: the
 * throttler, like a vCPU's, is driven by one thread only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
public class ThrottlerAccuracyBenchmark
{
    /** Longs in one unit of work: a 4 KiB page. */
    static final int PAGE_LONGS = 512;

    /**
     * The vCPU: its throttler and the page it works on. Benchmark scope, although one thread runs
     * the benchmark: JMH gives each injection point of a thread-scoped state its own instance, and
     * {@link Share} must read the throttler the benchmark drives.
     */
    @State(Scope.Benchmark)
    public static class Vcpu
    {
        /** E, the share of CPU time the vCPU may run, percent. */
        @Param({ "25", "50", "75", "100" })
        public int throttlePercent;

        final long[] page = new long[PAGE_LONGS];
        DutyCycleThrottler throttler;
        long hash = 1;

        /** Fills the page and builds the throttler at E. */
        @Setup(Level.Trial)
        public void setUp()
        {
            for (int i = 0; i < page.length; i++)
            {
                page[i] = i * 0x9E3779B97F4A7C15L;
            }
            throttler = new DutyCycleThrottler(throttlePercent);
        }

        /**
         * Starts a fresh period: the time JMH spends between iterations is then neither run nor sleep.
         */
        @Setup(Level.Iteration)
        public void startPeriod()
        {
            throttler.start();
        }

        /**
         * One unit of work: a chain of dependent multiplies over the page, so it can be neither
         * vectorized nor skipped, ending with a write back into the page.
         *
         * @return the chain's value.
         */
        long work()
        {
            final long[] page = this.page;
            long h = hash;
            for (int i = 0; i < page.length; i++)
            {
                h = (h ^ page[i]) * 0x9E3779B97F4A7C15L;
            }
            page[(int)(h >>> 55) & (PAGE_LONGS - 1)] = h;
            hash = h;
            return h;
        }
    }

    /**
     * What the throttler delivered in one iteration, as JMH secondary results: events counters, so
     * JMH reports their sum over iterations and each iteration's value as raw data; the report shows
     * the per-iteration mean. Benchmark thread only.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Share
    {
        /** Achieved share {@code 100 · run / (run + slept)} over the iteration, percent. */
        public double achievedSharePercent;
        /** Achieved share minus E, percentage points (negative: the vCPU ran less than allowed). */
        public double shareErrorPoints;

        private long runStartNs;
        private long sleptStartNs;

        /**
         * Reads the throttler's counters at the start of the iteration.
         *
         * @param vcpu the vCPU whose throttler is read.
         */
        @Setup(Level.Iteration)
        public void begin(final Vcpu vcpu)
        {
            runStartNs = vcpu.throttler.runNs();
            sleptStartNs = vcpu.throttler.sleptNs();
        }

        /**
         * Turns the counters' growth over the iteration into the share and its error.
         *
         * @param vcpu the vCPU whose throttler is read.
         */
        @TearDown(Level.Iteration)
        public void end(final Vcpu vcpu)
        {
            final long run = vcpu.throttler.runNs() - runStartNs;
            final long slept = vcpu.throttler.sleptNs() - sleptStartNs;
            achievedSharePercent = run + slept == 0 ? 100.0 : 100.0 * run / (run + slept);
            shareErrorPoints = achievedSharePercent - vcpu.throttlePercent;
        }
    }

    /**
     * One unit of work and the checkpoint after it, which sleeps once the period's budget is used.
     *
     * @param vcpu  the vCPU.
     * @param share the iteration's share counters (read by JMH after the iteration).
     * @return the work's value.
     */
    @Benchmark
    public long unitOfWork(final Vcpu vcpu, final Share share)
    {
        final long h = vcpu.work();
        vcpu.throttler.checkpoint();
        return h;
    }
}
