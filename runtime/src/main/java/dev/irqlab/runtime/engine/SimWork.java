package dev.irqlab.runtime.engine;

import dev.irqlab.api.sim.Work;

/**
 * A work item: queued at most once at a time, as {@code queue_work_on} tests and sets
 * {@code WORK_STRUCT_PENDING_BIT} (kernel/workqueue.c); the bit is cleared when the function starts,
 * so the function may requeue itself. The item is its own actor of the queue ({@code work <name>}).
 * It keeps its queued event's ticket ({@link EventQueue#queueTicket}), so queueing allocates nothing.
 */
final class SimWork implements Work {

    /** No event queued yet (no ticket is negative one: a slot number is never). */
    private static final long NONE = -1;

    private final EventQueue queue;
    private final String name;
    /** The item's actor in the event queue, {@code work <name>}. */
    private final String actor;
    private final long latencyNs;
    private final Runnable action;
    /** The ticket of the queued event, {@link #NONE} before the first. */
    private long queued = NONE;

    SimWork(EventQueue queue, String name, long latencyNs, Runnable action) {
        if (latencyNs < 0) {
            throw new IllegalArgumentException("negative latency for work " + name);
        }
        this.queue = queue;
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
        // The pending bit clears as the function starts: the event is the function itself, and the
        // queue reports an event that has begun as no longer pending.
        queued = queue.queueTicket(actor, delayNs, name, action);
        return true;
    }

    @Override
    public boolean cancel() {
        if (!isPending()) {
            return false;
        }
        queue.cancel(queued);
        return true;
    }

    @Override
    public boolean isPending() {
        return queued != NONE && queue.pending(queued);
    }
}
