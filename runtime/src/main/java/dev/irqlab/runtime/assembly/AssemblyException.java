package dev.irqlab.runtime.assembly;

import dev.irqlab.api.plugin.Refusal;
import java.util.List;

/**
 * The scenario is well-formed but the chosen models cannot be put together as written (a line the
 * controller does not have, a trigger it refuses, a forwarding mode the virtual controller lacks).
 * Reported like a validation error: the run does not start. Every problem found while building
 * comes at once ({@link #problems()}), each with the scenario key it concerns so that it can be
 * printed at that key's line and column.
 */
public final class AssemblyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The problems, each at the scenario key it concerns (an empty path: the scenario as a whole). */
    @SuppressWarnings("serial") // an immutable List.copyOf of records
    private final List<Refusal> problems;

    /** One problem of the scenario as a whole. */
    public AssemblyException(String message) {
        this(message, List.of(Refusal.of(message)));
    }

    /** One problem at a scenario key ({@code devices[0].interrupt.line}). */
    public AssemblyException(String path, String message) {
        this(message, List.of(new Refusal(path, message)));
    }

    /** Several problems, each at its key; the message joins them. */
    public AssemblyException(List<Refusal> problems) {
        this(String.join("; ", problems.stream().map(Refusal::message).toList()), problems);
    }

    /**
     * @param message  the whole (for callers that print one line)
     * @param problems the same, located
     */
    public AssemblyException(String message, List<Refusal> problems) {
        super(message);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an assembly exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Refusal> problems() {
        return problems;
    }
}
