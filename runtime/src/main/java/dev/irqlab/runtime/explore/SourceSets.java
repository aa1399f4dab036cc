package dev.irqlab.runtime.explore;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Race analysis of source-set DPOR (Abdulla, Aronis, Jonsson and Sagonas, "Optimal dynamic partial
 * order reduction", POPL 2014, Algorithm 1, with sleep sets) over one run.
 *
 * <p>Only events of one instant can be reordered (the times are fixed once the ranges are chosen).
 * Within an instant, happens-before is the transitive closure of: same actor, one event queued the
 * other, and dependence (their footprints share a component) in the run's order. A race is a
 * dependent pair on different actors that is ordered by nothing but itself (no event happens after
 * the first and before the second) and whose first event was picked at a choice point. Reversing it
 * means running, at that choice point, the sequence {@code v} = the events after the first that do
 * not happen after it, then the second; its <em>initials</em> (events of {@code v} with no
 * happens-before predecessor in {@code v}) are the candidates there any of which starts a run
 * equivalent to the reversal. The explorer adds one initial unless one is already to be explored or
 * asleep at that point: a source set, not every candidate as persistent sets need.
 */
final class SourceSets {

    /** The explorer's search tree, as the analysis sees it. */
    interface Tree {
        /** The candidate events' sequence numbers at choice point {@code point}. */
        long[] candidates(int point);

        /** The event picked at choice point {@code point} ran (and touched its footprint). */
        void ran(int point, RunRecorder.Dispatched event);

        /**
         * A reversible race at {@code point}: the reversal {@code v} (the events after the first that
         * do not happen after it, then the second, in run order) and its initials as candidate
         * indices there, the second event's own first.
         */
        void race(int point, List<RunRecorder.Dispatched> v, int[] initials);
    }

    private SourceSets() {
    }

    static void afterRun(RunRecorder rec, int points, Tree tree) {
        List<RunRecorder.Dispatched> ev = rec.events;
        for (RunRecorder.Dispatched e : ev) {
            if (e.point() >= 0 && e.point() < points) {
                tree.ran(e.point(), e);
            }
        }
        for (List<RunRecorder.Dispatched> instant : rec.instants()) {
            if (instant.size() > 1) {
                instant(instant, points, tree);
            }
        }
    }

    private static void instant(List<RunRecorder.Dispatched> g, int points, Tree tree) {
        int n = g.size();
        BitSet[] hb = new BitSet[n];
        for (int k = 0; k < n; k++) {
            RunRecorder.Dispatched e = g.get(k);
            hb[k] = new BitSet(n);
            for (int j = k - 1; j >= 0; j--) {
                if (hb[k].get(j)) {
                    continue;
                }
                RunRecorder.Dispatched d = g.get(j);
                if (d.actor().equals(e.actor()) || d.seq() == e.parent()
                        || Explorer.dependent(d.footprint(), e.footprint())) {
                    hb[k].set(j);
                    hb[k].or(hb[j]);
                }
            }
        }
        for (int k = 1; k < n; k++) {
            RunRecorder.Dispatched later = g.get(k);
            for (int i = 0; i < k; i++) {
                RunRecorder.Dispatched earlier = g.get(i);
                if (earlier.point() < 0 || earlier.point() >= points || earlier.actor().equals(later.actor())
                        || earlier.seq() == later.parent() || !Explorer.dependent(earlier.footprint(),
                        later.footprint()) || !immediate(hb, i, k)) {
                    continue;
                }
                List<Integer> v = reversal(hb, i, k);
                tree.race(earlier.point(), v.stream().map(g::get).toList(),
                        initials(g, hb, v, tree.candidates(earlier.point())));
            }
        }
    }

    /** No event happens after {@code i} and before {@code k}: the race is not implied by others. */
    private static boolean immediate(BitSet[] hb, int i, int k) {
        for (int j = i + 1; j < k; j++) {
            if (hb[j].get(i) && hb[k].get(j)) {
                return false;
            }
        }
        return true;
    }

    /** notdep(i).k: the events after {@code i} that do not happen after it, then {@code k}. */
    private static List<Integer> reversal(BitSet[] hb, int i, int k) {
        List<Integer> v = new ArrayList<>();
        for (int j = i + 1; j < k; j++) {
            if (!hb[j].get(i)) {
                v.add(j);
            }
        }
        v.add(k);
        return v;
    }

    /** The initials of the reversal {@code v} as candidate indices at its choice point, its last event's first. */
    private static int[] initials(List<RunRecorder.Dispatched> g, BitSet[] hb, List<Integer> v, long[] cands) {
        Map<Long, Integer> index = new HashMap<>();
        for (int c = 0; c < cands.length; c++) {
            index.put(cands[c], c);
        }
        List<Integer> found = new ArrayList<>();
        for (int a = v.size() - 1; a >= 0; a--) { // k first
            int u = v.get(a);
            boolean initial = true;
            for (int b = 0; b < a && initial; b++) {
                initial = !hb[u].get(v.get(b));
            }
            Integer c = index.get(g.get(u).seq());
            if (initial && c != null) {
                found.add(c);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }
}
