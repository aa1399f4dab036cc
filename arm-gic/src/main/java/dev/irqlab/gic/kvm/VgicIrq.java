package dev.irqlab.gic.kvm;

import dev.irqlab.api.controller.PhysicalInterruptController;

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
    /** The routing register as stored: v2 {@code targets} (GICD_ITARGETSR byte), v3 {@code mpidr} (GICD_IROUTER). */
    long routeReg;
    /** {@code target_vcpu}, or -1. */
    int targetVcpu;
    /** {@code irq->vcpu}: the vCPU whose ap_list holds it, or -1. */
    int vcpu = -1;
    /** {@code irq->group}: GICD_IGROUPR, true = group 1. */
    boolean group;
    /** {@code irq->on_lr} (6.19): in a list register of the vCPU that runs it (set at populate, cleared at fold). */
    boolean onLr;
    /** Its index on the ap_list of {@link #vcpu} ({@link ApList}). */
    int apIndex;

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

    /** The fields traced on every change, in trace order. */
    static final String[] TRACED = {"enabled", "line_level", "pending_latch", "pending", "active"};

    /** The values of {@link #TRACED}: bit i is field i. */
    int traced() {
        return (enabled ? 1 : 0) | (lineLevel ? 2 : 0) | (pendingLatch ? 4 : 0) | (isPending() ? 8 : 0)
                | (active ? 16 : 0);
    }
}
