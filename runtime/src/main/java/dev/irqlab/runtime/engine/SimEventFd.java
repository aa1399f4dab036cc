package dev.irqlab.runtime.engine;

import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Scheduler;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code eventfd(2)} as fs/eventfd.c: {@code eventfd_signal} adds to the counter and, with the
 * counter non-zero, runs every wait-queue callback synchronously ({@code wake_up_locked_poll});
 * {@code eventfd_ctx_do_read} returns the counter and clears it. Several signals before a read
 * coalesce into one value.
 */
final class SimEventFd implements EventFd {

    private final String name;
    private final Scheduler clock;
    private final Trace trace;
    private final List<Waiter> waiters = new ArrayList<>(2);
    private long count;

    SimEventFd(String name, Scheduler clock, Trace trace) {
        this.name = name;
        this.clock = clock;
        this.trace = trace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void signal() {
        long before = count;
        count++;
        trace.emit(new TraceEvent.StateChanged(clock.now(), name, "eventfd", "count", text(before),
                text(count), "eventfd_signal"));
        if (waiters.size() == 1) {
            waiters.get(0).wake(this); // count > 0 here; no copy needed for a single waiter
            return;
        }
        // Copy: a callback may add or remove waiters (irqfd deassign from its own wakeup).
        for (Waiter w : waiters.toArray(new Waiter[0])) {
            if (count == 0) {
                break; // an earlier waiter consumed the count; later ones see no EPOLLIN
            }
            w.wake(this);
        }
    }

    @Override
    public long read() {
        long v = count;
        if (v != 0) {
            count = 0;
            trace.emit(new TraceEvent.StateChanged(clock.now(), name, "eventfd", "count", text(v), "0",
                    "eventfd_ctx_do_read"));
        }
        return v;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public Registration addWaiter(Waiter waiter) {
        waiters.add(waiter);
        return () -> waiters.remove(waiter);
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
