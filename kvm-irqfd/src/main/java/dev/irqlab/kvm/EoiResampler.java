package dev.irqlab.kvm;

/**
 * The upstream resampler (virt/kvm/eventfd.c {@code irqfd_resampler_ack}): after the de-assert, signal
 * every resamplefd, whether or not the guest has the pin masked. With a ONESHOT guest driver the pin
 * is masked at this point, so VFIO unmasks the host line while the device still asserts it, and the
 * re-fired interrupt is latched as pending in the virtual controller (kernel-notes §7 A).
 */
final class EoiResampler extends IrqfdResampler {

    EoiResampler(KvmIrqfds kvm, int gsi, int pin) {
        super(kvm, gsi, pin);
    }

    @Override
    void afterDeassert() {
        notifyResamplefds();
    }
}
