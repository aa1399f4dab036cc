package dev.irqlab.kvm;

import dev.irqlab.api.controller.AckNotifier;
import dev.irqlab.api.controller.VirtualInterruptController;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct kvm_kernel_irqfd_resampler} (include/linux/kvm_irqfd.h): one per GSI with resample
 * irqfds, shared by all of them, with one ack notifier and the shared source
 * {@code KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID}. Subclasses are the two ways of answering the guest's EOI.
 */
abstract sealed class IrqfdResampler permits EoiResampler, MaskNotifierResampler {

    final KvmIrqfds kvm;
    final int gsi;
    final int pin;
    /**
     * {@code resampler->list}: the irqfds sharing it, newest first ({@code kvm_irqfd_assign} adds at
     * the head with {@code list_add_rcu}; {@code irqfd_resampler_notify} walks from the head).
     */
    final List<Irqfd> irqfds = new ArrayList<>();
    private final AckNotifier ackNotifier = this::irqAcked;
    /** The name of the deferred rest of the ack (resampler-ack-window), built once. */
    private final String ackSignalName;

    IrqfdResampler(KvmIrqfds kvm, int gsi, int pin) {
        this.kvm = kvm;
        this.gsi = gsi;
        this.pin = pin;
        this.ackSignalName = "kvm irqfd_resampler_ack gsi " + gsi + " signal";
    }

    /** Registration when the resampler is created in {@code kvm_irqfd_assign}. */
    void register(VirtualInterruptController chip) {
        if (pin >= 0) { // a GSI without a route: kvm_register_irq_ack_notifier keys by GSI, nothing ever acks it
            chip.addAckNotifier(pin, ackNotifier);
        }
    }

    /** The unregistration of {@code irqfd_resampler_shutdown} once the list is empty. */
    void unregister(VirtualInterruptController chip) {
        if (pin >= 0) {
            chip.removeAckNotifier(pin, ackNotifier);
        }
    }

    /**
     * virt/kvm/eventfd.c {@code irqfd_resampler_ack}: de-assert once for the shared source ("We can't
     * do multiple de-asserts or we risk racing with incoming re-asserts"), then let the variant decide
     * about the resamplefds.
     */
    private void irqAcked(int ackedPin) {
        kvm.setIrq(IrqSource.IRQFD_RESAMPLE, gsi, false);
        long window = kvm.resamplerAckWindowNs();
        if (window == 0) {
            afterDeassert();
        } else {
            // The rest of irqfd_resampler_ack, later: other CPUs' work (an injection, the host
            // interrupt) may land between the de-assert and the signal (resampler-ack-window).
            kvm.sim().scheduler().schedule(window, ackSignalName,
                    this::afterDeassert);
        }
    }

    /** What follows the de-assert in {@code irqfd_resampler_ack}. */
    abstract void afterDeassert();

    /**
     * virt/kvm/eventfd.c {@code irqfd_resampler_notify}: {@code eventfd_signal} every resamplefd of the
     * list (each signal may run VFIO's unmask synchronously).
     */
    final void notifyResamplefds() {
        if (irqfds.size() == 1) {
            irqfds.get(0).resamplefd().signal(); // nothing left to walk if the signal changes the list
            return;
        }
        // A copy: a signal may change the list (an irqfd deassigned from VFIO's handler).
        for (Irqfd irqfd : List.copyOf(irqfds)) {
            irqfd.resamplefd().signal();
        }
    }
}
