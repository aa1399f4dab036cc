package dev.irqlab.runtime.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which of a set of kernels a trace component belongs to, as the value the caller keeps per kernel:
 * kernel {@code k} owns {@code k} and every component starting with {@code k + "."}. Answers are
 * cached per component; the first few component strings are also recognised by identity (a trace has
 * a handful of components, each emitted as the same string instance), which saves hashing.
 *
 * @param <V> what the caller keeps per kernel
 */
final class ComponentKernels<V> {

    private final Set<String> kernels;
    private final Function<String, V> valueOf;
    private final V none;
    private final Map<String, V> cache = new HashMap<>();
    private static final int RECENT = 8;
    private final String[] recentComponents = new String[RECENT];
    private final Object[] recentValues = new Object[RECENT];
    private int recent;

    /**
     * @param valueOf the value of each kernel, asked once per kernel
     * @param none    the answer for a component of none of them (not null)
     */
    ComponentKernels(Set<String> kernels, Function<String, V> valueOf, V none) {
        this.kernels = kernels;
        this.valueOf = valueOf;
        this.none = none;
    }

    /** The value of the kernel {@code component} belongs to, or {@code none}. */
    @SuppressWarnings({"ReferenceEquality", "unchecked"}) // identity first: one String per component; the
    // array holds only values of V
    V of(String component) {
        for (int i = 0; i < recent; i++) {
            if (recentComponents[i] == component) {
                return (V) recentValues[i];
            }
        }
        V v = cache.get(component);
        if (v == null) {
            v = none;
            for (String kernel : kernels) {
                if (component.equals(kernel) || component.startsWith(kernel + ".")) {
                    v = valueOf.apply(kernel);
                    break;
                }
            }
            cache.put(component, v);
        }
        if (recent < RECENT) {
            recentComponents[recent] = component;
            recentValues[recent] = v;
            recent++;
        }
        return v;
    }
}
