package dev.irqlab.api.trace;

/**
 * A sink that numbers the names, state keys and message keys it is asked for, with {@link #names()}: a run's own
 * trace, and a sink that may be given events on its own (a writer, the metrics). Its
 * {@link #name}, {@link #stateKey} and {@link #messageKey} answer from that numbering.
 */
public interface NumberingTrace extends Trace {

    /** The numbering this sink answers from. */
    TraceNames names();

    @Override
    default TraceName name(String text) {
        return names().name(text);
    }

    @Override
    default StateKey stateKey(TraceName component, String subject, String field) {
        return names().stateKey(component, subject, field);
    }

    @Override
    default MessageKey messageKey(TraceName component, String key) {
        return names().messageKey(component, key);
    }
}
