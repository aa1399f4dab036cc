package dev.irqlab.runtime.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a result reports about the run besides its metrics.
 *
 * @param versions the kernel release each chosen model follows where it models several, by factory
 *                 name (its {@code kvm-version} key: {@code kvm -> linux-6.17}, {@code vgic-v3 -> linux-6.19}),
 *                 in platform order
 */
public record RunInfo(String scenarioName, String sourceFile, long seed, long endTimeNs, long eventsDispatched,
                      Map<String, String> versions) {

    public RunInfo {
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** {@code kvm linux-6.17, vgic-v3 linux-6.19}, or empty. */
    public String versionsText() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : versions.entrySet()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append(' ').append(e.getValue());
        }
        return b.toString();
    }
}
