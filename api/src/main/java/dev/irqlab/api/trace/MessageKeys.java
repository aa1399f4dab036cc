package dev.irqlab.api.trace;

/**
 * The {@link MessageKey}s of the messages one component prints: each key is asked of the trace the
 * first time its message is printed, and found again by the identity of the key's text (a model
 * passes its keys as literals or constants), then by the text. For a model's trace helper whose
 * {@code message(key, text)} takes the key's text; a model that prints a message on every event may
 * as well ask {@link Trace#messageKey} for it when it is built.
 */
public final class MessageKeys {

    private final TextTable<MessageKey> keys;

    /**
     * @param trace     the run's trace, which numbers the keys (asked when a key is first needed)
     * @param component the component that prints the messages
     */
    public MessageKeys(Trace trace, TraceName component) {
        this.keys = new TextTable<>(key -> trace.messageKey(component, key));
    }

    /** The key of the message {@code key}. */
    public MessageKey key(String key) {
        return keys.get(key);
    }
}
