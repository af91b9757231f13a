package io.vcspbench.core.jfr;

import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

import java.time.Duration;
import java.util.List;

/**
 * The engine's JDK Flight Recorder events, category {@value #CATEGORY}: a migration's timeline beside
 * the JVM's own events. The engine emits them through one preallocated instance per emitting site
 * (a fault, a request, a page batch, a round, a throttle sleep allocate nothing); {@link #enableAll}
 * turns them on in a recording.
 *
 * <p>The instances exist only when {@link #inUse()} as the engine is set up: JDK 17 initialises an
 * event class by loading JFR's metadata and generating its handler, 0.3 to 0.8 s for the first class
 * on the loaded 2-core development VM, which a JVM that never records should not pay. So a recording
 * must be running (or have run) when a migration is built to see its events: {@code --jfr} starts it
 * first; a recording started by JMC or {@code jcmd JFR.start} covers the runs set up after it. With
 * the instances there and no recording, an event costs a flag check. This package depends on no other
 * package of core.
 */
public final class VcspEvents
{
    /** The category every event of the engine is in. */
    public static final String CATEGORY = "vcsp";

    /** Threshold {@link #enableAll} gives {@link ThrottleSleepEvent}, ms: shorter sleeps are not recorded. */
    public static final long THROTTLE_SLEEP_THRESHOLD_MS = 1;

    private VcspEvents()
    {
    }

    /**
     * Whether the engine should make its event instances: JFR is in use in this JVM (a recording has
     * been started). Cheap, and loads no event class.
     *
     * @return {@link FlightRecorder#isInitialized()}.
     */
    public static boolean inUse()
    {
        return FlightRecorder.isInitialized();
    }

    /** @return every event type of the engine, in the order of a migration's timeline. */
    public static List<Class<? extends Event>> types()
    {
        return List.of(
            PhaseEvent.class,
            PrecopyRoundEvent.class,
            StopAndCopyEvent.class,
            SwitchoverEvent.class,
            FaultEvent.class,
            RequestEvent.class,
            PageBatchEvent.class,
            ThrottleSleepEvent.class);
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
        for (final Class<? extends Event> type : types())
        {
            recording.enable(type).withoutStackTrace().withoutThreshold();
        }
        recording.enable(ThrottleSleepEvent.class).withThreshold(Duration.ofMillis(THROTTLE_SLEEP_THRESHOLD_MS));
        return recording;
    }
}
