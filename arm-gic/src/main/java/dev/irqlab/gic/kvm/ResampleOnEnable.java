package dev.irqlab.gic.kvm;

import java.util.Locale;

/**
 * How fix {@code vgic-resample-on-enable} (not upstream; the arm64 analogue of x86 fef8f2b90edb
 * "KVM: x86/ioapic: Resample the pending state of an IRQ when unmasking") orders its two steps in
 * {@code vgic_mmio_write_senable}: dropping the stale {@code line_level} and notifying the irqfd
 * resampler ({@code kvm_notify_irqfd_resampler}).
 *
 * <p>x86 notifies and then clears IRR, both under {@code ioapic->lock}, which every injection
 * ({@code kvm_ioapic_set_irq}) takes too, so a re-assertion the notification causes can only land
 * after the clear (arch/x86/kvm/ioapic.c: {@code ioapic_write_indirect}, Linux 6.3). The vGIC's
 * per-interrupt {@code irq_lock} is a raw spinlock and the notification signals an eventfd (whose
 * wait-queue lock is a {@code spinlock_t}, a sleeping lock under PREEMPT_RT), so an arm64 port
 * cannot simply hold the lock across both; {@code windowNs} is the time between the two steps during
 * which an injection from another CPU ({@code kvm_arch_set_irq_inatomic} from the host interrupt
 * that vfio's unmask lets through) may land. With {@link Order#NOTIFY_BEFORE_CLEAR} such an
 * injection finds {@code line_level} still 1, changes nothing ({@code vgic_validate_injection}), and
 * the clear then erases the fresh sample: the interrupt is lost and vfio's automasked host line
 * waits for a resample that never comes. With {@link Order#CLEAR_BEFORE_NOTIFY} (the default) the
 * injection raises a dropped level and is queued.
 *
 * @param order    which step comes first
 * @param windowNs time from the first step to the second; 0: one step, as the plain run takes it
 *                 (a range for {@code irqlab explore})
 */
public record ResampleOnEnable(Order order, long windowNs) {

    /** The two orders; {@link #label()} is the configuration value. */
    public enum Order {
        CLEAR_BEFORE_NOTIFY,
        NOTIFY_BEFORE_CLEAR;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Order parse(String label) {
            for (Order o : values()) {
                if (o.label().equals(label)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("'" + label + "'; allowed values: clear-before-notify, "
                    + "notify-before-clear");
        }
    }

    /** Clear, then notify, in one step: the rule the fix takes by default. */
    public static final ResampleOnEnable DEFAULT = new ResampleOnEnable(Order.CLEAR_BEFORE_NOTIFY, 0);

    public ResampleOnEnable {
        if (order == null || windowNs < 0) {
            throw new IllegalArgumentException("order " + order + ", window " + windowNs + " ns");
        }
    }
}
