package dev.irqlab.runtime.scenario;

/**
 * What the runtime itself reads of the scenario's {@code vmm:} section; every other key of that
 * section is the chosen VMM's configuration ({@link Scenario#config} of
 * {@link dev.irqlab.api.plugin.Role#VMM}: QEMU's {@code force-unmask-at-start}, for one).
 *
 * @param vmStartNs when the VMM starts the VM: the virtual interrupt controller's final
 *                  initialisation and the first {@code KVM_RUN}, after which the guest boots and its
 *                  drivers probe. The host side (devices, vfio, the VMM's wiring) is set up at time 0,
 *                  before it. Guest actions may not come earlier.
 */
public record Vmm(long vmStartNs) {
    public static final Vmm DEFAULT = new Vmm(0);
    /** The key the runtime reads; the VMM's schema may not use it. */
    public static final String VM_START = "vm-start";
}
