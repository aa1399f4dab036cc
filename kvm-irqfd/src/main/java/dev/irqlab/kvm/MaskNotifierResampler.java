package dev.irqlab.kvm;

import dev.irqlab.api.controller.VirtualInterruptController;

/**
 * The resampler of Dmytro Maluka's "[PATCH v2 3/5] KVM: irqfd: Postpone resamplefd notify for
 * oneshot interrupts" (2022-08-05, msgid 20220805193919.1470653-1-dmy@semihalf.com; not merged):
 * {@code resampler->masked} follows the guest's mask of the pin through a mask notifier, registered
 * with {@code kvm_register_and_fire_irq_mask_notifier} (v2 2/5) so it starts from the current mask.
 * An EOI while masked de-asserts as before but records {@code pending} instead of signalling; the
 * unmask then signals.
 */
final class MaskNotifierResampler extends IrqfdResampler {

    private boolean masked;
    private boolean pending;
    /**
     * The SPI has no {@code kvm_unregister_irq_mask_notifier}: after shutdown the notifier stays
     * registered in the controller and must do nothing.
     */
    private boolean shutDown;

    MaskNotifierResampler(KvmIrqfds kvm, int gsi, int pin) {
        super(kvm, gsi, pin);
    }

    /** v2 3/5 {@code kvm_irqfd_assign}: register-and-fire the mask notifier, then the ack notifier. */
    @Override
    void register(VirtualInterruptController chip) {
        if (!chip.hasMaskNotifiers()) {
            throw new IllegalArgumentException("fix 'irqfd-mask-notifier' needs a virtual controller that fires "
                    + "mask notifiers; " + chip.name() + " fires none");
        }
        setMasked(chip.isMasked(pin), "kvm_register_and_fire_irq_mask_notifier");
        chip.addMaskNotifier(pin, (p, m) -> maskNotify(m));
        super.register(chip);
    }

    @Override
    void unregister(VirtualInterruptController chip) {
        super.unregister(chip);
        shutDown = true;
    }

    /** v2 3/5 {@code irqfd_resampler_ack}, after the de-assert: postpone while masked. */
    @Override
    void afterDeassert() {
        if (masked) {
            setPending(true, "irqfd_resampler_ack");
            return;
        }
        notifyResamplefds();
    }

    /**
     * v2 3/5 {@code irqfd_resampler_mask_notify}: {@code notify = !masked && pending; masked = masked;
     * pending = false;} then signal if {@code notify}.
     */
    void maskNotify(boolean nowMasked) {
        if (shutDown) {
            return;
        }
        boolean notify = !nowMasked && pending;
        setMasked(nowMasked, "irqfd_resampler_mask_notify");
        setPending(false, "irqfd_resampler_mask_notify");
        if (notify) {
            notifyResamplefds();
        }
    }

    boolean masked() {
        return masked;
    }

    boolean pending() {
        return pending;
    }

    private void setMasked(boolean value, String cause) {
        if (masked != value) {
            kvm.traceResampler(gsi, "masked", masked, value, cause);
        }
        masked = value;
    }

    private void setPending(boolean value, String cause) {
        if (pending != value) {
            kvm.traceResampler(gsi, "pending", pending, value, cause);
        }
        pending = value;
    }
}
