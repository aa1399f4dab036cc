package dev.irqlab.api.controller;

/**
 * {@code struct kvm_irq_ack_notifier}: called when the guest acknowledges (EOIs or deactivates) an
 * interrupt on a pin (virt/kvm/eventfd.c {@code kvm_notify_acked_irq} callers: x86
 * {@code kvm_ioapic_update_eoi_one}, arm64 {@code vgic_v{2,3}_fold_lr_state}).
 */
@FunctionalInterface
public interface AckNotifier {

    void acked(int pin);
}
