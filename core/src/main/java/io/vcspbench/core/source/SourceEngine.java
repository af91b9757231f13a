package io.vcspbench.core.source;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.jfr.PhaseEvent;
import io.vcspbench.core.jfr.VcspEvents;
import io.vcspbench.core.link.LinkException;

import java.util.List;

/**
 * The source's migration thread: runs an algorithm's phases in order until one says the migration
 * is over, the list ends, or the run fails. A phase's exception becomes the run's failure, naming the
 * phase; whatever happens, the {@code finish} action runs last (it restores E and stops the source
 * vCPU). Each phase that ends is a {@link PhaseEvent} when a recording wants it.
 */
public final class SourceEngine implements Runnable
{
    private final List<SourcePhase> phases;
    private final MigrationControl control;
    private final SourcePhase epilogue;
    private final Runnable finish;
    /**
     * The phases' event, reused by each in turn (they run one after another on this thread); made here,
     * since an event class's first instance costs its loading; null unless JFR is in use at set-up
     * ({@link VcspEvents#inUse()}).
     */
    private final PhaseEvent event;
    private volatile SourcePhase current;

    /**
     * @param phases  the algorithm's phases, in order.
     * @param control shared run state.
     * @param epilogue run once the migration is over, if it succeeded (say, sending page digests to a
     *                 destination in another process); null for none.
     * @param finish  run after the last phase or a failure (never null; use {@code () -> { }}).
     */
    public SourceEngine(final List<SourcePhase> phases, final MigrationControl control, final SourcePhase epilogue,
        final Runnable finish)
    {
        this.phases = List.copyOf(phases);
        this.epilogue = epilogue;
        this.control = control;
        this.finish = finish;
        this.event = VcspEvents.inUse() ? new PhaseEvent() : null;
    }

    @Override
    public void run()
    {
        try
        {
            for (int i = 0; i < phases.size(); i++)
            {
                if (!control.isRunning())
                {
                    return;
                }
                final SourcePhase phase = phases.get(i);
                current = phase;
                if (runPhase(phase, event))
                {
                    break;
                }
            }
            if (epilogue != null && control.isRunning())
            {
                current = epilogue;
                runPhase(epilogue, event);
            }
        }
        catch (final LinkException e)
        {
            if (!control.sourceKilled())
            {
                control.fail("source: " + e.getMessage());
            }
        }
        catch (final RuntimeException e)
        {
            if (!control.sourceKilled())
            {
                control.fail("source (" + current.name() + "): " + e);
            }
        }
        finally
        {
            finish.run();
        }
    }

    private static boolean runPhase(final SourcePhase phase, final PhaseEvent event)
    {
        if (event == null)
        {
            return phase.run();
        }
        event.start();
        final boolean over = phase.run();
        event.emit(phase.name(), over);
        return over;
    }

    /** @return the phase running now (or last run), null before the first; any thread. */
    public SourcePhase current()
    {
        return current;
    }
}
