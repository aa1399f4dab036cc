package dev.irqlab.api.trace;

/**
 * Where models report what happened. Protocol: a model calls {@link #emit} at the moment a change
 * takes effect, with the current virtual time; events arrive in non-decreasing time order. The sink
 * may drop, count, stream or keep them; a model never reads the trace back.
 *
 * <p>Most of a run's trace is detail — {@link TraceEvent.StateChanged}, {@link TraceEvent.SpanBegin},
 * {@link TraceEvent.SpanEnd} — that only a writer or a check reads. A sink that reads none of it says
 * so with {@link #wantsDetail()}; a model may then skip building those events and the strings they
 * carry. Every other event is always emitted.
 */
@FunctionalInterface
public interface Trace {

    void emit(TraceEvent event);

    /**
     * Whether this sink reads detail events ({@code StateChanged}, {@code SpanBegin}, {@code SpanEnd}).
     * False lets a model leave them out; the sink still accepts any it is given. The answer is fixed
     * for the sink's life, so a model may ask once, when it is built.
     */
    default boolean wantsDetail() {
        return true;
    }

    /** A trace that drops everything and wants no detail. */
    static Trace discard() {
        return Discard.INSTANCE;
    }

    /** The sink of {@link #discard()}. */
    enum Discard implements Trace {
        INSTANCE;

        @Override
        public void emit(TraceEvent event) {
        }

        @Override
        public boolean wantsDetail() {
            return false;
        }
    }
}
