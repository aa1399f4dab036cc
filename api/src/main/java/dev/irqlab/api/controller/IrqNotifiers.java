package dev.irqlab.api.controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-VM lists of {@code struct kvm_irq_ack_notifier} and {@code struct kvm_irq_mask_notifier}
 * (virt/kvm/eventfd.c {@code kvm_register_irq_ack_notifier}, {@code kvm_notify_acked_irq};
 * {@code kvm_register_irq_mask_notifier}, {@code kvm_fire_mask_notifiers}), keyed by irqchip pin.
 * Upstream keeps them in {@code struct kvm}, shared by every in-kernel irqchip; here each virtual
 * controller owns one. Notifiers run in registration order over a snapshot, so one may unregister
 * itself.
 *
 * <p>The one container of the SPI: the KVM IO-APIC, the vGIC and the test doubles all need exactly
 * this list and no module below them is shared, so it lives next to {@link AckNotifier} and
 * {@link MaskNotifier}; it holds no model rule.
 */
public final class IrqNotifiers {

    private final Map<Integer, List<AckNotifier>> ack = new HashMap<>();
    private final Map<Integer, List<MaskNotifier>> mask = new HashMap<>();
    private final Runnable ackListChanged;

    public IrqNotifiers() {
        this(() -> { });
    }

    /**
     * @param ackListChanged run after every ack-notifier registration and unregistration, as
     *                       virt/kvm/eventfd.c calls {@code kvm_arch_post_irq_ack_notifier_list_update}
     *                       (x86: a {@code KVM_REQ_SCAN_IOAPIC} request)
     */
    public IrqNotifiers(Runnable ackListChanged) {
        this.ackListChanged = ackListChanged;
    }

    /** {@code kvm_register_irq_ack_notifier}. */
    public void addAckNotifier(int pin, AckNotifier notifier) {
        ack.computeIfAbsent(pin, p -> new ArrayList<>()).add(notifier);
        ackListChanged.run();
    }

    /** {@code kvm_unregister_irq_ack_notifier}. */
    public void removeAckNotifier(int pin, AckNotifier notifier) {
        List<AckNotifier> l = ack.get(pin);
        if (l != null) {
            l.remove(notifier);
        }
        ackListChanged.run();
    }

    /** How many ack notifiers the pin has ({@code kvm_irq_has_notifier} is {@code > 0}). */
    public int ackNotifierCount(int pin) {
        List<AckNotifier> l = ack.get(pin);
        return l == null ? 0 : l.size();
    }

    /** {@code kvm_notify_acked_irq} for one pin. */
    public void notifyAcked(int pin) {
        List<AckNotifier> l = ack.get(pin);
        if (l != null) {
            for (AckNotifier n : List.copyOf(l)) {
                n.acked(pin);
            }
        }
    }

    /** {@code kvm_register_irq_mask_notifier}. */
    public void addMaskNotifier(int pin, MaskNotifier notifier) {
        mask.computeIfAbsent(pin, p -> new ArrayList<>()).add(notifier);
    }

    /** {@code kvm_fire_mask_notifiers} for one pin. */
    public void fireMaskNotifiers(int pin, boolean masked) {
        List<MaskNotifier> l = mask.get(pin);
        if (l != null) {
            for (MaskNotifier n : List.copyOf(l)) {
                n.maskChanged(pin, masked);
            }
        }
    }
}
