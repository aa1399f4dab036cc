package dev.irqlab.api.trace;

/**
 * Where models report what happened. Protocol: a model calls {@link #emit} at the moment a change
 * takes effect, with the current virtual time; events arrive in non-decreasing time order. The sink
 * may drop, count, stream or keep them; a model never reads the trace back.
 */
@FunctionalInterface
public interface Trace {

    void emit(TraceEvent event);

    /** A trace that drops everything. */
    static Trace discard() {
        return event -> { };
    }
}
