package dev.irqlab.runtime.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which of a set of kernels a trace component belongs to: kernel {@code k} owns {@code k} and every
 * component starting with {@code k + "."}. Answers are cached per component; the first few
 * component strings are also recognised by identity (a trace has a handful of components, each
 * emitted as the same string instance), which saves hashing.
 */
final class ComponentKernels {

    private final Set<String> kernels;
    private final Map<String, String> cache = new HashMap<>();
    private static final int RECENT = 8;
    private final String[] recentComponents = new String[RECENT];
    private final String[] recentKernels = new String[RECENT];
    private int recent;

    ComponentKernels(Set<String> kernels) {
        this.kernels = kernels;
    }

    /** The kernel {@code component} belongs to, or "". */
    @SuppressWarnings("ReferenceEquality") // identity first: the trace reuses one String per component
    String of(String component) {
        for (int i = 0; i < recent; i++) {
            if (recentComponents[i] == component) {
                return recentKernels[i];
            }
        }
        String k = cache.get(component);
        if (k == null) {
            k = "";
            for (String kernel : kernels) {
                if (component.equals(kernel) || component.startsWith(kernel + ".")) {
                    k = kernel;
                    break;
                }
            }
            cache.put(component, k);
        }
        if (recent < RECENT) {
            recentComponents[recent] = component;
            recentKernels[recent] = k;
            recent++;
        }
        return k;
    }
}
