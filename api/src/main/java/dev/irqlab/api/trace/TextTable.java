package dev.irqlab.api.trace;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A value made once per text and found again by the identity of the text first (a model passes its
 * literals, constants or once-built names, so the same object comes back), then by the text: the
 * look-up a model's trace helper does per event, with no hashing and no allocation once every text
 * has been seen. For a handful of texts per component; it grows by one entry per new text.
 *
 * @param <V> what each text stands for (a {@link MessageKey}, a traced name)
 */
public final class TextTable<V> {

    private final Function<String, V> make;
    /** The texts asked for so far, each as first passed, and their values, in the order asked. */
    private String[] texts = new String[0];
    private Object[] values = new Object[0];

    /** @param make the value of a text not seen before, called once per text */
    public TextTable(Function<String, V> make) {
        this.make = make;
    }

    /** The value of {@code text}, made on its first look-up. */
    @SuppressWarnings("ReferenceEquality") // identity first: the callers pass the same String objects
    public V get(String text) {
        String[] all = texts;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == text) {
                return value(i);
            }
        }
        return byText(text);
    }

    /** A text not found by its identity: by its text, else made and kept. */
    private V byText(String text) {
        for (int i = 0; i < texts.length; i++) {
            if (texts[i].equals(text)) {
                return value(i);
            }
        }
        V v = make.apply(text);
        int n = texts.length;
        texts = Arrays.copyOf(texts, n + 1);
        values = Arrays.copyOf(values, n + 1);
        texts[n] = text;
        values[n] = v;
        return v;
    }

    @SuppressWarnings("unchecked") // only get() stores, and only a V
    private V value(int i) {
        return (V) values[i];
    }
}
