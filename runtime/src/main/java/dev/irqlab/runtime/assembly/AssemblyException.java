package dev.irqlab.runtime.assembly;

/**
 * The scenario is well-formed but the chosen models cannot be put together as written (a line the
 * controller does not have, a trigger it refuses, a forwarding mode the virtual controller lacks).
 * Reported like a validation error: the run does not start.
 */
public final class AssemblyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AssemblyException(String message) {
        super(message);
    }
}
