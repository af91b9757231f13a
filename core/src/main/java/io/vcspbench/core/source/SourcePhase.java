package io.vcspbench.core.source;

/**
 * One step of a migration at the source, run in order on the source's migration thread by a
 * {@link SourceEngine}: pre-copy rounds, stop-and-copy, switchover, post-copy serve-and-push.
 */
public interface SourcePhase
{
    /** @return the phase's name, for logs and failures ("pre-copy rounds", "post-copy"...). */
    String name();

    /**
     * Runs the phase to its end.
     *
     * @return true when the migration is over after it (the phases after it do not run).
     * @throws RuntimeException on failure; the engine reports it as the run's failure.
     */
    boolean run();

    /**
     * A phase from a name and a body.
     *
     * @param name the phase's name.
     * @param body what it does; returns whether the migration is over.
     * @return the phase.
     */
    static SourcePhase of(final String name, final java.util.function.BooleanSupplier body)
    {
        return new SourcePhase()
        {
            @Override
            public String name()
            {
                return name;
            }

            @Override
            public boolean run()
            {
                return body.getAsBoolean();
            }

            @Override
            public String toString()
            {
                return name;
            }
        };
    }
}
