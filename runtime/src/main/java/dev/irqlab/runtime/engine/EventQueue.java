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
 * <p>Storage: an event lives in a slot of parallel primitive arrays (due time, sequence, parent, state)
 * and reference arrays (actor, description, action); the heap is an {@code int[]} of slot numbers.
 * Actor, description and parent are kept only when a {@link Chooser} orders the run: nothing else
 * reads them (a handle keeps its own description).
 * A slot is taken when an event is queued and given back once the event has left the heap (run or
 * dropped as cancelled), so queueing allocates nothing but the handle {@link #schedule} returns;
 * {@link #post} and its kin return none. A handle names its slot and the slot's generation, so it
 * cannot cancel or report on a later event that reuses the slot.
 * Without a chooser the earliest event waits outside the heap (see {@link #front}): an event that
 * queues the one to run next, as most do, costs no sift into the heap and none out of it, and a
 * posted one there takes no slot either.
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

    private static final byte QUEUED = 0;
    private static final byte RAN = 1;
    private static final byte CANCELLED = 2;

    /**
     * Slots (and heap entries) made at first; the arrays double when more events are queued at once. A
     * run keeps few queued: 3 at most in the short runs, 51 in the widest shipped scenario.
     */
    private static final int INITIAL_SLOTS = 8;

    // Per slot, set each time the slot is taken.
    private long[] time = new long[INITIAL_SLOTS];
    private long[] seq = new long[INITIAL_SLOTS];
    /** The event that queued this one (-1: set-up, or a plain run, which does not track it). */
    private long[] parent = new long[INITIAL_SLOTS];
    private String[] actor = new String[INITIAL_SLOTS];
    private String[] what = new String[INITIAL_SLOTS];
    private Runnable[] action = new Runnable[INITIAL_SLOTS];
    private byte[] state = new byte[INITIAL_SLOTS];
    /** Bumped each time the slot is taken: a handle of an earlier event in the slot no longer matches. */
    private int[] generation = new int[INITIAL_SLOTS];
    /** Slots made so far; those not in use are on the free stack. */
    private int slots;
    private int[] free = new int[INITIAL_SLOTS];
    private int freeCount;

    /** Slot numbers, a binary min-heap by (due time, sequence). */
    private int[] heap = new int[INITIAL_SLOTS];
    private int size;
    /**
     * Without a chooser, the earliest queued event, kept out of the heap: its slot, {@link #NO_FRONT}
     * or {@link #POSTED_FRONT}. It comes before every event in the heap. An event that queues the next
     * one to run (the usual chain of a round trip) hands it over here, and neither sifts it into the
     * heap nor out of it.
     */
    private int front = NO_FRONT;
    /**
     * The front is a posted event, which no handle or ticket names: it takes no slot while it is the
     * front, only when a later-queued event that comes before it puts it into the heap. Its due
     * time, sequence and action are the three fields below.
     */
    private long postedTime;
    private long postedSeq;
    private Runnable postedAction;
    private static final int NO_FRONT = -1;
    private static final int POSTED_FRONT = -2;
    private long now;
    private long nextSeq;
    private long dispatched;
    private Chooser chooser;
    private Listener listener;
    /** The sequence number of the event running now, -1 outside events. */
    private long running = -1;
    /** Scratch for a choice: every live event due at the instant (slots), in queue order. */
    private int[] due = new int[8];
    private int[] firsts = new int[8];
    private final List<String> labels = new ArrayList<>();

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

    /** Observes the events a chooser-driven run dispatches (null: none); set before any event is queued. */
    public void setListener(Listener listener) {
        checkNothingQueued("listener");
        this.listener = listener;
    }

    /**
     * Lets {@code chooser} order events due at the same instant (null: queue order, the default); set
     * before any event is queued: without a chooser an event's actor, description and parent are not
     * kept, since only a choice (and its listener) reads them.
     */
    public void setChooser(Chooser chooser) {
        checkNothingQueued("chooser");
        this.chooser = chooser;
    }

    private void checkNothingQueued(String what) {
        if (slots > 0 || front != NO_FRONT) {
            throw new IllegalStateException("the " + what + " is set before the first event is queued");
        }
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Timer schedule(long delayNs, String what, Runnable action) {
        checkDelay(delayNs, what);
        return handle(queue(now + delayNs, what, what, action), what);
    }

    @Override
    public Timer scheduleOn(String actor, long delayNs, String what, Runnable action) {
        checkDelay(delayNs, what);
        return handle(queue(now + delayNs, actor, what, action), what);
    }

    @Override
    public Timer scheduleAtOn(String actor, long timeNs, String what, Runnable action) {
        checkNotPast(timeNs, what);
        return handle(queue(timeNs, actor, what, action), what);
    }

    @Override
    public Timer scheduleAt(long timeNs, String what, Runnable action) {
        checkNotPast(timeNs, what);
        return handle(queue(timeNs, what, what, action), what);
    }

    @Override
    public void postOn(String actor, long delayNs, String what, Runnable action) {
        checkDelay(delayNs, what);
        queuePosted(now + delayNs, actor, what, action);
    }

    @Override
    public void post(long delayNs, String what, Runnable action) {
        postOn(what, delayNs, what, action);
    }

    @Override
    public void postAt(long timeNs, String what, Runnable action) {
        checkNotPast(timeNs, what);
        queuePosted(timeNs, what, what, action);
    }

    @Override
    public void postAtOn(String actor, long timeNs, String what, Runnable action) {
        checkNotPast(timeNs, what);
        queuePosted(timeNs, actor, what, action);
    }

    /**
     * {@link #scheduleOn} for an owner that keeps the event's ticket instead of a handle (a work item):
     * {@link #pending(long)} and {@link #cancel(long)} take it. Nothing is allocated.
     */
    long queueTicket(String actor, long delayNs, String what, Runnable action) {
        checkDelay(delayNs, what);
        int slot = queue(now + delayNs, actor, what, action);
        return ticket(slot, generation[slot]);
    }

    /** Whether the event of {@code ticket} ({@link #queueTicket}) is still queued. */
    boolean pending(long ticket) {
        int slot = (int) ticket;
        return generation[slot] == (int) (ticket >>> 32) && state[slot] == QUEUED;
    }

    /** Cancels the event of {@code ticket} if it is still queued; see {@link Timer#cancel}. */
    void cancel(long ticket) {
        int slot = (int) ticket;
        if (generation[slot] == (int) (ticket >>> 32) && state[slot] == QUEUED) {
            state[slot] = CANCELLED;
            if (chooser != null && running >= 0) {
                chooser.touch(actor[slot]); // cancelling an actor's event orders it with that actor
            }
        }
    }

    private static long ticket(int slot, int gen) {
        return ((long) gen << 32) | (slot & 0xffff_ffffL);
    }

    private Timer handle(int slot, String description) {
        return new Handle(this, ticket(slot, generation[slot]), time[slot], description);
    }

    private static void checkDelay(long delayNs, String what) {
        if (delayNs < 0) {
            throw new IllegalArgumentException("negative delay " + delayNs + " ns for '" + what + "'");
        }
    }

    private void checkNotPast(long timeNs, String what) {
        if (timeNs < now) {
            throw new IllegalArgumentException("time " + timeNs + " ns for '" + what + "' lies before now (" + now
                    + " ns)");
        }
    }

    /** Takes a slot for the event and puts it into the heap; returns the slot. */
    private int queue(long at, String actorName, String description, Runnable run) {
        int slot = takeSlot();
        time[slot] = at;
        seq[slot] = nextSeq++;
        action[slot] = run;
        state[slot] = QUEUED;
        if (chooser != null) {
            actor[slot] = actorName;
            what[slot] = description;
            parent[slot] = running;
            if (running >= 0) {
                // Two events that queue work for one actor at one instant decide its order there.
                chooser.touchQueue(actorName, at);
            }
            insert(slot);
        } else if (comesFirst(at)) {
            pushFrontIntoHeap();
            front = slot;
        } else {
            insert(slot);
        }
        return slot;
    }

    /**
     * A posted event (no handle): without a chooser, when it comes first it waits as the front
     * without a slot; otherwise as {@link #queue}.
     */
    private void queuePosted(long at, String actorName, String description, Runnable run) {
        if (chooser != null || !comesFirst(at)) {
            queue(at, actorName, description, run);
            return;
        }
        pushFrontIntoHeap();
        postedTime = at;
        postedSeq = nextSeq++;
        postedAction = run;
        front = POSTED_FRONT;
    }

    /**
     * Whether an event queued now for {@code at} comes before every queued one: its sequence is
     * the highest, so it must be due strictly earlier.
     */
    private boolean comesFirst(long at) {
        return switch (front) {
            case NO_FRONT -> size == 0 || at < time[heap[0]];
            case POSTED_FRONT -> at < postedTime;
            default -> at < time[front];
        };
    }

    /** The front, if any, goes into the heap (a posted front takes its slot now). */
    private void pushFrontIntoHeap() {
        if (front == POSTED_FRONT) {
            int slot = takeSlot();
            time[slot] = postedTime;
            seq[slot] = postedSeq;
            action[slot] = postedAction;
            state[slot] = QUEUED;
            postedAction = null;
            insert(slot);
        } else if (front >= 0) {
            insert(front);
        }
        front = NO_FRONT;
    }

    private int takeSlot() {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            slot = slots++;
            if (slot == time.length) {
                grow(slot * 2);
            }
        }
        generation[slot]++;
        return slot;
    }

    /** After its event left the heap: drop what it referenced and keep the slot for the next event. */
    private void freeSlot(int slot) {
        action[slot] = null;
        if (chooser != null) {
            actor[slot] = null;
            what[slot] = null;
        }
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = slot;
    }

    private void grow(int n) {
        time = Arrays.copyOf(time, n);
        seq = Arrays.copyOf(seq, n);
        parent = Arrays.copyOf(parent, n);
        actor = Arrays.copyOf(actor, n);
        what = Arrays.copyOf(what, n);
        action = Arrays.copyOf(action, n);
        state = Arrays.copyOf(state, n);
        generation = Arrays.copyOf(generation, n);
    }

    /** Whether slot {@code a}'s event comes before slot {@code b}'s: (due time, sequence). */
    private boolean before(int a, int b) {
        long ta = time[a];
        long tb = time[b];
        return ta < tb || (ta == tb && seq[a] < seq[b]);
    }

    /** Puts a slot into the heap by its (time, seq), which it keeps. */
    private void insert(int slot) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        // sift up
        while (i > 0) {
            int up = (i - 1) >>> 1;
            int p = heap[up];
            if (!before(slot, p)) {
                break;
            }
            heap[i] = p;
            i = up;
        }
        heap[i] = slot;
    }

    /** Takes the first slot off the heap (it stays taken). */
    private int pop() {
        int top = heap[0];
        int last = heap[--size];
        if (size > 0) {
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int c = heap[child];
                int right = child + 1;
                if (right < size && before(heap[right], c)) {
                    child = right;
                    c = heap[child];
                }
                if (!before(c, last)) {
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
        // The control answers false below its next check (an event count it names), so it is asked
        // from there on only.
        long ask = control == null ? Long.MAX_VALUE : control.nextCheck(dispatched);
        while (true) {
            if (front == POSTED_FRONT) {
                if (postedTime > endTime) {
                    break;
                }
                if (dispatched + ran >= ask) {
                    if (control.shouldStop(now, dispatched + ran)) {
                        dispatched += ran;
                        return ran;
                    }
                    ask = control.nextCheck(dispatched + ran + 1);
                }
                runPostedFront();
                ran++;
                continue;
            }
            int top = front;
            if (top < 0) {
                if (size == 0) {
                    break;
                }
                top = heap[0];
            }
            if (time[top] > endTime) {
                break;
            }
            if (dispatched + ran >= ask && state[top] == QUEUED) {
                if (control.shouldStop(now, dispatched + ran)) {
                    dispatched += ran;
                    return ran;
                }
                ask = control.nextCheck(dispatched + ran + 1);
            }
            if (top == front) {
                front = NO_FRONT;
            } else {
                pop();
            }
            if (state[top] == QUEUED) {
                dispatch(top);
                ran++;
            } else {
                freeSlot(top);
            }
        }
        dispatched += ran;
        if (advanceClock && endTime > now) {
            now = endTime;
        }
        return ran;
    }

    /** Runs the posted front event. */
    private void runPostedFront() {
        Runnable run = postedAction;
        postedAction = null;
        front = NO_FRONT;
        now = postedTime;
        run.run();
    }

    /** Runs the event of a slot just taken off the heap, then frees the slot. */
    private void dispatch(int slot) {
        state[slot] = RAN;
        now = time[slot];
        action[slot].run();
        freeSlot(slot);
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
        if (front == POSTED_FRONT) {
            runPostedFront();
            dispatched++;
            return true;
        }
        while (front >= 0 || size > 0) {
            int top = front;
            if (top >= 0) {
                front = NO_FRONT;
            } else {
                top = pop();
            }
            if (state[top] != QUEUED) {
                freeSlot(top);
                continue;
            }
            dispatch(top);
            dispatched++;
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
        long t = time[heap[0]];
        int nDue = 0;
        while (size > 0 && time[heap[0]] == t) {
            int e = pop();
            if (state[e] == QUEUED) {
                if (nDue == due.length) {
                    due = Arrays.copyOf(due, nDue * 2);
                }
                due[nDue++] = e;
            } else {
                freeSlot(e);
            }
        }
        int chosen = due[0];
        if (nDue > 1) {
            int nFirsts = 0;
            if (firsts.length < nDue) {
                firsts = new int[due.length];
            }
            for (int d = 0; d < nDue; d++) {
                int e = due[d];
                boolean seen = false;
                for (int f = 0; f < nFirsts && !seen; f++) {
                    seen = actor[firsts[f]].equals(actor[e]);
                }
                if (!seen) {
                    firsts[nFirsts++] = e;
                }
            }
            if (nFirsts > 1) {
                labels.clear();
                for (int f = 0; f < nFirsts; f++) {
                    String a = actor[firsts[f]];
                    String w = what[firsts[f]];
                    labels.add(w.startsWith(a) ? w : a + ": " + w);
                }
                if (listener != null) {
                    long[] seqs = new long[nFirsts];
                    String[] actors = new String[nFirsts];
                    for (int i = 0; i < nFirsts; i++) {
                        seqs[i] = seq[firsts[i]];
                        actors[i] = actor[firsts[i]];
                    }
                    listener.candidates(seqs, actors);
                }
                int pick = chooser.choose(Chooser.Kind.ORDER, t, List.copyOf(labels));
                if (pick < 0 || pick >= nFirsts) {
                    throw new IllegalStateException("choice " + pick + " at " + t + " ns out of range 0.."
                            + (nFirsts - 1) + " " + labels);
                }
                chosen = firsts[pick];
            }
            for (int d = 0; d < nDue; d++) {
                if (due[d] != chosen) {
                    insert(due[d]);
                }
            }
        }
        state[chosen] = RAN;
        now = t;
        if (listener != null) {
            listener.dispatching(seq[chosen], parent[chosen], actor[chosen], t);
        }
        running = seq[chosen];
        try {
            action[chosen].run();
        } finally {
            running = -1;
        }
        freeSlot(chosen);
    }

    /** Due time of the next live event, or {@code Long.MAX_VALUE} when none. */
    public long nextDueTime() {
        if (front == POSTED_FRONT) {
            return postedTime;
        }
        if (front >= 0) {
            if (state[front] == QUEUED) {
                return time[front];
            }
            freeSlot(front);
            front = NO_FRONT;
        }
        while (size > 0 && state[heap[0]] != QUEUED) {
            freeSlot(pop());
        }
        return size == 0 ? Long.MAX_VALUE : time[heap[0]];
    }

    /** Events run so far. */
    public long dispatched() {
        return dispatched;
    }

    /** Queued entries, including cancelled ones not yet dropped. */
    public int queued() {
        return front != NO_FRONT ? size + 1 : size;
    }

    /** The handle {@link #schedule} and its kin return: the event's ticket, due time and description. */
    private static final class Handle implements Timer {
        private final EventQueue queue;
        private final long ticket;
        private final long due;
        private final String what;

        Handle(EventQueue queue, long ticket, long due, String what) {
            this.queue = queue;
            this.ticket = ticket;
            this.due = due;
            this.what = what;
        }

        @Override
        public void cancel() {
            queue.cancel(ticket);
        }

        @Override
        public boolean isPending() {
            return queue.pending(ticket);
        }

        @Override
        public long dueTime() {
            return due;
        }

        @Override
        public String toString() {
            return what + "@" + due;
        }
    }
}
