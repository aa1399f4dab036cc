package dev.irqlab.runtime.engine;

import dev.irqlab.api.sim.Scheduler;
import dev.irqlab.api.sim.Timer;
import java.util.Arrays;

/**
 * The virtual clock and the event queue: a binary min-heap ordered by (due time, insertion
 * sequence), so events at the same instant run in the order they were scheduled. Cancellation is
 * lazy: a cancelled event stays in the heap and is skipped when it reaches the top.
 *
 * <p>Single-threaded by design; the whole simulation runs on the thread that calls {@link #runUntil}.
 */
public final class EventQueue implements Scheduler {

    private Entry[] heap = new Entry[256];
    private int size;
    private long now;
    private long nextSeq;
    private long dispatched;

    @Override
    public long now() {
        return now;
    }

    @Override
    public Timer schedule(long delayNs, String what, Runnable action) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs + " ns for '" + what + "'");
        }
        return push(now + delayNs, what, action);
    }

    @Override
    public Timer scheduleAt(long timeNs, String what, Runnable action) {
        if (timeNs < now) {
            throw new IllegalArgumentException("time " + timeNs + " ns for '" + what + "' lies before now (" + now
                    + " ns)");
        }
        return push(timeNs, what, action);
    }

    private Entry push(long time, String what, Runnable action) {
        Entry e = new Entry(time, nextSeq++, what, action);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        // sift up
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = heap[parent];
            if (!e.before(p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = e;
        return e;
    }

    private Entry pop() {
        Entry top = heap[0];
        Entry last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                Entry c = heap[child];
                int right = child + 1;
                if (right < size && heap[right].before(c)) {
                    child = right;
                    c = heap[child];
                }
                if (!c.before(last)) {
                    break;
                }
                heap[i] = c;
                i = child;
            }
            heap[i] = last;
        }
        return top;
    }

    /**
     * Runs events in order while the next one is due at or before {@code endTime}; afterwards the
     * clock stands at the last event run (or is advanced to {@code endTime} if {@code advanceClock}).
     *
     * @return the number of events run
     */
    public long runUntil(long endTime, boolean advanceClock) {
        long ran = 0;
        while (size > 0) {
            Entry top = heap[0];
            if (top.time > endTime) {
                break;
            }
            pop();
            if (top.state != Entry.QUEUED) {
                continue;
            }
            top.state = Entry.RAN;
            now = top.time;
            top.action.run();
            ran++;
        }
        dispatched += ran;
        if (advanceClock && endTime > now) {
            now = endTime;
        }
        return ran;
    }

    /** Runs one event if any is queued; returns false when the queue is empty. */
    public boolean step() {
        while (size > 0) {
            Entry top = pop();
            if (top.state != Entry.QUEUED) {
                continue;
            }
            top.state = Entry.RAN;
            now = top.time;
            top.action.run();
            dispatched++;
            return true;
        }
        return false;
    }

    /** Due time of the next live event, or {@code Long.MAX_VALUE} when none. */
    public long nextDueTime() {
        while (size > 0 && heap[0].state != Entry.QUEUED) {
            pop();
        }
        return size == 0 ? Long.MAX_VALUE : heap[0].time;
    }

    /** Events run so far. */
    public long dispatched() {
        return dispatched;
    }

    /** Queued entries, including cancelled ones not yet dropped. */
    public int queued() {
        return size;
    }

    private static final class Entry implements Timer {
        static final byte QUEUED = 0;
        static final byte RAN = 1;
        static final byte CANCELLED = 2;

        final long time;
        final long seq;
        final String what;
        final Runnable action;
        byte state;

        Entry(long time, long seq, String what, Runnable action) {
            this.time = time;
            this.seq = seq;
            this.what = what;
            this.action = action;
        }

        boolean before(Entry o) {
            return time < o.time || (time == o.time && seq < o.seq);
        }

        @Override
        public void cancel() {
            if (state == QUEUED) {
                state = CANCELLED;
            }
        }

        @Override
        public boolean isPending() {
            return state == QUEUED;
        }

        @Override
        public long dueTime() {
            return time;
        }

        @Override
        public String toString() {
            return what + "@" + time;
        }
    }
}
