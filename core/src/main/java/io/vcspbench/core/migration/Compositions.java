package io.vcspbench.core.migration;

import io.vcspbench.core.jfr.SwitchoverEvent;
import io.vcspbench.core.jfr.VcspEvents;
import io.vcspbench.core.link.Frame;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.source.PrecopySender;
import io.vcspbench.core.source.RoundRule;
import io.vcspbench.core.source.RoundRule.Decision;
import io.vcspbench.core.source.RoundRules;
import io.vcspbench.core.source.SourceAgent;
import io.vcspbench.core.source.SourcePhase;

import java.util.List;

/**
 * Every algorithm as a short, named list of source phases: the one place that says what each
 * algorithm does. The destination is the same for all (a receiver and a vCPU behind a quasi-MMU):
 * it resumes the guest when the CPU state arrives and faults in whatever is still missing.
 *
 * <pre>
 *   postcopy, postcopy-prefetch, vcsp, vcsp-prefetch   switchover, post-copy
 *   precopy, precopy-throttled, auto-converge          rounds (classic), stop-and-copy
 *   hybrid-k                                           rounds (k), switchover, post-copy
 *   adaptive-hybrid                                    rounds (λ), stop-and-copy if converged, switchover, post-copy
 *   parallel-hybrid                                    as adaptive-hybrid, round 1 beside a snapshot to storage
 * </pre>
 *
 * With {@code --backup} the switchover saves the pages still owed (PbData) to shared storage before
 * the CPU state goes. The switchover is a {@link SwitchoverEvent}; the rounds, stop-and-copy and
 * every phase record their own events (package {@code jfr}).
 *
 * The post-copy family differs only in E and N (destination settings), the pre-copy family only in
 * the throttle policy its rounds apply ({@link SourceSide#policyFor}). docs/phases.md says what each
 * phase does on the wire.
 */
final class Compositions
{
    private Compositions()
    {
    }

    /**
     * @param config the run's configuration.
     * @param source the source whose parts the phases drive.
     * @return the algorithm's phases, in order.
     */
    static List<SourcePhase> phases(final MigrationConfig config, final SourceSide source)
    {
        switch (config.algorithm())
        {
            case POSTCOPY:
            case POSTCOPY_PREFETCH:
            case VCSP:
            case VCSP_PREFETCH:
                return List.of(switchover(source), postcopy(source.agent()));
            case PRECOPY:
            case PRECOPY_THROTTLED:
            case AUTO_CONVERGE:
            {
                final Outcome outcome = new Outcome();
                return List.of(
                    rounds(source.sender(), source.sender().classicRule(), outcome),
                    stopAndCopy(source.sender(), outcome));
            }
            case HYBRID_K:
            {
                final Outcome outcome = new Outcome();
                return List.of(
                    rounds(source.sender(), RoundRules.hybrid(config.hybridRounds()), outcome),
                    switchToPostcopy(source, outcome),
                    postcopy(source.agent()));
            }
            case PARALLEL_HYBRID:
            {
                final Outcome outcome = new Outcome();
                return List.of(
                    rounds(source.sender(), RoundRules.adaptive(config.maxRounds(), config.maxDowntimeMs() * 1_000_000L),
                        source::snapshotDone, outcome),
                    stopAndCopy(source.sender(), outcome),
                    switchToPostcopy(source, outcome),
                    postcopy(source.agent()));
            }
            case ADAPTIVE_HYBRID:
            {
                final Outcome outcome = new Outcome();
                return List.of(
                    rounds(source.sender(), RoundRules.adaptive(config.maxRounds(), config.maxDowntimeMs() * 1_000_000L),
                        outcome),
                    stopAndCopy(source.sender(), outcome),
                    switchToPostcopy(source, outcome),
                    postcopy(source.agent()));
            }
            default:
                throw new IllegalArgumentException("--algorithm " + config.algorithm().cliName() +
                    " is not available yet");
        }
    }

    /** How the rounds ended, for the phases after them. */
    private static final class Outcome
    {
        Decision decision;
    }

    /** Live pre-copy rounds while the source vCPU runs, until the rule stops them. */
    private static SourcePhase rounds(final PrecopySender sender, final RoundRule rule, final Outcome outcome)
    {
        return rounds(sender, rule, null, outcome);
    }

    /** As above; with a snapshot, round 1 runs beside it (parallel-hybrid). */
    private static SourcePhase rounds(final PrecopySender sender, final RoundRule rule,
        final java.util.function.BooleanSupplier snapshotDone, final Outcome outcome)
    {
        return SourcePhase.of("pre-copy rounds", () -> {
            outcome.decision = sender.runRounds(rule, snapshotDone);
            return outcome.decision == null;
        });
    }

    /** Pause, the last dirty pages, CPU state, DONE, COMPLETE; only when the rounds converged. */
    private static SourcePhase stopAndCopy(final PrecopySender sender, final Outcome outcome)
    {
        return SourcePhase.of("stop-and-copy", () -> {
            if (outcome.decision != Decision.STOP_AND_COPY)
            {
                return false;
            }
            sender.stopAndCopy();
            return true;
        });
    }

    /** Pause, DISCARD the stale copies, [PbData to storage], CPU state; the agent then owes the dirty pages. */
    private static SourcePhase switchToPostcopy(final SourceSide source, final Outcome outcome)
    {
        // Made here, not in the phase: an event class's first instance costs its loading.
        final SwitchoverEvent event = VcspEvents.inUse() ? new SwitchoverEvent() : null;
        return SourcePhase.of("switchover", () -> {
            if (outcome.decision != Decision.SWITCH_TO_POSTCOPY)
            {
                throw new IllegalStateException("switchover after rounds that decided " + outcome.decision);
            }
            if (event != null)
            {
                event.start();
            }
            final PrecopySender sender = source.sender();
            final PageBitmap owed = sender.pauseAndDiscard();
            int flags = 0;
            if (source.config().backup())
            {
                source.writeBackup(owed);
                flags = Frame.FLAG_BACKUP;
            }
            sender.sendSwitchCpuState(flags);
            if (event != null)
            {
                event.emit(sender.roundCount(), sender.owedAtSwitch(), flags != 0);
            }
            source.agent().continueAfterSwitchover(owed, sender.pauseRequestNs());
            return false;
        });
    }

    /** Post-copy's switchover with nothing sent before: [every page to storage], the CPU state on the demand channel. */
    private static SourcePhase switchover(final SourceSide source)
    {
        final SwitchoverEvent event = VcspEvents.inUse() ? new SwitchoverEvent() : null;
        return SourcePhase.of("switchover", () -> {
            if (event != null)
            {
                event.start();
            }
            final SourceAgent agent = source.agent();
            agent.stopVcpu();
            int flags = 0;
            if (source.config().backup())
            {
                source.writeBackup(null);
                flags = Frame.FLAG_BACKUP;
            }
            agent.switchover(flags);
            if (event != null)
            {
                event.emit(0, agent.sentBitmap().size() - agent.sentCount(), flags != 0);
            }
            return false;
        });
    }

    /** Serve faults first, push the rest, until the destination has every page (COMPLETE). */
    private static SourcePhase postcopy(final SourceAgent agent)
    {
        return SourcePhase.of("post-copy", () -> {
            agent.run();
            return true;
        });
    }
}
