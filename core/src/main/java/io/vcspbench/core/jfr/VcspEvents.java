package io.vcspbench.core.jfr;

import jdk.jfr.Event;
import jdk.jfr.Recording;

import java.time.Duration;
import java.util.List;

/**
 * The engine's JDK Flight Recorder events, category {@value #CATEGORY}: a migration's timeline beside
 * the JVM's own events. The engine emits them through one preallocated instance per emitting site
 * (a fault, a request, a page batch, a round, a throttle sleep allocate nothing), and a JVM with no
 * recording running pays only a disabled check; {@link #enableAll} turns them on in a recording.
 * This package depends on no other package of core.
 */
public final class VcspEvents
{
    /** The category every event of the engine is in. */
    public static final String CATEGORY = "vcsp";

    /** Threshold {@link #enableAll} gives {@link ThrottleSleepEvent}, ms: shorter sleeps are not recorded. */
    public static final long THROTTLE_SLEEP_THRESHOLD_MS = 1;

    /** Every event type of the engine, in the order of a migration's timeline. */
    public static final List<Class<? extends Event>> TYPES = List.of(
        PhaseEvent.class,
        PrecopyRoundEvent.class,
        StopAndCopyEvent.class,
        SwitchoverEvent.class,
        FaultEvent.class,
        RequestEvent.class,
        PageBatchEvent.class,
        ThrottleSleepEvent.class);

    private VcspEvents()
    {
    }

    /**
     * Enables every event of the engine in {@code recording}, without stack traces (each has one call
     * site), throttle sleeps from {@value #THROTTLE_SLEEP_THRESHOLD_MS} ms.
     *
     * @param recording a recording not yet started.
     * @return the recording.
     */
    public static Recording enableAll(final Recording recording)
    {
        for (final Class<? extends Event> type : TYPES)
        {
            recording.enable(type).withoutStackTrace().withoutThreshold();
        }
        recording.enable(ThrottleSleepEvent.class).withThreshold(Duration.ofMillis(THROTTLE_SLEEP_THRESHOLD_MS));
        return recording;
    }
}
