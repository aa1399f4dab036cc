package dev.irqlab.runtime.scenario;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario file the loader refused, with every problem it found. Unchecked, and an
 * {@link IllegalArgumentException} like every other bad-configuration error of irqlab: a caller that
 * wants to print the problems catches it and iterates {@link #problems()}; the message is the
 * problems one per line.
 */
public final class ScenarioException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ScenarioException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalStateException("a ScenarioException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems in file order (line, then column). */
    public List<Problem> problems() {
        return problems;
    }
}
