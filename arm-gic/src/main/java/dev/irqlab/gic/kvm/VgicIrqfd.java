package dev.irqlab.gic.kvm;

import dev.irqlab.api.Errno;

/**
 * arch/arm64/kvm/vgic/vgic-irqfd.c: how an irqfd reaches the vGIC. {@code vgic_irqfd_set_irq}
 * turns the routing entry's pin into SPI {@code pin + 32} and calls {@code kvm_vgic_inject_irq};
 * {@code kvm_arch_set_irq_inatomic} lets the irqfd wake-up inject directly.
 */
final class VgicIrqfd {

    private final Vgic vgic;
    private final VgicInit init;

    VgicIrqfd(Vgic vgic, VgicInit init) {
        this.vgic = vgic;
        this.init = init;
    }

    /**
     * {@code vgic_irqfd_set_irq} → {@code kvm_vgic_inject_irq}: no per-source state on arm64
     * ({@code sourceId} is ignored). Returns 0 (arm64's {@code kvm_set_irq} returns the 0 of
     * {@code kvm_vgic_inject_irq}), -EINVAL for a bad pin, or -EBUSY before initialisation.
     */
    int setIrq(int pin, boolean level) {
        if (pin < 0 || pin >= vgic.pins()) {
            return -Errno.EINVAL;
        }
        int r = init.lazyInit(pin + 32, level);
        if (r != 0) {
            return r;
        }
        vgic.injectIrq(pin + 32, level);
        return 0;
    }

    /**
     * {@code kvm_arch_set_irq_inatomic}: "Injecting SPIs is always possible in atomic context" —
     * once the vGIC is initialised; before, it breaks out to {@code -EWOULDBLOCK} and the irqfd falls
     * back to its work item.
     */
    boolean injectsInAtomicContext() {
        return init.initialized();
    }
}
