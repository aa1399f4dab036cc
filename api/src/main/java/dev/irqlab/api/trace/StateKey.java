package dev.irqlab.api.trace;

/**
 * The fixed part of a {@link TraceEvent.StateChanged}: which piece of state of which component — the
 * component, its {@code subject} ("pin 10", "irq 1 (pin 10)") and {@code field} ("remote_irr"). A
 * model asks for the key of each piece of state once ({@link Trace#stateKey}), when it is built or
 * the first time the piece changes, and passes it to {@link Trace#stateChanged(long, StateKey, String,
 * String, String)}: a writer keeps the encoded bytes of the line's fixed part per key, in an array
 * indexed by {@code id}, with no look-up by text per event. Numbered as {@link TraceName} is, with the
 * same rule for a sink that keeps something per id (the key object, by identity, else its texts).
 *
 * @param id        the key's number in the trace that gave it out, or {@link TraceName#UNNUMBERED}
 * @param component the component whose state it is
 * @param subject   the pin, irq or object within the component
 * @param field     the state's standard field name
 */
public record StateKey(int id, TraceName component, String subject, String field) {

    public StateKey {
        if (component == null || subject == null || field == null) {
            throw new IllegalArgumentException("a state key has a component, a subject and a field");
        }
        if (id < TraceName.UNNUMBERED) {
            throw new IllegalArgumentException("a state key's id is " + TraceName.UNNUMBERED + " or more, not " + id);
        }
    }
}
