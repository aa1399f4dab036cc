package dev.irqlab.runtime.engine;

import dev.irqlab.api.sim.Scheduler;
import dev.irqlab.api.sim.Timer;
import dev.irqlab.api.sim.Work;

/**
 * A work item: queued at most once at a time, as {@code queue_work_on} tests and sets
 * {@code WORK_STRUCT_PENDING_BIT} (kernel/workqueue.c); the bit is cleared when the function starts,
 * so the function may requeue itself. The item is its own actor of the queue ({@code work <name>}).
 */
final class SimWork implements Work {

    private final Scheduler scheduler;
    private final String name;
    /** The item's actor in the event queue, {@code work <name>}. */
    private final String actor;
    private final long latencyNs;
    private final Runnable action;
    private Timer queued;

    SimWork(Scheduler scheduler, String name, long latencyNs, Runnable action) {
        if (latencyNs < 0) {
            throw new IllegalArgumentException("negative latency for work " + name);
        }
        this.scheduler = scheduler;
        this.name = name;
        this.actor = "work " + name;
        this.latencyNs = latencyNs;
        this.action = action;
    }

    @Override
    public boolean schedule() {
        return schedule(latencyNs);
    }

    @Override
    public boolean schedule(long delayNs) {
        if (isPending()) {
            return false;
        }
        queued = scheduler.scheduleOn(actor, delayNs, name, this::run);
        return true;
    }

    private void run() {
        queued = null;
        action.run();
    }

    @Override
    public boolean cancel() {
        if (!isPending()) {
            return false;
        }
        queued.cancel();
        queued = null;
        return true;
    }

    @Override
    public boolean isPending() {
        return queued != null && queued.isPending();
    }
}
