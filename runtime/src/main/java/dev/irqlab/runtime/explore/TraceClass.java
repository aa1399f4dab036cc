package dev.irqlab.runtime.explore;

import dev.irqlab.runtime.engine.Chooser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Mazurkiewicz trace of one run, hashed: two runs get the same value exactly when they took the
 * same range and model choices and ran the same events with every dependent pair (different actors,
 * footprints sharing a component) in the same order, i.e. when they differ only by swapping
 * independent events. An event is named by its actor, its instant and its rank among that actor's
 * events of the instant (an actor's events run in queue order). Tests count the classes a reduction
 * explores against naive enumeration; the explorer itself does not need it.
 */
final class TraceClass {

    private TraceClass() {
    }

    static long of(List<ChoicePoint> points, List<List<RunRecorder.Dispatched>> instants) {
        TreeSet<String> facts = new TreeSet<>();
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).kind() != Chooser.Kind.ORDER) {
                facts.add("choice " + i + " = " + points.get(i).pick());
            }
        }
        for (List<RunRecorder.Dispatched> g : instants) {
            long t = g.get(0).timeNs();
            Map<String, Integer> rank = new HashMap<>();
            List<String> names = new ArrayList<>();
            for (RunRecorder.Dispatched e : g) {
                int r = rank.merge(e.actor(), 1, Integer::sum);
                names.add(e.actor() + "#" + r + "@" + t);
            }
            facts.addAll(names);
            for (int k = 1; k < g.size(); k++) {
                for (int i = 0; i < k; i++) {
                    if (!g.get(i).actor().equals(g.get(k).actor())
                            && Explorer.dependent(g.get(i).footprint(), g.get(k).footprint())) {
                        facts.add(names.get(i) + " < " + names.get(k));
                    }
                }
            }
        }
        long h = 0xcbf29ce484222325L;
        for (String f : facts) {
            for (int i = 0; i < f.length(); i++) {
                h = (h ^ f.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0xff) * 0x100000001b3L;
        }
        return h;
    }
}
