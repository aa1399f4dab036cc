package dev.irqlab.api.trace;

/**
 * A name the trace carries in many events — a component, a driver, a device — as the run's trace
 * knows it: its text and a small integer {@code id}. A model asks for it once, when it is built
 * ({@link Trace#name}), and passes it to the typed calls; a sink that counts or encodes per name then
 * finds what it keeps for it in an array indexed by {@code id}, with no look-up by text per event.
 *
 * <p>Ids are numbered from 0, densely, by the sink that gave them out (a run's own trace numbers every
 * name it is asked for: {@link TraceNames}); {@link #UNNUMBERED} is a name no sink numbered (a sink
 * that numbers nothing gives those out, and {@link Trace#dispatch} a record's text as one). The same
 * {@code id} may come from two runs' traces for two different names: a sink that keeps something per
 * id keeps the name object too and takes an entry as its own only when it is that object (identity),
 * else it looks the text up as for an unnumbered name. Compared by identity, never by value: two
 * names with the same text and id from two traces are two names.
 *
 * @param id   the name's number in the trace that gave it out, or {@link #UNNUMBERED}
 * @param text the name as the trace writes it
 */
public record TraceName(int id, String text) {

    /** The id of a name no sink numbered. */
    public static final int UNNUMBERED = -1;

    public TraceName {
        if (text == null) {
            throw new IllegalArgumentException("a trace name has a text");
        }
        if (id < UNNUMBERED) {
            throw new IllegalArgumentException("a trace name's id is " + UNNUMBERED + " or more, not " + id);
        }
    }

    /** A name no sink numbered: what {@link Trace#name}'s default gives out. */
    public static TraceName unnumbered(String text) {
        return new TraceName(UNNUMBERED, text);
    }
}
