package dev.irqlab.api.vmm;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VirtualControllerFactory;

/**
 * The machine a scenario asks the VMM for: its vCPUs and the in-kernel interrupt controller (chosen
 * by the scenario or, when it names none, by the hypervisor: {@code HypervisorFactory.irqchipFor}).
 *
 * @param vcpus         number of vCPUs, at least 1
 * @param irqchipName   the virtual controller factory's name ("vgic-v3")
 * @param irqchip       builds the in-kernel virtual interrupt controller
 * @param irqchipConfig that controller plugin's validated configuration
 */
public record Machine(int vcpus, String irqchipName, VirtualControllerFactory irqchip, Config irqchipConfig) {
    public Machine {
        if (vcpus < 1) {
            throw new IllegalArgumentException("a VM needs at least one vCPU, got " + vcpus);
        }
    }
}
