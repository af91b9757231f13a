package io.vcspbench.core.destination;

import io.vcspbench.core.control.MigrationControl;
import io.vcspbench.core.cpu.DutyCycleThrottler;
import io.vcspbench.core.link.LinkException;
import io.vcspbench.core.link.Waiter;
import io.vcspbench.core.memory.GuestMemory;
import io.vcspbench.core.memory.PageBitmap;
import io.vcspbench.core.metrics.SingleWriterCounter;
import io.vcspbench.core.workload.AccessPattern;
import io.vcspbench.core.workload.PageWork;
import org.agrona.concurrent.NanoClock;

/**
 * The destination vCPU: once the CPU state has arrived (it reads the demand channel for it) it runs the guest workload, page after page
 * of the access pattern, through the quasi-MMU, doing {@link PageWork} on each page and passing a
 * throttle checkpoint after each, until every page is present. Runs on its own thread;
 * allocation-free.
 */
public final class Vcpu implements Runnable
{
    private final GuestMemory memory;
    private final QuasiMmu mmu;
    private final AccessPattern pattern;
    private final DutyCycleThrottler throttler;
    private final MigrationControl control;
    private final PageReceiver receiver;
    private final Waiter waiter;
    private final NanoClock clock;
    private final long resumeTimeoutNs;
    private final long accesses;
    private final PageBitmap writtenHere;
    private final SingleWriterCounter bytesProcessed = new SingleWriterCounter();

    private long startedNs;
    private long stoppedNs;
    private long checksum;

    /**
     * @param memory          destination guest memory.
     * @param mmu             the quasi-MMU over it.
     * @param pattern         the access pattern.
     * @param throttler       the duty-cycle throttler (E = 100 for unthrottled algorithms).
     * @param control         shared run state.
     * @param receiver        the page receiver, through which the CPU state is read from the demand channel.
     * @param waiter          this thread's waiter, watching the demand channel.
     * @param clock           time source.
     * @param resumeTimeoutMs deadline for the CPU state to arrive, ms.
     * @param accesses        page accesses the workload makes, {@link Long#MAX_VALUE} to run until every
     *                        page is present (a push moves the rest); a finite pass ends the migration
     *                        when the pass is done and every page its requests asked for is present.
     */
    public Vcpu(
        final GuestMemory memory,
        final QuasiMmu mmu,
        final AccessPattern pattern,
        final DutyCycleThrottler throttler,
        final MigrationControl control,
        final PageReceiver receiver,
        final Waiter waiter,
        final NanoClock clock,
        final long resumeTimeoutMs,
        final long accesses)
    {
        this.memory = memory;
        this.mmu = mmu;
        this.pattern = pattern;
        this.throttler = throttler;
        this.control = control;
        this.receiver = receiver;
        this.waiter = waiter;
        this.clock = clock;
        this.resumeTimeoutNs = resumeTimeoutMs * 1_000_000L;
        this.accesses = accesses;
        this.writtenHere = new PageBitmap(memory.pageCount());
    }

    @Override
    public void run()
    {
        try
        {
            runWorkload();
        }
        catch (final LinkException e)
        {
            control.fail("destination: " + e.getMessage());
        }
    }

    private void runWorkload()
    {
        if (!awaitResume())
        {
            return;
        }
        startedNs = clock.nanoTime();
        throttler.start();
        final MigrationControl control = this.control;
        final QuasiMmu mmu = this.mmu;
        final AccessPattern pattern = this.pattern;
        final DutyCycleThrottler throttler = this.throttler;
        final GuestMemory memory = this.memory;
        final PageBitmap writtenHere = this.writtenHere;
        final SingleWriterCounter bytesProcessed = this.bytesProcessed;
        long sum = 0;
        final long accesses = this.accesses;
        for (long i = 0; i < accesses && !control.allPresent() && control.isRunning(); i++)
        {
            final long page = pattern.nextPage();
            if (mmu.access(page) != 0 && !control.isRunning())
            {
                break;
            }
            sum += PageWork.touch(memory.pageAddress(page));
            writtenHere.setSingleWriter(page);
            bytesProcessed.add(PageWork.BYTES_PER_TOUCH);
            throttler.checkpoint();
        }
        stoppedNs = clock.nanoTime();
        checksum = sum;
        if (accesses != Long.MAX_VALUE && control.isRunning())
        {
            awaitRequestedPages();
        }
    }

    /** After a finite pass: waits until every page the requests asked for is present, then ends the run. */
    private void awaitRequestedPages()
    {
        final long deadline = clock.nanoTime() + resumeTimeoutNs;
        while (receiver.presentCount() < mmu.requestedPages())
        {
            final int taken = receiver.pollDemand(16);
            if (!control.isRunning())
            {
                return;
            }
            final long nowNs = clock.nanoTime();
            if (nowNs > deadline)
            {
                control.fail((mmu.requestedPages() - receiver.presentCount()) + " requested pages did not arrive within " +
                    resumeTimeoutNs / 1_000_000 + " ms of the workload's end");
                return;
            }
            if (taken <= 0)
            {
                final long heldUntilNs = taken == 0 ? receiver.demandHeldUntilNs() : Long.MAX_VALUE;
                waiter.await(heldUntilNs != Long.MAX_VALUE ? heldUntilNs - nowNs : Waiter.MAX_WAIT_NS,
                    heldUntilNs != Long.MAX_VALUE);
            }
        }
        control.markAllPresent(clock.nanoTime());
        receiver.wakeUp();
    }

    private boolean awaitResume()
    {
        final long deadline = clock.nanoTime() + resumeTimeoutNs;
        while (control.resumedNs() == 0)
        {
            final int taken = receiver.pollDemand(1);
            if (control.resumedNs() != 0)
            {
                break;
            }
            if (!control.isRunning())
            {
                return false;
            }
            final long nowNs = clock.nanoTime();
            if (nowNs > deadline)
            {
                control.fail("CPU state did not arrive within " + resumeTimeoutNs / 1_000_000 + " ms");
                return false;
            }
            if (taken <= 0)
            {
                final long heldUntilNs = taken == 0 ? receiver.demandHeldUntilNs() : Long.MAX_VALUE;
                waiter.await(heldUntilNs != Long.MAX_VALUE ? heldUntilNs - nowNs : Waiter.MAX_WAIT_NS,
                    heldUntilNs != Long.MAX_VALUE);
            }
        }
        return true;
    }

    /** @return guest bytes processed, readable from any thread. */
    public SingleWriterCounter bytesProcessed()
    {
        return bytesProcessed;
    }

    /** @return pages the workload wrote here; read after the thread stopped. */
    public PageBitmap writtenHere()
    {
        return writtenHere;
    }

    /** @return when the workload started, ns. */
    public long startedNs()
    {
        return startedNs;
    }

    /** @return when the workload stopped, ns. */
    public long stoppedNs()
    {
        return stoppedNs;
    }

    /** @return sum of everything read, so the work cannot be optimised away. */
    public long checksum()
    {
        return checksum;
    }
}
