package dev.irqlab.runtime.engine;

import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Scheduler;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code eventfd(2)} as fs/eventfd.c: {@code eventfd_signal} adds to the counter and runs the
 * wait-queue callbacks synchronously ({@code wake_up_locked_poll}: kernel/sched/wait.c
 * {@code __wake_up_common} with one exclusive wake-up), whatever the counter is by then;
 * {@code eventfd_ctx_do_read} returns the counter and clears it. Several signals before a read
 * coalesce into one value. See {@link EventFd} for the queue order.
 */
final class SimEventFd implements EventFd {

    private final String name;
    private final Scheduler clock;
    /** The wait queue, head first. */
    private final List<Entry> waiters = new ArrayList<>(2);
    private long count;
    /** Where the counter's changes go ({@link Trace#detailTrace}): null if the trace reads none. */
    private final Trace detail;
    /** The counter's key in the trace ({@code <name> eventfd count}), asked for once; null without detail. */
    private final StateKey countKey;

    SimEventFd(String name, Scheduler clock, Trace trace) {
        this.name = name;
        this.clock = clock;
        this.detail = trace.detailTrace();
        this.countKey = detail != null ? trace.stateKey(trace.name(name), "eventfd", "count") : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void signal() {
        long before = count;
        count++;
        if (detail != null) {
            detail.stateChanged(clock.now(), countKey, text(before), text(count), "eventfd_signal");
        }
        if (waiters.size() == 1) {
            waiters.get(0).waiter.wake(this); // no copy needed for a single waiter
            return;
        }
        // Copy: a callback may add or remove waiters (irqfd deassign from its own wakeup).
        for (Entry e : waiters.toArray(new Entry[0])) {
            e.waiter.wake(this);
            if (e.exclusive) {
                break; // __wake_up_common, nr_exclusive = 1: the exclusive waiter answered 1
            }
        }
    }

    @Override
    public long read() {
        long v = count;
        if (v != 0) {
            count = 0;
            if (detail != null) {
                detail.stateChanged(clock.now(), countKey, text(v), "0", "eventfd_ctx_do_read");
            }
        }
        return v;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public Registration addWaiter(Waiter waiter) {
        return add(waiters.size(), new Entry(waiter, false, false));
    }

    @Override
    public Registration addPriorityWaiter(Waiter waiter) {
        return add(0, new Entry(waiter, true, true));
    }

    @Override
    public Optional<Registration> addPriorityExclusiveWaiter(Waiter waiter) {
        if (!waiters.isEmpty() && waiters.get(0).priority) {
            return Optional.empty();
        }
        return Optional.of(add(0, new Entry(waiter, true, true)));
    }

    private Registration add(int index, Entry entry) {
        waiters.add(index, entry);
        return () -> waiters.remove(entry);
    }

    /** A {@code wait_queue_entry} with its {@code WQ_FLAG_PRIORITY} and {@code WQ_FLAG_EXCLUSIVE}. */
    private static final class Entry {
        final Waiter waiter;
        final boolean priority;
        final boolean exclusive;

        Entry(Waiter waiter, boolean priority, boolean exclusive) {
            this.waiter = waiter;
            this.priority = priority;
            this.exclusive = exclusive;
        }
    }

    /** Small counter values as text, built once (the counter rarely exceeds a few). */
    private static final String[] SMALL = java.util.stream.IntStream.range(0, 64)
            .mapToObj(Integer::toString).toArray(String[]::new);

    private static String text(long v) {
        return v >= 0 && v < SMALL.length ? SMALL[(int) v] : Long.toString(v);
    }

    @Override
    public String toString() {
        return "eventfd[" + name + "=" + count + "]";
    }
}
