package dev.irqlab.api.controller;

import java.util.Arrays;
import java.util.Objects;

/**
 * The per-VM lists of {@code struct kvm_irq_ack_notifier} and {@code struct kvm_irq_mask_notifier}
 * (virt/kvm/eventfd.c {@code kvm_register_irq_ack_notifier}, {@code kvm_notify_acked_irq};
 * {@code kvm_register_irq_mask_notifier}, {@code kvm_fire_mask_notifiers}), keyed by irqchip pin.
 * Upstream keeps them in {@code struct kvm}, shared by every in-kernel irqchip; here each virtual
 * controller owns one. Notifiers run newest first over a snapshot, so one may unregister itself:
 * both registrations add at the head ({@code hlist_add_head_rcu}) and both notifications walk from
 * the head ({@code hlist_for_each_entry_srcu}); Linux 6.18, and every older version read.
 *
 * <p>Each pin's list is an array indexed by the pin and replaced, never changed, on a registration
 * or unregistration (rare: at set-up and on a resampler's change): the array a notification walks is
 * its snapshot, and the lookups on every EOI and IO-APIC scan neither hash, box nor copy.
 *
 * <p>The one container of the SPI: the KVM IO-APIC, the vGIC and the test doubles all need exactly
 * this list and no module below them is shared, so it lives next to {@link AckNotifier} and
 * {@link MaskNotifier}; it holds no model rule.
 */
public final class IrqNotifiers {

    private static final AckNotifier[] NO_ACK = {};
    private static final MaskNotifier[] NO_MASK = {};

    private AckNotifier[][] ack = new AckNotifier[0][];
    private MaskNotifier[][] mask = new MaskNotifier[0][];
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
        Objects.requireNonNull(notifier, "notifier");
        ack = grown(ack, pin);
        ack[pin] = prepended(ack[pin] == null ? NO_ACK : ack[pin], notifier);
        ackListChanged.run();
    }

    /** {@code kvm_unregister_irq_ack_notifier}. */
    public void removeAckNotifier(int pin, AckNotifier notifier) {
        if (pin >= 0 && pin < ack.length && ack[pin] != null) {
            ack[pin] = removed(ack[pin], notifier);
        }
        ackListChanged.run();
    }

    /** How many ack notifiers the pin has ({@code kvm_irq_has_notifier} is {@code > 0}). */
    public int ackNotifierCount(int pin) {
        AckNotifier[] l = pin >= 0 && pin < ack.length ? ack[pin] : null;
        return l == null ? 0 : l.length;
    }

    /** {@code kvm_notify_acked_irq} for one pin. */
    public void notifyAcked(int pin) {
        AckNotifier[] l = pin >= 0 && pin < ack.length ? ack[pin] : null;
        if (l != null) {
            for (AckNotifier n : l) {
                n.acked(pin);
            }
        }
    }

    /** {@code kvm_register_irq_mask_notifier}. */
    public void addMaskNotifier(int pin, MaskNotifier notifier) {
        Objects.requireNonNull(notifier, "notifier");
        mask = grown(mask, pin);
        mask[pin] = prepended(mask[pin] == null ? NO_MASK : mask[pin], notifier);
    }

    /** {@code kvm_fire_mask_notifiers} for one pin. */
    public void fireMaskNotifiers(int pin, boolean masked) {
        MaskNotifier[] l = pin >= 0 && pin < mask.length ? mask[pin] : null;
        if (l != null) {
            for (MaskNotifier n : l) {
                n.maskChanged(pin, masked);
            }
        }
    }

    /** {@code lists} with room for {@code pin}. */
    private static <T> T[][] grown(T[][] lists, int pin) {
        if (pin < 0) {
            throw new IllegalArgumentException("irqchip pin " + pin + " is negative");
        }
        return pin < lists.length ? lists : Arrays.copyOf(lists, Math.max(pin + 1, 2 * lists.length));
    }

    /** A new list: {@code n} and then {@code list} (the head insertion of {@code hlist_add_head_rcu}). */
    private static <T> T[] prepended(T[] list, T n) {
        T[] l = Arrays.copyOf(list, list.length + 1);
        System.arraycopy(list, 0, l, 1, list.length);
        l[0] = n;
        return l;
    }

    /** A new list: {@code list} without the first element equal to {@code n} (List.remove), or list itself. */
    private static <T> T[] removed(T[] list, Object n) {
        for (int i = 0; i < list.length; i++) {
            if (Objects.equals(list[i], n)) {
                T[] l = Arrays.copyOf(list, list.length - 1);
                System.arraycopy(list, i + 1, l, i, list.length - i - 1);
                return l;
            }
        }
        return list;
    }
}
