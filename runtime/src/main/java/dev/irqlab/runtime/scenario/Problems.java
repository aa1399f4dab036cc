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
    private final java.util.Map<String, Location> keys = new java.util.HashMap<>();

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
        found.add(new Problem(source(mark), mark.map(m -> m.getLine() + 1).orElse(1),
                mark.map(m -> m.getColumn() + 1).orElse(1), key, message));
    }

    /** A problem of a command-line option ({@code --set path=value}) rather than of a place in the file. */
    void at(String option, String key, String message) {
        found.add(new Problem(option, 1, 1, key, message));
    }

    /** The source a node came from: the file, or the {@code --set} option that put it there. */
    private String source(Optional<Mark> mark) {
        return mark.map(Mark::getName).filter(n -> n.startsWith(Overrides.OPTION)).orElse(file);
    }

    void at(int line, int column, String key, String message) {
        found.add(new Problem(file, line, column, key, message));
    }

    /** Records where a key path is written, for problems found after loading (plugin refusals). */
    void saw(String path, Node node) {
        keys.putIfAbsent(path, location(node));
    }

    java.util.Map<String, Location> locations() {
        return keys;
    }

    /** A problem positioned in another file (a workload's timestamp file). */
    void add(Problem problem) {
        found.add(problem);
    }

    Location location(Node node) {
        Optional<Mark> mark = node.getStartMark();
        return new Location(source(mark), mark.map(m -> m.getLine() + 1).orElse(1), mark.map(m -> m.getColumn() + 1).orElse(1));
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
