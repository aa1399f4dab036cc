package dev.irqlab.kvm;

/** KVM's irq source ids (include/linux/kvm_host.h). */
final class IrqSource {
    /** {@code KVM_USERSPACE_IRQ_SOURCE_ID}: KVM_IRQ_LINE and non-resample irqfds. */
    static final int USERSPACE = 0;
    /** {@code KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID}: shared by every resample irqfd. */
    static final int IRQFD_RESAMPLE = 1;

    private IrqSource() {
    }
}
