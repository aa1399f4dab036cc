package dev.irqlab.qemu;

import dev.irqlab.api.controller.VirtualInterruptController;
import java.util.List;
import java.util.stream.IntStream;

/**
 * QEMU putting its GIC state into KVM at a system reset (hw/intc/arm_gicv3_kvm.c
 * {@code kvm_arm_gicv3_reset} -> {@code kvm_arm_gicv3_put}, after {@code arm_gicv3_common_reset}
 * cleared QEMU's copy; GICv2: arm_gic_kvm.c {@code kvm_arm_gic_put}). Of that put this models what
 * differs from KVM's own reset state or decides whether an interrupt KVM latched before the reset
 * survives it, in QEMU's order: the trigger of every SPI from QEMU's {@code edge_trigger} bitmap, all
 * clear, so level ({@code kvm_dist_put_edge_trigger}, GICD_ICFGR = 0: KVM's reset state is edge,
 * vgic-init.c {@code kvm_vgic_dist_init}); then, GICv3 only, {@code kvm_gic_put_line_level_bmp(s,
 * s->level)} ({@code KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO} = 0, line_level, 32 interrupts a write) and
 * {@code kvm_dist_putbmp(s, GICD_ISPENDR, GICD_ICPENDR, s->pending)} (the ICPENDR write is ignored
 * from user space, the ISPENDR write of 0 clears pending_latch), for every SPI. The rest of the put
 * leaves what KVM's reset state already has (priorities and routes 0, the distributor disabled) or,
 * written as 0 to set/clear registers from user space, changes nothing (enables, actives).
 */
final class GicStatePut {

    /**
     * "GICD_ICFGR0".."GICD_ICFGR63", the names of the registers up to INTID 1019 (the GIC's last SPI),
     * built once: every run's reset writes them.
     */
    private static final List<String> ICFGR = IntStream.rangeClosed(0, 1019 / 16)
            .mapToObj(n -> "GICD_ICFGR" + n).toList();

    private final VirtualInterruptController irqchip;

    GicStatePut(VirtualInterruptController irqchip) {
        this.irqchip = irqchip;
    }

    /** QEMU's reset state: every SPI level; line level and pending state 0 (GICv3). */
    void putResetState() {
        // GICD_ICFGR<n> covers INTIDs 16n..16n+15; the SPIs are INTIDs 32..32+pins-1
        for (int n = 2; n <= (31 + irqchip.pins()) / 16; n++) {
            irqchip.uaccessWriteRegister(n < ICFGR.size() ? ICFGR.get(n) : "GICD_ICFGR" + n, 0);
        }
        // kvm_gic_put_line_level_bmp and kvm_dist_putbmp: one write per 32 interrupts, from INTID 32
        int pins = irqchip.pins();
        for (int first = 0; first < pins; first += 32) {
            if (irqchip.writeLineLevelInfoBits(first, 0) < 0) {
                return; // no KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO: not QEMU's GICv3 put
            }
        }
        for (int first = 0; first < pins; first += 32) {
            irqchip.uaccessWritePendingBits(first, 0);
        }
    }
}
