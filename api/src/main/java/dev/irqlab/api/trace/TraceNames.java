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
    /**
     * The state keys, by component, subject and field, in an open-addressed table of keys (null: free)
     * and their hashes: a run with a JSON Lines trace asks for a key per piece of state it traces (an
     * arm64 boot's distributor: several per SPI), and a table of the keys themselves needs no entry
     * object and no key record per key.
     */
    private StateKey[] keys = new StateKey[16];
    private int[] keyHashes = new int[16];
    private int keyCount;
    private final Map<MessageText, MessageKey> messages = new HashMap<>();

    /**
     * A message key's component and text, the key of {@link #messages}. Its equality and hash written
     * out, since the generated ones go through method handles (and {@link TraceName}'s own) at a run's
     * first message of each key: the component by identity, as {@link #messageKey} passes this
     * numbering's one object for its text (equal to it as a record exactly when identical), and hashed
     * by its id.
     */
    private record MessageText(TraceName component, String key) {
        @Override
        @SuppressWarnings("ReferenceEquality") // a component is this numbering's one object for its text
        public boolean equals(Object o) {
            return o instanceof MessageText t && component == t.component && key.equals(t.key);
        }

        @Override
        public int hashCode() {
            return 31 * component.id() + key.hashCode();
        }
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
    @SuppressWarnings("ReferenceEquality") // a component is this numbering's one object for its text
    public StateKey stateKey(TraceName component, String subject, String field) {
        TraceName c = name(component.text());
        int hash = (31 * c.id() + subject.hashCode()) * 31 + field.hashCode();
        int mask = keys.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            StateKey k = keys[i];
            if (k == null) {
                break;
            }
            if (keyHashes[i] == hash && k.component() == c && k.subject().equals(subject) && k.field().equals(field)) {
                return k;
            }
        }
        StateKey k = new StateKey(keyCount++, c, subject, field);
        if (2 * keyCount > keys.length) {
            growKeys();
        }
        putKey(k, hash);
        return k;
    }

    /** Puts {@code k} of hash {@code hash} in the first free slot from its own. */
    private void putKey(StateKey k, int hash) {
        int mask = keys.length - 1;
        int i = hash & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = k;
        keyHashes[i] = hash;
    }

    /** A table four times as large, the keys put again by their kept hashes. */
    private void growKeys() {
        StateKey[] old = keys;
        int[] oldHashes = keyHashes;
        keys = new StateKey[4 * old.length];
        keyHashes = new int[keys.length];
        for (int i = 0; i < old.length; i++) {
            if (old[i] != null) {
                putKey(old[i], oldHashes[i]);
            }
        }
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
        return keyCount;
    }

    /** How many message keys were numbered: every id given out is below it. */
    public int messageKeys() {
        return messages.size();
    }
}
