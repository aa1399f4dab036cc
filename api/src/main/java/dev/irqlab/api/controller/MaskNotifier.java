package dev.irqlab.api.controller;

/**
 * {@code struct kvm_irq_mask_notifier}: called when the guest changes the mask of a pin
 * (arch/x86/kvm/ioapic.c {@code kvm_fire_mask_notifiers} from {@code ioapic_write_indirect}).
 */
@FunctionalInterface
public interface MaskNotifier {

    void maskChanged(int pin, boolean masked);
}
