package dev.irqlab.runtime.engine;

import dev.irqlab.api.sim.Scheduler;
import dev.irqlab.api.sim.Timer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The virtual clock and the event queue: a binary min-heap ordered by (due time, insertion
 * sequence), so events at the same instant run in the order they were scheduled. Cancellation is
 * lazy: a cancelled event stays in the heap and is skipped when it reaches the top.
 *
 * <p>Every event carries the actor it runs on (a host CPU, a vCPU, a work item, or for an untagged
 * event the timer its description names). Events of one actor run in the order they were queued;
 * events of different actors due at the same instant are a choice point: without a {@link Chooser}
 * the earliest queued runs first (the order above), with one the chooser picks among the first
 * event of each actor, so an explorer can run every order the instant allows.
 *
 * <p>Single-threaded by design; the whole simulation runs on the thread that calls {@link #runUntil}.
 */
public final class EventQueue implements Scheduler {

    private Entry[] heap = new Entry[256];
    private int size;
    private long now;
    private long nextSeq;
    private long dispatched;
    private Chooser chooser;
    private Listener listener;
    /** The sequence number of the event running now, -1 outside events. */
    private long running = -1;
    /** Scratch for a choice: every live event due at the instant, in queue order. */
    private final List<Entry> due = new ArrayList<>();
    private final List<Entry> firsts = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    /**
     * Entries of events posted without a handle ({@link #postOn} and the like) that have run, for reuse: a stack,
     * at most {@link #MAX_FREE} deep. Nobody outside the queue holds such an entry, so reusing it
     * cannot cancel or report on the wrong event.
     */
    private Entry[] free = new Entry[16];
    private int freeCount;
    private static final int MAX_FREE = 1024;

    /**
     * What an explorer learns of a run with a chooser: which event runs (with the event that queued
     * it, for happens-before) and which events were candidates at each order choice.
     */
    public interface Listener {
        /** The event {@code seq}, queued by event {@code parentSeq} (-1: set-up), starts on {@code actor}. */
        void dispatching(long seq, long parentSeq, String actor, long timeNs);

        /** The first event of each actor due now, in queue order, right before the chooser picks one. */
        void candidates(long[] seqs, String[] actors);
    }

    /** Observes the events a chooser-driven run dispatches (null: none). */
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Lets {@code chooser} order events due at the same instant (null: queue order, the default). */
    public void setChooser(Chooser chooser) {
        this.chooser = chooser;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Timer schedule(long delayNs, String what, Runnable action) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs + " ns for '" + what + "'");
        }
        return push(now + delayNs, what, what, action);
    }

    @Override
    public Timer scheduleOn(String actor, long delayNs, String what, Runnable action) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs + " ns for '" + what + "'");
        }
        return push(now + delayNs, actor, what, action);
    }

    @Override
    public Timer scheduleAtOn(String actor, long timeNs, String what, Runnable action) {
        checkNotPast(timeNs, what);
        return push(timeNs, actor, what, action);
    }

    @Override
    public Timer scheduleAt(long timeNs, String what, Runnable action) {
        checkNotPast(timeNs, what);
        return push(timeNs, what, what, action);
    }

    @Override
    public void postOn(String actor, long delayNs, String what, Runnable action) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs + " ns for '" + what + "'");
        }
        queue(now + delayNs, actor, what, action, reusedEntry());
    }

    @Override
    public void post(long delayNs, String what, Runnable action) {
        postOn(what, delayNs, what, action);
    }

    @Override
    public void postAt(long timeNs, String what, Runnable action) {
        checkNotPast(timeNs, what);
        queue(timeNs, what, what, action, reusedEntry());
    }

    @Override
    public void postAtOn(String actor, long timeNs, String what, Runnable action) {
        checkNotPast(timeNs, what);
        queue(timeNs, actor, what, action, reusedEntry());
    }

    /** A free entry marked reusable, or a new one. */
    private Entry reusedEntry() {
        Entry e;
        if (freeCount > 0) {
            e = free[--freeCount];
            free[freeCount] = null;
        } else {
            e = new Entry();
        }
        e.reusable = true;
        return e;
    }

    /** After a reusable entry ran: drop what it referenced and keep it for the next post. */
    private void recycle(Entry e) {
        e.action = null;
        e.actor = null;
        e.what = null;
        e.owner = null;
        if (freeCount == free.length) {
            if (freeCount == MAX_FREE) {
                return;
            }
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = e;
    }

    private void checkNotPast(long timeNs, String what) {
        if (timeNs < now) {
            throw new IllegalArgumentException("time " + timeNs + " ns for '" + what + "' lies before now (" + now
                    + " ns)");
        }
    }

    private Entry push(long time, String actor, String what, Runnable action) {
        return queue(time, actor, what, action, new Entry());
    }

    private Entry queue(long time, String actor, String what, Runnable action, Entry e) {
        e.time = time;
        e.seq = nextSeq++;
        e.actor = actor;
        e.what = what;
        e.action = action;
        e.parent = running;
        e.state = Entry.QUEUED;
        if (chooser != null) {
            e.owner = this;
            if (running >= 0) {
                // Two events that queue work for one actor at one instant decide its order there.
                chooser.touch("queue " + actor + "@" + time);
            }
        }
        insert(e);
        return e;
    }

    /** Puts an entry into the heap by its (time, seq), which it keeps. */
    private void insert(Entry e) {
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
        return runUntil(endTime, advanceClock, null);
    }

    /**
     * {@link #runUntil(long, boolean)} that also stops, between two events, when {@code control}
     * says so (an event bound, or its caller's checkpoint); the clock then stays at the last event run.
     *
     * @param control null for no bound
     */
    public long runUntil(long endTime, boolean advanceClock, RunControl control) {
        long ran = 0;
        if (chooser != null) {
            for (long t = nextDueTime(); size > 0 && t <= endTime; t = nextDueTime()) {
                runChosen();
                ran++;
            }
        }
        while (size > 0) {
            Entry top = heap[0];
            if (top.time > endTime) {
                break;
            }
            if (control != null && top.state == Entry.QUEUED && control.shouldStop(now, dispatched + ran)) {
                dispatched += ran;
                return ran;
            }
            pop();
            if (top.state != Entry.QUEUED) {
                continue;
            }
            top.state = Entry.RAN;
            now = top.time;
            top.action.run();
            ran++;
            if (top.reusable) {
                recycle(top);
            }
        }
        dispatched += ran;
        if (advanceClock && endTime > now) {
            now = endTime;
        }
        return ran;
    }

    /** Runs one event if any is queued; returns false when the queue is empty. */
    public boolean step() {
        if (chooser != null) {
            if (nextDueTime() == Long.MAX_VALUE) {
                return false;
            }
            runChosen();
            dispatched++;
            return true;
        }
        while (size > 0) {
            Entry top = pop();
            if (top.state != Entry.QUEUED) {
                continue;
            }
            top.state = Entry.RAN;
            now = top.time;
            top.action.run();
            dispatched++;
            if (top.reusable) {
                recycle(top);
            }
            return true;
        }
        return false;
    }

    /**
     * Runs one of the events due at the earliest instant (the queue holds one): the chooser picks
     * among the first live event of each actor when there are several actors; the others go back
     * into the heap with their sequence numbers, so their relative order is kept.
     */
    private void runChosen() {
        long t = heap[0].time;
        due.clear();
        while (size > 0 && heap[0].time == t) {
            Entry e = pop();
            if (e.state == Entry.QUEUED) {
                due.add(e);
            }
        }
        Entry chosen = due.get(0);
        if (due.size() > 1) {
            firsts.clear();
            for (Entry e : due) {
                if (firsts.stream().noneMatch(f -> f.actor.equals(e.actor))) {
                    firsts.add(e);
                }
            }
            if (firsts.size() > 1) {
                labels.clear();
                for (Entry f : firsts) {
                    labels.add(f.what.startsWith(f.actor) ? f.what : f.actor + ": " + f.what);
                }
                if (listener != null) {
                    long[] seqs = new long[firsts.size()];
                    String[] actors = new String[firsts.size()];
                    for (int i = 0; i < seqs.length; i++) {
                        seqs[i] = firsts.get(i).seq;
                        actors[i] = firsts.get(i).actor;
                    }
                    listener.candidates(seqs, actors);
                }
                int pick = chooser.choose(Chooser.Kind.ORDER, t, List.copyOf(labels));
                if (pick < 0 || pick >= firsts.size()) {
                    throw new IllegalStateException("choice " + pick + " at " + t + " ns out of range 0.."
                            + (firsts.size() - 1) + " " + labels);
                }
                chosen = firsts.get(pick);
            }
            for (Entry e : due) {
                if (e != chosen) {
                    insert(e);
                }
            }
        }
        chosen.state = Entry.RAN;
        now = t;
        if (listener != null) {
            listener.dispatching(chosen.seq, chosen.parent, chosen.actor, t);
        }
        running = chosen.seq;
        try {
            chosen.action.run();
        } finally {
            running = -1;
        }
        if (chosen.reusable) {
            recycle(chosen);
        }
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

        // Set by queue() each time the entry is queued; a reusable entry is queued again after it ran.
        long time;
        long seq;
        String actor;
        String what;
        /** The event that queued this one (-1: set-up, or a plain run, which does not track it). */
        long parent;
        Runnable action;
        byte state;
        /** Posted without a handle ({@link #postOn}): back to the free list once it has run. */
        boolean reusable;
        /** Set in a chooser's run only: told of a cancellation, which is part of the running event's footprint. */
        EventQueue owner;

        boolean before(Entry o) {
            return time < o.time || (time == o.time && seq < o.seq);
        }

        @Override
        public void cancel() {
            if (state == QUEUED) {
                state = CANCELLED;
                if (owner != null && owner.running >= 0) {
                    owner.chooser.touch(actor); // cancelling an actor's event orders it with that actor
                }
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
