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
 * @param userspaceIoApic the VMM's IO-APIC when it enables {@code KVM_CAP_SPLIT_IRQCHIP} (the in-kernel
 *                      irqchip is then the local APICs only), or null for the whole irqchip in the kernel
 */
public record VmSpec(String name, int vcpus, String irqchipName, VirtualControllerFactory irqchip,
                     Config irqchipConfig, UserspaceIoApic userspaceIoApic) {
    public VmSpec {
        if (vcpus < 1) {
            throw new IllegalArgumentException("a VM needs at least one vCPU, got " + vcpus);
        }
    }

    /** A VM with the whole irqchip in the kernel ({@code KVM_CREATE_IRQCHIP} or the vGIC device). */
    public VmSpec(String name, int vcpus, String irqchipName, VirtualControllerFactory irqchip, Config irqchipConfig) {
        this(name, vcpus, irqchipName, irqchip, irqchipConfig, null);
    }
}
