package dev.irqlab.runtime.report;

import dev.irqlab.api.trace.TraceEvent;
import java.util.List;
import java.util.Set;

/**
 * The swimlanes of the timeline, top to bottom, in the order an interrupt crosses them, and which
 * lane a trace event belongs to, from its component name (docs/architecture.md, "Component names in
 * the trace"): a device's own name; {@code host.<controller>}; {@code host}; {@code vfio.<device>};
 * the hypervisor, the VMM and the vCPUs' exits ({@code kvm}, {@code qemu}, {@code vm0.vcpuN});
 * {@code vm0.<virtual controller>}; {@code guest}, whose driver outcomes and driver messages go to
 * the driver lane.
 */
final class Lanes {

    static final List<String> NAMES = List.of("device", "host controller", "host genirq", "VFIO", "KVM/irqfd",
            "virtual controller", "guest genirq", "guest driver");
    static final int DEVICE = 0;
    static final int HOST_CONTROLLER = 1;
    static final int HOST_GENIRQ = 2;
    static final int VFIO = 3;
    static final int KVM = 4;
    static final int VIRTUAL_CONTROLLER = 5;
    static final int GUEST_GENIRQ = 6;
    static final int GUEST_DRIVER = 7;

    /** An event with its lane and the one-line text a reader sees. */
    record Placed(TraceEvent event, int lane, String text) {
    }

    private final Set<String> devices;

    Lanes(Set<String> devices) {
        this.devices = Set.copyOf(devices);
    }

    Placed place(TraceEvent e) {
        return new Placed(e, lane(e), Describe.of(e));
    }

    int lane(TraceEvent e) {
        String c = e.component();
        if (devices.contains(c)) {
            return DEVICE;
        }
        if (c.equals("host")) {
            return HOST_GENIRQ;
        }
        if (c.startsWith("host.")) {
            return HOST_CONTROLLER;
        }
        if (c.startsWith("vfio.") || c.equals("vfio")) {
            return VFIO;
        }
        if (c.equals("guest")) {
            boolean driver = e instanceof TraceEvent.DriverOutcome || (e instanceof TraceEvent.KernelMessage m
                    && !m.key().startsWith("genirq.") && !m.key().startsWith("pm."));
            return driver ? GUEST_DRIVER : GUEST_GENIRQ;
        }
        int dot = c.indexOf('.');
        if (dot > 0 && !c.substring(dot + 1).startsWith("vcpu")) {
            return VIRTUAL_CONTROLLER;
        }
        return KVM;
    }
}
