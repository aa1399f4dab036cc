package dev.irqlab.api.trace;

/**
 * The fixed part of a {@link TraceEvent.KernelMessage}: which component prints it and its stable
 * {@code key} ("elan_i2c.invalid_report"). A model asks for the key of each message it prints once
 * ({@link Trace#messageKey}), when it is built or the first time it prints it, and passes it to
 * {@link Trace#kernelMessage(long, MessageKey, String)}: the metrics count the message in an array
 * indexed by {@code id}, with no look-up by text per event. Numbered as {@link TraceName} is, with the
 * same rule for a sink that keeps something per id (the key object, by identity, else its texts).
 *
 * @param id        the key's number in the trace that gave it out, or {@link TraceName#UNNUMBERED}
 * @param component the component that prints the message (a kernel, a VMM)
 * @param key       the message's stable key, as the metrics name it ({@code messages.<key>})
 */
public record MessageKey(int id, TraceName component, String key) {

    public MessageKey {
        if (component == null || key == null) {
            throw new IllegalArgumentException("a message key has a component and a key");
        }
        if (id < TraceName.UNNUMBERED) {
            throw new IllegalArgumentException("a message key's id is " + TraceName.UNNUMBERED + " or more, not " + id);
        }
    }
}
