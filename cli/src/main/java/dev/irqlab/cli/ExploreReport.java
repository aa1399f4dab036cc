package dev.irqlab.cli;

import dev.irqlab.runtime.explore.Counterexample;
import dev.irqlab.runtime.explore.ExploreResult;
import java.io.PrintWriter;

/** The text an exploration (or a merge of shards) prints. */
final class ExploreReport {

    private ExploreReport() {
    }

    static void print(ExploreResult r, PrintWriter o) {
        o.printf("explore %s%n", r.scenario());
        o.printf("  %s%s%n", r.settings(), r.shardCount() > 1 ? ", shard " + r.shardIndex() + "/" + r.shardCount() : "");
        o.printf("schedules explored      %d%n", r.schedules());
        o.printf("runs executed           %d%n", r.runs());
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
            o.printf("shortest violation      %s (minimised from %s)%n", c.minimised(), c.found());
            for (String v : c.violations()) {
                o.printf("  %s%n", v);
            }
        }
        o.printf("verdict: %s%n", r.violating() > 0 ? "VIOLATION" : "no violation");
    }
}
