package dev.irqlab.runtime.explore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A wakeup tree (Abdulla, Aronis, Jonsson and Sagonas, "Optimal dynamic partial order reduction",
 * POPL 2014, section 6): an ordered tree of event sequences to run from one state, each the
 * reversal of a race found below it. A node is one event (the root none: the state itself); the
 * children of a node are ordered by insertion, and a run follows the leftmost branch. Events are
 * named by their {@link RunRecorder#id id} within the instant, which every run through the state
 * gives them alike.
 *
 * <p>Happens-before among the events of a sequence is what the explorer uses everywhere: same actor,
 * one queued the other, or dependent (their footprints share a component).
 */
final class WakeupTree {

    /** One event of a sequence: its id, actor, the id of the event that queued it (or null) and footprint. */
    record Step(String id, String actor, String parentId, Set<String> footprint) {
    }

    private final String id;
    private final String actor;
    private final String parentId;
    /** What the event touched, over every run that ran it from here (grows). */
    private final Set<String> footprint;
    private final List<WakeupTree> children = new ArrayList<>();

    private WakeupTree(String id, String actor, String parentId, Set<String> footprint) {
        this.id = id;
        this.actor = actor;
        this.parentId = parentId;
        this.footprint = new HashSet<>(footprint);
    }

    /** An empty tree: the root alone. */
    static WakeupTree root() {
        return new WakeupTree(null, null, null, Set.of());
    }

    /** A root whose one child is {@code step}: a run from the root's state that starts with it. */
    static WakeupTree starting(Step step) {
        WakeupTree t = root();
        t.children.add(node(step));
        return t;
    }

    /** A root whose one child is {@code child} itself (not a copy): a run from there follows its subtree. */
    static WakeupTree above(WakeupTree child) {
        WakeupTree t = root();
        t.children.add(child);
        return t;
    }

    private static WakeupTree node(Step s) {
        return new WakeupTree(s.id(), s.actor(), s.parentId(), s.footprint());
    }

    String id() {
        return id;
    }

    Step step() {
        return new Step(id, actor, parentId, Set.copyOf(footprint));
    }

    /** The children, leftmost first (unmodifiable view). */
    List<WakeupTree> children() {
        return java.util.Collections.unmodifiableList(children);
    }

    /** The child for the event {@code id}, or null. */
    WakeupTree child(String eventId) {
        for (WakeupTree c : children) {
            if (c.id.equals(eventId)) {
                return c;
            }
        }
        return null;
    }

    /** The child for {@code step}, added rightmost when missing; its footprint grows by the step's. */
    WakeupTree childFor(Step step) {
        WakeupTree c = child(step.id());
        if (c == null) {
            c = node(step);
            children.add(c);
        } else {
            c.footprint.addAll(step.footprint());
        }
        return c;
    }

    /**
     * The paper's {@code insert[E](v, wut)}: follows, from the root, the leftmost child that is a weak
     * initial of what is left of {@code v} (an initial of it, taken out of it, or an event of no
     * actor and no state of it); a leaf reached so, or nothing left, means the tree already covers
     * {@code v}; else what is left is added as a new rightmost branch there.
     */
    void insert(List<Step> v) {
        WakeupTree at = this;
        List<Step> rest = new ArrayList<>(v);
        descend:
        while (!rest.isEmpty()) {
            for (WakeupTree c : at.children) {
                Step s = c.step();
                int k = indexOf(rest, s.id());
                if (k >= 0 ? initial(rest, k) : independent(s, rest)) {
                    if (k >= 0) {
                        rest.remove(k);
                    }
                    at = c;
                    if (c.children.isEmpty()) {
                        return;
                    }
                    continue descend;
                }
            }
            for (Step s : rest) {
                WakeupTree n = node(s);
                at.children.add(n);
                at = n;
            }
            return;
        }
    }

    /** Whether {@code s} is a weak initial of {@code w}: an initial of it, or independent of all of it. */
    static boolean weakInitial(Step s, List<Step> w) {
        int k = indexOf(w, s.id());
        return k >= 0 ? initial(w, k) : independent(s, w);
    }

    private static int indexOf(List<Step> w, String eventId) {
        for (int k = 0; k < w.size(); k++) {
            if (w.get(k).id().equals(eventId)) {
                return k;
            }
        }
        return -1;
    }

    /** No event before {@code w[k]} in {@code w} happens before it. */
    private static boolean initial(List<Step> w, int k) {
        Step u = w.get(k);
        for (int b = 0; b < k; b++) {
            if (before(w.get(b), u)) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} (not in {@code w}) commutes with every event of {@code w}. */
    private static boolean independent(Step s, List<Step> w) {
        for (Step u : w) {
            if (before(s, u) || before(u, s)) {
                return false;
            }
        }
        return true;
    }

    /** {@code a} happens before {@code b} when {@code a} runs first: same actor, queued it, or dependent. */
    private static boolean before(Step a, Step b) {
        return a.actor().equals(b.actor()) || a.id().equals(b.parentId())
                || Explorer.dependent(a.footprint(), b.footprint());
    }
}
