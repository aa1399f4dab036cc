package dev.irqlab.cli;

import dev.irqlab.runtime.explore.Counterexample;
import dev.irqlab.runtime.explore.ExploreResult;
import java.io.PrintWriter;
import java.util.List;

/** The text an exploration (or a merge of shards) prints. */
final class ExploreReport {

    private ExploreReport() {
    }

    static void print(ExploreResult r, PrintWriter o) {
        o.printf("explore %s%n", r.scenario());
        o.printf("  %s%s%n", r.settings(), r.shardCount() > 1 ? ", shard " + r.shardIndex() + "/" + r.shardCount() : "");
        o.printf("schedules explored      %d%n", r.schedules());
        o.printf("runs executed           %d%s%n", r.runs(), r.blocked() > 0
                ? " (" + r.blocked() + " stopped by their sleep set)" : "");
        o.printf("distinct end states     %d%n", r.endStates().size());
        o.printf("choice points covered   %d%n", r.choicePoints().size());
        o.printf("longest run             %d choice points%n", r.longestRun());
        o.printf("exhaustive              %s%n", r.exhaustive()
                ? (r.boundsCut() ? "yes, within the bounds (depth/max-time left choice points unbranched)"
                : "yes (no choice point was left unbranched)")
                : "no (stopped at --max-schedules)");
        o.printf("violating schedules     %d%n", r.violating());
        if (r.counterexample().isPresent()) {
            Counterexample c = r.counterexample().get();
            o.printf("shortest violation      %s (minimised from %s)%n", schedule(c.minimised()), schedule(c.found()));
            for (String v : c.violations()) {
                o.printf("  %s%n", v);
            }
        }
        o.printf("verdict: %s%n", r.violating() > 0 ? "VIOLATION" : "no violation");
    }

    /** Deviations listed before the rest are only counted: a storm's schedule has 100,000 choices. */
    static final int SHOWN_DEVIATIONS = 16;

    /**
     * A schedule as its deviations from the plain run, {@code choice -> pick}, out of its length:
     * {@code [3->1, 17->2] of 40 choices}; the plain run itself is {@code [] of 40 choices}. The whole
     * list is in the saved schedule file.
     */
    static String schedule(List<Integer> picks) {
        StringBuilder b = new StringBuilder("[");
        int shown = 0;
        int more = 0;
        for (int i = 0; i < picks.size(); i++) {
            if (picks.get(i) == 0) {
                continue;
            }
            if (shown == SHOWN_DEVIATIONS) {
                more++;
                continue;
            }
            b.append(shown++ == 0 ? "" : ", ").append(i).append("->").append(picks.get(i));
        }
        if (more > 0) {
            b.append(", ... ").append(more).append(" more");
        }
        return b.append("] of ").append(picks.size()).append(picks.size() == 1 ? " choice" : " choices").toString();
    }
}
