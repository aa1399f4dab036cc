package dev.irqlab.runtime.explore;

import dev.irqlab.runtime.engine.Chooser;
import dev.irqlab.runtime.engine.EventQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The explorer's chooser for one run: follows a prefix of picks (leniently, for minimisation: a pick
 * beyond a point's alternatives becomes 0), takes 0 after it, and records every choice point, the
 * candidate events of each order choice, and every dispatched event with the state it touched.
 *
 * <p>With a sleep set (source-set DPOR) it keeps, from choice point {@code sleepFrom} on, the events
 * that need not run next because an explored sibling already covers every run that starts with them
 * (Godefroid's sleep sets): each is woken (dropped) by the first event that runs and is dependent on
 * it. Past the prefix an order choice takes the first candidate that is not asleep; when every
 * enabled event is asleep the run is redundant and stops with {@link Blocked}.
 */
final class RunRecorder implements Chooser, EventQueue.Listener, Footprints {

    /**
     * One dispatched event. {@code point}: the index of the choice point that picked it, or -1.
     * {@code id}: the event's name within its instant, stable across runs that share a prefix of the
     * instant ({@link #id}); {@code parentId} the id of the event of the same instant that queued it,
     * else null.
     */
    record Dispatched(long seq, long parent, String actor, long timeNs, int point, Set<String> footprint, String id,
                      String parentId) {
    }

    /**
     * An event's name within its instant: its actor and its rank among that actor's events of the
     * instant (an actor's events run in queue order), the same in every run that reaches the
     * instant, whatever sequence numbers the queue gave it.
     */
    static String id(String actor, int rank) {
        return actor + "#" + rank;
    }

    private final List<Integer> prefix;
    private final List<Long> draws;
    private final boolean lenient;
    private int drawn;
    final List<ChoicePoint> points = new ArrayList<>();
    /** Per choice point: the candidate events' sequence numbers (order choices), else null. */
    final List<long[]> candidates = new ArrayList<>();
    /** Per choice point: the candidate events' ids ({@link #id}; order choices), else null. */
    final List<String[]> candidateIds = new ArrayList<>();
    /** Per choice point: the wakeup subtree the run followed there (optimal DPOR), else null. */
    final List<WakeupTree> guideAt = new ArrayList<>();
    final List<Dispatched> events = new ArrayList<>();
    private long[] pendingSeqs;
    private String[] pendingActors;
    private String[] pendingIds;
    /** The time of the last dispatched event. */
    private long instant = -1;
    /**
     * The index in {@link #events} of the first event dispatched at {@link #instant}: the events of the
     * instant are the list's tail, where an actor's rank and a parent's id are found. An instant holds
     * one or two events in the shipped scenarios, so a walk costs less than maps cleared per instant.
     */
    private int instantStart;
    /**
     * Optimal DPOR: the wakeup tree the run follows from choice point {@code sleepFrom} on, as the
     * node for the events run so far (its children are what to run next); null when there is none
     * or the run left it.
     */
    private WakeupTree guide;
    private final WakeupTree initialGuide;
    private int lastPoint = -1;
    private long lastPointSeq = -2;
    private Footprint current;
    private final int sleepFrom;
    private final Map<Long, Set<String>> initialSleep;
    /** The sleep set now (sequence number -> footprint), null before {@code sleepFrom}. */
    private Map<Long, Set<String>> sleep;
    /** Per choice point: the sleep set when the run reached it (null where none is kept). */
    final List<Map<Long, Set<String>>> sleepAt = new ArrayList<>();
    /** The event that ran last and has not yet woken the sleepers dependent on it. */
    private Dispatched unfiltered;

    /** A run that reached a state whose every enabled event is asleep: equivalent to one explored. */
    static final class Blocked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Blocked() {
            super("sleep-set blocked", null, false, false);
        }
    }

    RunRecorder(List<Integer> prefix, List<Long> draws, boolean lenient) {
        this(prefix, draws, lenient, -1, Map.of(), null);
    }

    /**
     * @param sleepFrom    the choice point from which a sleep set is kept (-1: none)
     * @param initialSleep the sleep set at that point, before its choice
     * @param guide        optimal DPOR: a wakeup tree whose root stands for the state at choice point
     *                     {@code sleepFrom}, and whose one child is the prefix's last pick; the run
     *                     follows its leftmost branch (null: none)
     */
    RunRecorder(List<Integer> prefix, List<Long> draws, boolean lenient, int sleepFrom,
                Map<Long, Set<String>> initialSleep, WakeupTree guide) {
        this.prefix = prefix;
        this.draws = draws;
        this.lenient = lenient;
        this.sleepFrom = sleepFrom;
        this.initialSleep = initialSleep;
        this.initialGuide = guide;
    }

    @Override
    public int choose(Kind kind, long timeNs, List<String> alternatives) {
        int i = points.size();
        if (i == sleepFrom) {
            sleep = new LinkedHashMap<>(initialSleep);
            // An order choice comes between events; any other is made inside the running event,
            // which wakes the sleepers dependent on it once it ends.
            unfiltered = kind == Kind.ORDER || events.isEmpty() ? null : events.get(events.size() - 1);
            guide = initialGuide;
        }
        sleepAt.add(sleep == null ? null : Map.copyOf(sleep));
        pendingIds = kind == Kind.ORDER ? pendingIds(timeNs) : null;
        guideAt.add(i >= prefix.size() && kind == Kind.ORDER ? guide : null);
        int pick = i < prefix.size() ? prefix.get(i) : kind == Kind.ORDER ? guided() : firstAwake(kind);
        if (pick >= alternatives.size()) {
            if (!lenient) {
                throw new IllegalStateException("choice " + i + " = " + pick + " but only " + alternatives.size()
                        + " alternatives: " + alternatives);
            }
            pick = 0;
        }
        points.add(new ChoicePoint(kind, timeNs, alternatives, pick));
        if (kind == Kind.ORDER) {
            candidates.add(pendingSeqs);
            candidateIds.add(pendingIds);
            lastPoint = i;
            lastPointSeq = pendingSeqs[pick];
        } else {
            candidates.add(null);
            candidateIds.add(null);
        }
        pendingSeqs = null;
        pendingActors = null;
        pendingIds = null;
        return pick;
    }

    /**
     * An order choice past the prefix: the wakeup tree's next event when the run follows one (its
     * leftmost child; the tree keeps the others for later runs), else the first candidate not asleep.
     */
    private int guided() {
        if (guide != null && !guide.children().isEmpty()) {
            String next = guide.children().get(0).id();
            for (int c = 0; c < pendingIds.length; c++) {
                if (pendingIds[c].equals(next)) {
                    return c;
                }
            }
            guide = null; // not enabled here: the run leaves the tree (not expected)
        }
        return firstAwake(Kind.ORDER);
    }

    @Override
    public long draw(String stream, long seeded) {
        int i = drawn++;
        return i < draws.size() ? draws.get(i) : seeded;
    }

    /** Past the prefix: an order choice takes the first candidate not asleep, any other choice 0. */
    private int firstAwake(Kind kind) {
        if (kind != Kind.ORDER || sleep == null) {
            return 0;
        }
        for (int c = 0; c < pendingSeqs.length; c++) {
            if (!sleep.containsKey(pendingSeqs[c])) {
                return c;
            }
        }
        throw new Blocked();
    }

    /** The event that ran last wakes every sleeper whose footprint it shares. */
    private void wake() {
        if (sleep != null && unfiltered != null) {
            Set<String> ran = unfiltered.footprint();
            sleep.values().removeIf(fp -> Explorer.dependent(fp, ran));
        }
        unfiltered = null;
    }

    @Override
    public void candidates(long[] seqs, String[] actors) {
        wake();
        pendingSeqs = seqs;
        pendingActors = actors;
    }

    /** The ids of the candidates of an order choice at {@code timeNs}: each its actor's next event there. */
    private String[] pendingIds(long timeNs) {
        String[] out = new String[pendingActors.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = id(pendingActors[c], (timeNs == instant ? dispatchedAtInstant(pendingActors[c]) : 0) + 1);
        }
        return out;
    }

    @Override
    public void dispatching(long seq, long parentSeq, String actor, long timeNs) {
        wake();
        if (sleep != null && sleep.containsKey(seq)) {
            throw new Blocked(); // the only enabled event is asleep
        }
        if (timeNs != instant) {
            instant = timeNs;
            instantStart = events.size();
        }
        String id = id(actor, dispatchedAtInstant(actor) + 1);
        String parentId = idAtInstant(parentSeq);
        if (guide != null) {
            guide = guide.child(id); // null when the run leaves the tree or its branch ends
        }
        current = new Footprint(actor);
        int point = seq == lastPointSeq ? lastPoint : -1;
        Dispatched d = new Dispatched(seq, parentSeq, actor, timeNs, point, current, id, parentId);
        events.add(d);
        unfiltered = d;
    }

    /** How many events of {@code actor} were dispatched at {@link #instant}. */
    @SuppressWarnings("ReferenceEquality") // the same string object first: an actor's events share its name
    private int dispatchedAtInstant(String actor) {
        int n = 0;
        for (int i = instantStart; i < events.size(); i++) {
            String a = events.get(i).actor();
            if (a == actor || a.equals(actor)) {
                n++;
            }
        }
        return n;
    }

    /** The id of the event of sequence number {@code seq} if it was dispatched at {@link #instant}, else null. */
    private String idAtInstant(long seq) {
        for (int i = events.size() - 1; i >= instantStart; i--) {
            Dispatched d = events.get(i);
            if (d.seq() == seq) {
                return d.id();
            }
        }
        return null;
    }

    @Override
    public void touch(String key) {
        if (current != null) {
            current.add(key);
        }
    }

    @Override
    public void touchQueue(String actor, long timeNs) {
        if (current != null) {
            current.addQueue(actor, timeNs);
        }
    }

    /** The dispatched events split by instant, in run order (only events of one instant can be reordered). */
    List<List<Dispatched>> instants() {
        List<List<Dispatched>> out = new ArrayList<>();
        int start = 0;
        while (start < events.size()) {
            int end = start;
            long t = events.get(start).timeNs();
            while (end < events.size() && events.get(end).timeNs() == t) {
                end++;
            }
            out.add(events.subList(start, end));
            start = end;
        }
        return out;
    }

    List<Integer> picks() {
        return points.stream().map(ChoicePoint::pick).toList();
    }
}
