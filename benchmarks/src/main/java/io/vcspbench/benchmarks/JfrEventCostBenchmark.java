package io.vcspbench.benchmarks;

import io.vcspbench.core.jfr.FaultEvent;
import io.vcspbench.core.jfr.VcspEvents;
import jdk.jfr.Recording;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the fault path's {@link FaultEvent} costs, as {@code QuasiMmu.fault} emits it: {@link #baseline}
 * is the fault's own bookkeeping (two clock reads, a count) without the event; {@link #reused} adds
 * the engine's code, one event instance per emitting thread, made only when JFR is in use at set-up
 * ({@link VcspEvents#inUse()}, else null and each call site is a null check), {@code start()} at the
 * fault (begins the event's clock only if a recording wants it) and {@code emit(...)} when the page is
 * present. The two others are JFR's documented idioms, for comparison: {@link #reusedBeginEnd},
 * {@code begin()}, {@code end()}, {@code shouldCommit()} on one reused instance (begin and end read
 * JFR's clock even when the event is disabled), and {@link #newPerFault}, the same on a new event per
 * fault, free of allocation only if the JIT scalar-replaces it. Read with {@code -prof gc}.
 *
 * <p>{@link #recording}: {@code none}, JFR never started in the fork (the usual run: the engine holds
 * no event); {@code stopped}, a recording of the vcsp events ran and stopped before the measurement,
 * so JFR is initialised, the engine holds its events and they are disabled; {@code on}, the vcsp
 * events recorded (in memory, so the benchmark writes nothing to disk), for the cost of a real commit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Thread)
public class JfrEventCostBenchmark
{
    /** Whether a recording runs: none, stopped (JFR initialised, events disabled), on. */
    @Param({ "none", "stopped", "on" })
    public String recording;

    private FaultEvent event;
    private FaultEvent plainEvent;
    private Recording running;
    private long page;
    private long faults;

    /** Starts (and for {@code stopped} stops again) a recording of the vcsp events. */
    @Setup(Level.Trial)
    public void setUp()
    {
        switch (recording)
        {
            case "none":
                break;
            case "stopped":
            case "on":
                running = VcspEvents.enableAll(new Recording());
                running.setToDisk(false);
                running.start();
                if ("stopped".equals(recording))
                {
                    running.stop();
                    running.close();
                    running = null;
                }
                break;
            default:
                throw new IllegalArgumentException("recording must be none, stopped or on, was " + recording);
        }
        event = VcspEvents.inUse() ? new FaultEvent() : null; // as the engine makes it
        plainEvent = new FaultEvent();
    }

    /** Ends the recording of {@code on}, discarding it. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (running != null)
        {
            running.close();
        }
    }

    /**
     * A fault's bookkeeping without the event.
     *
     * @return the "stall", ns.
     */
    @Benchmark
    public long baseline()
    {
        final long raisedNs = System.nanoTime();
        final long p = page++ & 0xFFFF;
        faults += p;
        return System.nanoTime() - raisedNs;
    }

    /**
     * The same with the engine's code: {@code start()} and {@code emit(...)} on its instance, if any.
     *
     * @return the "stall", ns.
     */
    @Benchmark
    public long reused()
    {
        final long raisedNs = System.nanoTime();
        final FaultEvent event = this.event;
        if (event != null)
        {
            event.start();
        }
        final long p = page++ & 0xFFFF;
        faults += p;
        final long stalled = System.nanoTime() - raisedNs;
        if (event != null)
        {
            event.emit(p, 10, true, stalled);
        }
        return stalled;
    }

    /**
     * The same with JFR's {@code begin()}, {@code end()}, {@code shouldCommit()} on the reused event.
     *
     * @return the "stall", ns.
     */
    @Benchmark
    public long reusedBeginEnd()
    {
        final long raisedNs = System.nanoTime();
        final FaultEvent event = plainEvent;
        event.begin();
        final long p = page++ & 0xFFFF;
        faults += p;
        final long stalled = System.nanoTime() - raisedNs;
        event.end();
        if (event.shouldCommit())
        {
            event.commit();
        }
        return stalled;
    }

    /**
     * The same with a new event per fault, JFR's documented idiom.
     *
     * @return the "stall", ns.
     */
    @Benchmark
    public long newPerFault()
    {
        final long raisedNs = System.nanoTime();
        final FaultEvent event = new FaultEvent();
        event.begin();
        final long p = page++ & 0xFFFF;
        faults += p;
        final long stalled = System.nanoTime() - raisedNs;
        event.end();
        if (event.shouldCommit())
        {
            event.commit();
        }
        return stalled;
    }
}
