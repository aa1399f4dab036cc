package dev.irqlab.api.controller;

/**
 * {@code kvm_notify_irqfd_resampler(kvm, irqchip, pin)} (virt/kvm/eventfd.c, Linux 6.3): asks the
 * hypervisor to signal the resamplefds of the irqfd resampler on a pin, without de-asserting the
 * line. Returns false when no resampler exists on that pin.
 */
@FunctionalInterface
public interface ResamplerHook {

    ResamplerHook NONE = pin -> false;

    boolean notifyResampler(int pin);
}
