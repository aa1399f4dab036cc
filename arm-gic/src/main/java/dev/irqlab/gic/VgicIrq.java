package dev.irqlab.gic;

import dev.irqlab.api.controller.PhysicalInterruptController;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KVM's {@code struct vgic_irq} (include/kvm/arm_vgic.h) for one SPI: the software state of a
 * virtual interrupt while it is not in a list register.
 */
final class VgicIrq {

    final int intid;
    boolean enabled;
    boolean active;
    /** Edge latch, or pending set by GICD_ISPENDR. */
    boolean pendingLatch;
    /** The input level of a level-sensitive interrupt as injected by {@code kvm_vgic_inject_irq}. */
    boolean lineLevel;
    /** {@code VGIC_CONFIG_EDGE} (true) or {@code VGIC_CONFIG_LEVEL}. */
    boolean edge;
    /** Mapped to a physical interrupt ({@code kvm_vgic_map_phys_irq}). */
    boolean hw;
    int hwintid = -1;
    PhysicalInterruptController host;
    int priority;
    /** {@code target_vcpu}, or -1. */
    int targetVcpu;
    /** {@code irq->vcpu}: the vCPU whose ap_list holds it, or -1. */
    int vcpu = -1;

    VgicIrq(int intid, int priority, int targetVcpu) {
        this.intid = intid;
        this.priority = priority;
        this.targetVcpu = targetVcpu;
    }

    /** vgic.h {@code irq_is_pending}: edge -> pending_latch; level -> pending_latch || line_level. */
    boolean isPending() {
        return edge ? pendingLatch : pendingLatch || lineLevel;
    }

    /** vgic.h {@code vgic_irq_is_mapped_level}. */
    boolean isMappedLevel() {
        return hw && !edge;
    }

    Map<String, String> traced() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("enabled", StateTrace.bit(enabled));
        m.put("line_level", StateTrace.bit(lineLevel));
        m.put("pending_latch", StateTrace.bit(pendingLatch));
        m.put("pending", StateTrace.bit(isPending()));
        m.put("active", StateTrace.bit(active));
        return m;
    }
}
