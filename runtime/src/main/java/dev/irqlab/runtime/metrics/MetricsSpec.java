package dev.irqlab.runtime.metrics;

import java.util.Map;
import java.util.Set;

/**
 * What the metrics need to know about the assembled scenario: which trace components are guest
 * kernels and which are host kernels (a component belongs to kernel {@code k} if it is {@code k}
 * or starts with {@code k + "."}), and for each device (by its component name) the guest irq its
 * interrupt arrives at.
 */
public record MetricsSpec(Set<String> guestKernels, Set<String> hostKernels, Map<String, IrqRef> deviceGuestIrq) {

    public MetricsSpec {
        guestKernels = Set.copyOf(guestKernels);
        hostKernels = Set.copyOf(hostKernels);
        deviceGuestIrq = Map.copyOf(deviceGuestIrq);
        for (String k : guestKernels) {
            if (hostKernels.contains(k)) {
                throw new IllegalArgumentException("kernel \"" + k + "\" is listed both as guest and as host kernel");
            }
        }
        for (Map.Entry<String, IrqRef> e : deviceGuestIrq.entrySet()) {
            if (!guestKernels.contains(e.getValue().kernel())) {
                throw new IllegalArgumentException("deviceGuestIrq." + e.getKey() + ".kernel: \""
                    + e.getValue().kernel() + "\" is not a guest kernel; allowed: " + sorted(guestKernels));
            }
        }
    }

    private static String sorted(Set<String> s) {
        return new java.util.TreeSet<>(s).toString();
    }
}
