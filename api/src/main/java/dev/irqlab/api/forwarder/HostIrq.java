package dev.irqlab.api.forwarder;

import dev.irqlab.api.irq.Trigger;

/**
 * One interrupt of an assigned device on the host: its Linux irq number and trigger type.
 *
 * @param forwardedToVcpu the irq is HW-mapped to a vCPU ({@code irq_set_vcpu_affinity}): the
 *                        physical interrupt stays active at the host controller until the guest
 *                        deactivates it, so the forwarder must not automask it. Upstream
 *                        vfio-platform has no such mode; it follows Eric Auger's unmerged
 *                        "KVM-VFIO IRQ forward control" series ({@code vfio_platform_set_automasked(false)}).
 */
public record HostIrq(int irq, Trigger trigger, boolean forwardedToVcpu) {

    /** A host irq forwarded the upstream way (automasked if level). */
    public HostIrq(int irq, Trigger trigger) {
        this(irq, trigger, false);
    }
}
