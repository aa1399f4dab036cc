package dev.irqlab.runtime.explore;

import dev.irqlab.runtime.engine.Chooser;
import java.util.List;

/**
 * One decision a run took: its kind, when, the alternatives it had (index 0 the plain run's) and the
 * one taken.
 */
public record ChoicePoint(Chooser.Kind kind, long timeNs, List<String> alternatives, int pick) {
    public ChoicePoint {
        alternatives = List.copyOf(alternatives);
    }

    public int size() {
        return alternatives.size();
    }
}
