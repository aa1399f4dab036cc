package dev.irqlab.api.trace;

import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the names and state keys of one run's trace: the first name asked for is 0, the next new
 * one 1, and a text asked for again gets the same {@link TraceName} object back (likewise the state keys,
 * by component, subject and field, and the message keys, by component and key). What a run's own trace (the sink the models are given) uses to
 * answer {@link Trace#name} and {@link Trace#stateKey}; asked once per name when a model is built, so a
 * look-up by text here costs nothing per event. Not thread-safe, as a run is not.
 */
public final class TraceNames {

    private final Map<String, TraceName> names = new HashMap<>();
    private final Map<KeyText, StateKey> keys = new HashMap<>();
    private final Map<MessageText, MessageKey> messages = new HashMap<>();

    private record KeyText(TraceName component, String subject, String field) {
    }

    private record MessageText(TraceName component, String key) {
    }

    /** The name of this text, numbered on first use. */
    public TraceName name(String text) {
        TraceName n = names.get(text);
        if (n == null) {
            n = new TraceName(names.size(), text);
            names.put(text, n);
        }
        return n;
    }

    /**
     * The key of this piece of state, numbered on first use; {@code component} is renumbered here when
     * another trace numbered it (or none did).
     */
    public StateKey stateKey(TraceName component, String subject, String field) {
        TraceName c = name(component.text());
        KeyText text = new KeyText(c, subject, field);
        StateKey k = keys.get(text);
        if (k == null) {
            k = new StateKey(keys.size(), c, subject, field);
            keys.put(text, k);
        }
        return k;
    }

    /**
     * The key of {@code component}'s message {@code key}, numbered on first use; {@code component} is
     * renumbered here as by {@link #stateKey}.
     */
    public MessageKey messageKey(TraceName component, String key) {
        TraceName c = name(component.text());
        MessageText text = new MessageText(c, key);
        MessageKey k = messages.get(text);
        if (k == null) {
            k = new MessageKey(messages.size(), c, key);
            messages.put(text, k);
        }
        return k;
    }

    /** How many names were numbered: every id given out is below it. */
    public int names() {
        return names.size();
    }

    /** How many state keys were numbered: every id given out is below it. */
    public int stateKeys() {
        return keys.size();
    }

    /** How many message keys were numbered: every id given out is below it. */
    public int messageKeys() {
        return messages.size();
    }
}
