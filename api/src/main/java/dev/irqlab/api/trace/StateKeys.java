package dev.irqlab.api.trace;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The {@link StateKey}s of one component's state whose subjects are numbered (an IO-APIC's pins, a
 * kernel's irqs): each key is asked of the trace the first time its piece of state changes, and
 * found again by the subject's number and the field's identity (a model passes its field names as
 * literals), then by the field's text. For a model's trace helper; a model that has few pieces of
 * state asks {@link Trace#stateKey} for each when it is built instead.
 */
public final class StateKeys {

    private static final StateKey[] NONE = new StateKey[0];

    private final Trace trace;
    private final TraceName component;
    private final IntFunction<String> subject;
    /** The keys asked for so far, by subject number; null for a number with none. */
    private StateKey[][] keys = new StateKey[0][];

    /**
     * @param trace     the run's trace, which numbers the keys (asked when a key is first needed)
     * @param component the component whose state it is
     * @param subject   the subject's text of a number ("pin 10"), read when a key of it is made
     */
    public StateKeys(Trace trace, TraceName component, IntFunction<String> subject) {
        this.trace = trace;
        this.component = component;
        this.subject = subject;
    }

    /** The key of {@code field} of subject {@code number}. */
    @SuppressWarnings("ReferenceEquality") // identity first: the models pass their literals
    public StateKey key(int number, String field) {
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
    }
}
