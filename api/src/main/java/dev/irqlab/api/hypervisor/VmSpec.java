package dev.irqlab.api.hypervisor;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VirtualControllerFactory;

/**
 * How to build one VM.
 *
 * @param name          component name ("vm0")
 * @param vcpus         number of vCPUs, at least 1
 * @param irqchipName   the virtual controller factory's name ("vgic-v3"); the controller's component
 *                      name is {@code <name>.<irqchipName>}
 * @param irqchip       builds the in-kernel virtual interrupt controller
 * @param irqchipConfig that controller plugin's validated configuration
 */
public record VmSpec(String name, int vcpus, String irqchipName, VirtualControllerFactory irqchip,
                     Config irqchipConfig) {
    public VmSpec {
        if (vcpus < 1) {
            throw new IllegalArgumentException("a VM needs at least one vCPU, got " + vcpus);
        }
    }
}
