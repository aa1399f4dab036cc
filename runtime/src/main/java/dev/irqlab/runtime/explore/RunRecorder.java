package dev.irqlab.runtime.explore;

import dev.irqlab.runtime.engine.Chooser;
import dev.irqlab.runtime.engine.EventQueue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The explorer's chooser for one run: follows a prefix of picks (leniently, for minimisation: a pick
 * beyond a point's alternatives becomes 0), takes 0 after it, and records every choice point, the
 * candidate events of each order choice, and every dispatched event with the state it touched.
 */
final class RunRecorder implements Chooser, EventQueue.Listener, Footprints {

    /** One dispatched event. {@code point}: the index of the choice point that picked it, or -1. */
    record Dispatched(long seq, long parent, String actor, long timeNs, int point, Set<String> footprint) {
    }

    private final List<Integer> prefix;
    private final List<Long> draws;
    private final boolean lenient;
    private int drawn;
    final List<ChoicePoint> points = new ArrayList<>();
    /** Per choice point: the candidate events' sequence numbers (order choices), else null. */
    final List<long[]> candidates = new ArrayList<>();
    final List<Dispatched> events = new ArrayList<>();
    private long[] pendingSeqs;
    private int lastPoint = -1;
    private long lastPointSeq = -2;
    private Set<String> current;

    RunRecorder(List<Integer> prefix, List<Long> draws, boolean lenient) {
        this.prefix = prefix;
        this.draws = draws;
        this.lenient = lenient;
    }

    @Override
    public int choose(Kind kind, long timeNs, List<String> alternatives) {
        int i = points.size();
        int pick = i < prefix.size() ? prefix.get(i) : 0;
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
            lastPoint = i;
            lastPointSeq = pendingSeqs[pick];
        } else {
            candidates.add(null);
        }
        pendingSeqs = null;
        return pick;
    }

    @Override
    public long draw(String stream, long seeded) {
        int i = drawn++;
        return i < draws.size() ? draws.get(i) : seeded;
    }

    @Override
    public void candidates(long[] seqs, String[] actors) {
        pendingSeqs = seqs;
    }

    @Override
    public void dispatching(long seq, long parentSeq, String actor, long timeNs) {
        current = new HashSet<>(4);
        current.add(actor);
        int point = seq == lastPointSeq ? lastPoint : -1;
        events.add(new Dispatched(seq, parentSeq, actor, timeNs, point, current));
    }

    @Override
    public void touch(String key) {
        if (current != null) {
            current.add(key);
        }
    }

    List<Integer> picks() {
        return points.stream().map(ChoicePoint::pick).toList();
    }
}
