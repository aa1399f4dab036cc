package dev.irqlab.runtime.metrics;

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
        versions = versions instanceof HandedOver ? versions : frozenVersions(versions);
    }

    /**
     * A read-only copy of {@code versions} in its order, which a {@code RunInfo} keeps as it is: the
     * runs of one parsed scenario share it instead of copying it each.
     */
    public static Map<String, String> frozenVersions(Map<String, String> versions) {
        return HandedOver.of(new LinkedHashMap<>(versions));
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
