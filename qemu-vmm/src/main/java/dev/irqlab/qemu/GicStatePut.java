package dev.irqlab.qemu;

import dev.irqlab.api.controller.VirtualInterruptController;

/**
 * QEMU putting its GIC state into KVM at a system reset (hw/intc/arm_gicv3_kvm.c
 * {@code kvm_arm_gicv3_reset} -> {@code kvm_arm_gicv3_put}, after {@code arm_gicv3_common_reset}
 * cleared QEMU's copy). Of that put this models what decides whether an interrupt KVM latched
 * before the reset survives it, in QEMU's order: {@code kvm_gic_put_line_level_bmp(s, s->level)}
 * ({@code KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO} = 0, line_level) and
 * {@code kvm_dist_putbmp(s, GICD_ISPENDR, GICD_ICPENDR, s->pending)} (the ICPENDR write is ignored
 * from user space, the ISPENDR write of 0 clears pending_latch), for every SPI. The rest of the put
 * (enables cleared, actives, ICFGR all level, routes and priorities as QEMU's reset leaves them) is
 * not modelled; the guest's own GIC initialisation rewrites what it uses.
 */
final class GicStatePut {

    private final VirtualInterruptController irqchip;

    GicStatePut(VirtualInterruptController irqchip) {
        this.irqchip = irqchip;
    }

    /** Every pin's line level and pending state as QEMU's reset leaves them: 0. */
    void putResetState() {
        for (int pin = 0; pin < irqchip.pins(); pin++) {
            if (irqchip.writeLineLevelInfo(pin, false) < 0) {
                return; // no KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO: not QEMU's GICv3 put
            }
        }
        for (int pin = 0; pin < irqchip.pins(); pin++) {
            irqchip.uaccessWritePending(pin, false);
        }
    }
}
