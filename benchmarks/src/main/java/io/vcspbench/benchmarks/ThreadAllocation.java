package io.vcspbench.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Secondary result of the round-trip benchmarks, {@code threadAllocBytesPerOp}: heap bytes the
 * round trip allocates per operation, on the benchmark thread and on its peer thread
 * ({@link BackgroundLoop}), from the JVM's per-thread allocation counters. The GC profiler's
 * {@code gc.alloc.rate.norm} counts every thread of the fork, JMH's own work included: in sample
 * mode JMH allocates a few hundred KB of histogram per iteration, which on a 100 µs round trip is
 * tens of bytes per operation although the round trip allocates nothing. This counter leaves JMH out:
 * the peer thread is read at the start and end of each iteration (it runs nothing else), the
 * benchmark thread around one operation in {@value #SAMPLE_EVERY} (reading the counter costs a few
 * tens of ns, so around every operation it would show in the latency).
 *
 * <p>An events counter: JMH reports the sum over iterations and each iteration's value as raw data;
 * the report shows the mean. NaN when the JVM cannot measure per-thread allocation.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ThreadAllocation
{
    /** The benchmark thread is measured around one operation in this many. */
    static final int SAMPLE_EVERY = 1024;

    /** Bytes allocated per operation by the benchmark thread and its peer, in the last iteration. */
    public double threadAllocBytesPerOp;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private long[] peerIds = new long[0];
    private long peerStartBytes;
    private long ops;
    private long sampledOps;
    private long sampledBytes;
    private long opStartBytes = -1;

    /** Finds the peer thread and reads its allocation counter. */
    @Setup(Level.Iteration)
    public void begin()
    {
        final List<Long> ids = new ArrayList<>();
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.getName().startsWith(BackgroundLoop.THREAD_NAME_PREFIX))
            {
                ids.add(t.getId());
            }
        }
        peerIds = new long[ids.size()];
        for (int i = 0; i < peerIds.length; i++)
        {
            peerIds[i] = ids.get(i);
        }
        ops = 0;
        sampledOps = 0;
        sampledBytes = 0;
        opStartBytes = -1;
        peerStartBytes = peerBytes();
    }

    /** Called by the benchmark method before its operation. */
    void opStart()
    {
        if ((ops & (SAMPLE_EVERY - 1)) == 0)
        {
            opStartBytes = threads.getCurrentThreadAllocatedBytes();
        }
    }

    /** Called by the benchmark method after its operation. */
    void opEnd()
    {
        if (opStartBytes >= 0)
        {
            final long now = threads.getCurrentThreadAllocatedBytes();
            if (now >= 0)
            {
                sampledBytes += now - opStartBytes;
                sampledOps++;
            }
            opStartBytes = -1;
        }
        ops++;
    }

    /** Turns the counters into bytes per operation. */
    @TearDown(Level.Iteration)
    public void end()
    {
        final long peerEndBytes = peerBytes();
        if (peerStartBytes < 0 || peerEndBytes < 0 || ops == 0 || sampledOps == 0)
        {
            threadAllocBytesPerOp = Double.NaN;
            return;
        }
        threadAllocBytesPerOp = (double)sampledBytes / sampledOps + (double)(peerEndBytes - peerStartBytes) / ops;
    }

    private long peerBytes()
    {
        if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled())
        {
            return -1;
        }
        long sum = 0;
        for (final long bytes : threads.getThreadAllocatedBytes(peerIds))
        {
            if (bytes < 0)
            {
                return -1;
            }
            sum += bytes;
        }
        return sum;
    }
}
