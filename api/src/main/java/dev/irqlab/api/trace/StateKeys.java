package dev.irqlab.api.trace;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The {@link StateKey}s of one component's state whose subjects are numbered (an IO-APIC's pins, a
 * kernel's irqs): each key is asked of the trace the first time its piece of state changes, and
 * found again by the subject's number and the field. A model that names its fields when it makes the
 * table ({@link #StateKeys(Trace, TraceName, IntFunction, String...)}) finds a key by the field's index
 * among them ({@link #key(int, int)}: two array loads per change, small enough to be inlined at every
 * call site); any other field by its identity (a model passes its field names as literals), then by its
 * text. For a model's trace helper; a model that has few pieces of state asks {@link Trace#stateKey}
 * for each when it is built instead.
 */
public final class StateKeys {

    private static final StateKey[] NONE = new StateKey[0];

    private final Trace trace;
    private final TraceName component;
    private final IntFunction<String> subject;
    /** The fields named when the table was made, whose keys {@link #key(int, int)} finds by index. */
    private final String[] fields;
    /** The keys of the named fields asked for so far, at {@code number * fields.length + field}; null for none. */
    private StateKey[] named = NONE;
    /** The keys of other fields asked for so far, by subject number; null for a number with none. */
    private StateKey[][] keys = new StateKey[0][];

    /**
     * @param trace     the run's trace, which numbers the keys (asked when a key is first needed)
     * @param component the component whose state it is
     * @param subject   the subject's text of a number ("pin 10"), read when a key of it is made
     */
    public StateKeys(Trace trace, TraceName component, IntFunction<String> subject) {
        this(trace, component, subject, new String[0]);
    }

    /**
     * @param trace     the run's trace, which numbers the keys (asked when a key is first needed)
     * @param component the component whose state it is
     * @param subject   the subject's text of a number ("pin 10"), read when a key of it is made
     * @param fields    the fields found by their index ({@link #key(int, int)}), in the model's order
     */
    public StateKeys(Trace trace, TraceName component, IntFunction<String> subject, String... fields) {
        this.trace = trace;
        this.component = component;
        this.subject = subject;
        this.fields = fields.clone();
    }

    /** The key of the named field {@code fields[field]} of subject {@code number}. */
    public StateKey key(int number, int field) {
        StateKey[] all = named;
        int i = number * fields.length + field;
        if (number >= 0 && i < all.length && all[i] != null) {
            return all[i];
        }
        return namedKey(number, field);
    }

    /** A named field's key not asked for yet (or of a negative number, never kept): asked of the trace. */
    private StateKey namedKey(int number, int field) {
        StateKey k = trace.stateKey(component, subject.apply(number), fields[field]);
        if (number >= 0) {
            int i = number * fields.length + field;
            if (i >= named.length) {
                named = Arrays.copyOf(named, Math.max(i + 1, 2 * named.length));
            }
            named[i] = k;
        }
        return k;
    }

    /** The key of {@code field} of subject {@code number}: a named field's by its index, else by the field. */
    @SuppressWarnings("ReferenceEquality") // identity first: the models pass their literals
    public StateKey key(int number, String field) {
        for (int f = 0; f < fields.length; f++) {
            if (fields[f] == field || fields[f].equals(field)) {
                return key(number, f);
            }
        }
        StateKey[][] all = keys;
        if (number >= 0 && number < all.length) {
            StateKey[] of = all[number];
            if (of != null) {
                for (StateKey k : of) {
                    if (k.field() == field) {
                        return k;
                    }
                }
            }
        }
        return keyByText(number, field);
    }

    /** A key not found by the field's identity: by its text, else asked of the trace. */
    private StateKey keyByText(int number, String field) {
        if (number < 0) {
            return trace.stateKey(component, subject.apply(number), field);
        }
        if (number >= keys.length) {
            keys = Arrays.copyOf(keys, Math.max(number + 1, 2 * keys.length));
        }
        StateKey[] of = keys[number] == null ? NONE : keys[number];
        for (StateKey k : of) {
            if (k.field().equals(field)) {
                return k;
            }
        }
        StateKey k = trace.stateKey(component, subject.apply(number), field);
        of = Arrays.copyOf(of, of.length + 1);
        of[of.length - 1] = k;
        keys[number] = of;
        return k;
    }

    /** The subject of {@code number} has a new text: its keys are asked for again. */
    public void subjectChanged(int number) {
        if (number >= 0 && number < keys.length) {
            keys[number] = null;
        }
        if (number >= 0) {
            for (int i = number * fields.length; i < (number + 1) * fields.length && i < named.length; i++) {
                named[i] = null;
            }
        }
    }
}
