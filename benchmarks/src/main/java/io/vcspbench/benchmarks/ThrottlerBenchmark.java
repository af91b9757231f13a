package io.vcspbench.benchmarks;

import io.vcspbench.core.cpu.DutyCycleThrottler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the vCPU pays for the throttle on every unit of work: {@link DutyCycleThrottler#checkpoint()}
 * at E = 100, where it never sleeps, so the figure is pure accounting overhead (a clock read, the
 * run-time counters, the period check). {@link #nanoTime()} is the clock read alone, the floor the
 * checkpoint cannot go below.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class ThrottlerBenchmark
{
    private DutyCycleThrottler throttler;

    /** An unthrottled throttler with the default 10 ms period, its first period started. */
    @Setup(Level.Trial)
    public void setUp()
    {
        throttler = new DutyCycleThrottler(100);
        throttler.start();
    }

    /**
     * One checkpoint.
     *
     * @return total run time accounted so far, ns.
     */
    @Benchmark
    public long checkpoint()
    {
        throttler.checkpoint();
        return throttler.runNs();
    }

    /**
     * The clock read a checkpoint makes.
     *
     * @return System.nanoTime().
     */
    @Benchmark
    public long nanoTime()
    {
        return System.nanoTime();
    }
}
