package dev.irqlab.api.vmm;

import dev.irqlab.api.irq.Trigger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the VMM wires an assigned device's interrupt into the guest.
 * {@link #IRQFD_RESAMPLE}: KVM irqfd with a resample eventfd ({@code KVM_IRQFD_FLAG_RESAMPLE},
 * virt/kvm/eventfd.c {@code irqfd_resampler_ack}), the level-triggered path;
 * {@link #IRQFD}: a plain irqfd, the edge path; {@link #HW_MAPPED}: the virtual interrupt is
 * linked to the physical one (arm64 {@code kvm_vgic_map_phys_irq}), deactivation reaches the GIC.
 */
public enum Forwarding {
    IRQFD_RESAMPLE("irqfd-resample"),
    IRQFD("irqfd"),
    HW_MAPPED("hw-mapped");

    private final String label;

    Forwarding(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** What QEMU's {@code vfio_start_irqfd_injection} picks: resample for level, plain for edge. */
    public static Forwarding defaultFor(Trigger trigger) {
        return trigger.isLevel() ? IRQFD_RESAMPLE : IRQFD;
    }

    public static Optional<Forwarding> fromLabel(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Forwarding::label).toList();
    }
}
