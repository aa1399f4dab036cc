package dev.irqlab.gic.kvm;

import dev.irqlab.gic.arch.GicIrqState;
import dev.irqlab.gic.arch.LrContents;
import java.util.Optional;

/**
 * KVM's {@code struct vgic_irq} of one SPI as values (include/kvm/arm_vgic.h): {@code enabled},
 * {@code active}, {@code pending_latch}, {@code line_level}, {@code irq_is_pending}, the
 * configuration (edge), {@code hw} with {@code hwintid}, {@code priority}, {@code target_vcpu},
 * the vCPU whose ap_list holds it ({@code irq->vcpu}, -1 for none), {@code group}, and the list
 * register that holds it, if one does.
 */
public record VgicIrqState(int intid, boolean enabled, boolean active, boolean pendingLatch, boolean lineLevel,
        boolean pending, boolean edge, boolean hw, int hwintid, int priority, int targetVcpu, int apListVcpu,
        boolean group, Optional<LrContents> lr) {

    public GicIrqState state() {
        return GicIrqState.of(active, pending);
    }
}
