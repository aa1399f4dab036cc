package dev.irqlab.runtime.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems of one load, positioned by SnakeYAML marks (0-based) turned 1-based. */
final class Problems {

    private final String file;
    private final List<Problem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void at(Node node, String key, String message) {
        at(node.getStartMark(), key, message);
    }

    void at(Optional<Mark> mark, String key, String message) {
        at(mark.map(m -> m.getLine() + 1).orElse(1), mark.map(m -> m.getColumn() + 1).orElse(1), key, message);
    }

    void at(int line, int column, String key, String message) {
        found.add(new Problem(file, line, column, key, message));
    }

    Location location(Node node) {
        Optional<Mark> mark = node.getStartMark();
        return new Location(file, mark.map(m -> m.getLine() + 1).orElse(1), mark.map(m -> m.getColumn() + 1).orElse(1));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws the problems, in file order, if there are any. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            throw new ScenarioException(sorted);
        }
    }
}
