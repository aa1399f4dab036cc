package dev.irqlab.api.sim;

/**
 * An {@code eventfd(2)} object: a 64-bit counter with signal and read, and a wait queue.
 *
 * <p>Semantics (fs/eventfd.c {@code eventfd_signal_mask}; kernel/sched/wait.c
 * {@code __wake_up_common}): {@link #signal()} adds to the counter and then, when the wait queue is
 * not empty, calls the waiters in queue order synchronously, inside the signal, each with
 * {@code EPOLLIN} whatever the counter is by then ({@code wake_up_locked_poll}, one exclusive
 * wake-up): an earlier waiter that read the counter does not stop the later ones. The walk stops after
 * an exclusive waiter: the only exclusive waiters are KVM irqfds, whose {@code irqfd_wakeup} answers
 * 1 for {@code EPOLLIN}, the only key {@code eventfd_signal} passes (non-exclusive waiters' answers do
 * not matter to {@code __wake_up_common}).
 * Priority waiters are queued at the head ({@code add_wait_queue_priority}), others at the tail
 * ({@code add_wait_queue}). A waiter that wants the value calls {@link #read()}
 * ({@code eventfd_ctx_do_read}), which returns the counter and resets it; several signals before a
 * read coalesce into one value.
 *
 * <p>Waiters registered while the counter is already non-zero are not called at registration; the
 * registering code checks {@link #count()} itself, as {@code virqfd} and {@code irqfd} do.
 */
public interface EventFd {

    /** A name for traces ("vfio-trigger dev0/0"). */
    String name();

    /** {@code eventfd_signal(ctx)}: counter += 1, then wake the waiters synchronously. */
    void signal();

    /** {@code read(2)}: returns the counter and resets it to 0; 0 means nothing was pending ({@code -EAGAIN}). */
    long read();

    /** The current counter value, without consuming it. */
    long count();

    /** {@code add_wait_queue}: a non-exclusive entry at the tail; returns a handle that removes it. */
    Registration addWaiter(Waiter waiter);

    /**
     * {@code add_wait_queue_priority} as Linux 5.11 to 6.16 had it: an entry at the head, flagged
     * {@code WQ_FLAG_PRIORITY | WQ_FLAG_EXCLUSIVE}.
     */
    Registration addPriorityWaiter(Waiter waiter);

    /**
     * {@code add_wait_queue_priority_exclusive} (Linux 6.17): as {@link #addPriorityWaiter}, but empty
     * ({@code -EBUSY}) when the head already is a priority waiter.
     */
    java.util.Optional<Registration> addPriorityExclusiveWaiter(Waiter waiter);

    /** A wait-queue callback, run inside {@link #signal()} (atomic context in the kernel). */
    @FunctionalInterface
    interface Waiter {
        /**
         * Called with the event fd that was signalled and {@code EPOLLIN}; the counter is already
         * incremented (and may have been read by an earlier waiter).
         */
        void wake(EventFd fd);
    }

    /** Undoes {@link #addWaiter}. */
    @FunctionalInterface
    interface Registration {
        void remove();
    }
}
