package dev.irqlab.api.sim;

/**
 * An {@code eventfd(2)} object: a 64-bit counter with signal and read, and a wait queue.
 *
 * <p>Semantics (fs/eventfd.c): {@link #signal()} adds to the counter and then, if the counter is
 * non-zero, calls every registered {@link Waiter} synchronously, inside the signal, the way
 * {@code eventfd_signal()} runs the wait-queue callbacks ({@code wake_up_locked_poll(EPOLLIN)}).
 * A waiter that wants the value calls {@link #read()} ({@code eventfd_ctx_do_read}), which returns the
 * counter and resets it. Several signals before a read therefore coalesce into one value and, for a
 * reader that only reacts when woken with a non-zero count, into one wake-up.
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

    /** Adds a wait-queue entry; returns a handle that removes it. */
    Registration addWaiter(Waiter waiter);

    /** A wait-queue callback, run inside {@link #signal()} (atomic context in the kernel). */
    @FunctionalInterface
    interface Waiter {
        /** Called with the event fd that was signalled; the counter is already incremented. */
        void wake(EventFd fd);
    }

    /** Undoes {@link #addWaiter}. */
    @FunctionalInterface
    interface Registration {
        void remove();
    }
}
