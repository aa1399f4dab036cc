package dev.irqlab.runtime.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the metrics need to know about the assembled scenario: which trace components are guest
 * kernels and which are host kernels (a component belongs to kernel {@code k} if it is {@code k}
 * or starts with {@code k + "."}), and for each device (by its component name) the guest irq its
 * interrupt arrives at and the host irq it is requested on ({@code deviceHostIrq}), the devices in
 * report order ({@code devices}; a device the trace names and this list does not follows, by name),
 * and how many vCPUs the VM has ({@code vcpus}: each is reported, with or without exits).
 */
public record MetricsSpec(Set<String> guestKernels, Set<String> hostKernels, Map<String, IrqRef> deviceGuestIrq,
                          Map<String, IrqRef> deviceHostIrq, List<String> devices, int vcpus) {

    /** Without host irqs, device order or vCPUs (their per-device and per-vCPU metrics follow the trace alone). */
    public MetricsSpec(Set<String> guestKernels, Set<String> hostKernels, Map<String, IrqRef> deviceGuestIrq) {
        this(guestKernels, hostKernels, deviceGuestIrq, Map.of(), List.of(), 0);
    }

    public MetricsSpec {
        guestKernels = Set.copyOf(guestKernels);
        hostKernels = Set.copyOf(hostKernels);
        deviceGuestIrq = Map.copyOf(deviceGuestIrq);
        deviceHostIrq = Map.copyOf(deviceHostIrq);
        devices = List.copyOf(devices);
        if (vcpus < 0) {
            throw new IllegalArgumentException("vcpus must be >= 0, was " + vcpus);
        }
        for (Map.Entry<String, IrqRef> e : deviceHostIrq.entrySet()) {
            if (!hostKernels.contains(e.getValue().kernel())) {
                throw new IllegalArgumentException("deviceHostIrq." + e.getKey() + ".kernel: \""
                    + e.getValue().kernel() + "\" is not a host kernel; allowed: " + sorted(hostKernels));
            }
        }
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
