package dev.irqlab.api.sim;

/**
 * A kernel work item ({@code struct work_struct} / {@code delayed_work}): a deferred function that is
 * queued at most once at a time.
 *
 * <p>Protocol: {@link #schedule()} queues the function to run after the item's latency and returns
 * true; while it is queued, further calls return false and change nothing — the kernel's
 * {@code schedule_work()} coalescing (kernel/workqueue.c: {@code queue_work_on} tests
 * {@code WORK_STRUCT_PENDING_BIT}). Once the function starts, the item may be queued again.
 */
public interface Work {

    /** Queues the work after its default latency; false if it was already queued. */
    boolean schedule();

    /** Queues the work after {@code delayNs} ({@code schedule_delayed_work}); false if already queued. */
    boolean schedule(long delayNs);

    /** Dequeues the work if queued ({@code cancel_work}); returns whether it was queued. */
    boolean cancel();

    /** True while queued and not yet started. */
    boolean isPending();
}
