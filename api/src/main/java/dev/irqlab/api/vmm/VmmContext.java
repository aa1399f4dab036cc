package dev.irqlab.api.vmm;

import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.Sim;

/**
 * What a VMM instance is built from.
 *
 * @param name       component name (the VMM factory's name, "qemu")
 * @param hypervisor the hypervisor it creates its VM on ({@code /dev/kvm})
 * @param vmStartNs  when the VMM starts the VM (scenario {@code vmm.vm-start}); the host side is set
 *                   up at time 0, before it
 * @param config     the VMM factory's validated configuration (the scenario's {@code vmm:} keys).
 *                   A VMM gets no fixes: fixes change the modelled kernel, a VMM's choices are its
 *                   configuration
 */
public record VmmContext(Sim sim, String name, Hypervisor hypervisor, long vmStartNs, Config config) {
}
