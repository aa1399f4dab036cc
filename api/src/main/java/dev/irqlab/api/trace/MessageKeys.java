package dev.irqlab.api.trace;

import java.util.Arrays;

/**
 * The {@link MessageKey}s of the messages one component prints: each key is asked of the trace the
 * first time its message is printed, and found again by the identity of the key's text (a model
 * passes its keys as literals or constants), then by the text. For a model's trace helper whose
 * {@code message(key, text)} takes the key's text; a model that prints a message on every event may
 * as well ask {@link Trace#messageKey} for it when it is built.
 */
public final class MessageKeys {

    private final Trace trace;
    private final TraceName component;
    /** The texts asked for so far, each as first passed, and their keys, in the order asked. */
    private String[] texts = new String[0];
    private MessageKey[] keys = new MessageKey[0];

    /**
     * @param trace     the run's trace, which numbers the keys (asked when a key is first needed)
     * @param component the component that prints the messages
     */
    public MessageKeys(Trace trace, TraceName component) {
        this.trace = trace;
        this.component = component;
    }

    /** The key of the message {@code key}. */
    @SuppressWarnings("ReferenceEquality") // identity first: the models pass their constants
    public MessageKey key(String key) {
        String[] all = texts;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == key) {
                return keys[i];
            }
        }
        return keyByText(key);
    }

    /** A key not found by the identity of its text: by the text, else asked of the trace. */
    private MessageKey keyByText(String key) {
        for (int i = 0; i < texts.length; i++) {
            if (texts[i].equals(key)) {
                return keys[i];
            }
        }
        MessageKey k = trace.messageKey(component, key);
        texts = Arrays.copyOf(texts, texts.length + 1);
        keys = Arrays.copyOf(keys, keys.length + 1);
        texts[texts.length - 1] = key;
        keys[keys.length - 1] = k;
        return k;
    }
}
