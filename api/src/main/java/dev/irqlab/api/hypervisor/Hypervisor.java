package dev.irqlab.api.hypervisor;

/** A hypervisor instance (KVM). Protocol: {@link #createVm} once per VM before the run. */
public interface Hypervisor {

    String name();

    Vm createVm(VmSpec spec);
}
