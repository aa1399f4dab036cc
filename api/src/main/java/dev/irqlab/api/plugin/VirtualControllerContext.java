package dev.irqlab.api.plugin;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.UserspaceIoApic;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.sim.Sim;
import java.util.Set;

/**
 * What a virtual controller is built from.
 *
 * @param name  component name ("vm0.vgic-v3")
 * @param vcpus number of vCPUs
 * @param exits where guest accesses that exit are reported
 * @param fixes the fixes the scenario selects
 * @param userspaceIoApic the VMM's IO-APIC under {@code KVM_CAP_SPLIT_IRQCHIP} (the controller is then
 *              KVM's local APICs only), or null
 * @param hostHz the host kernel's {@code CONFIG_HZ} ({@link HypervisorContext#hostHz()}): the in-kernel
 *              controller is part of the host kernel and delays in its jiffies
 */
public record VirtualControllerContext(Sim sim, String name, int vcpus, Config config, Set<String> fixes,
                                       ExitSink exits, UserspaceIoApic userspaceIoApic, int hostHz) {

    public VirtualControllerContext {
        if (hostHz <= 0) {
            throw new IllegalArgumentException("hostHz must be positive: " + hostHz);
        }
    }

    /** A controller under a host kernel built with the Kconfig default HZ. */
    public VirtualControllerContext(Sim sim, String name, int vcpus, Config config, Set<String> fixes,
                                    ExitSink exits, UserspaceIoApic userspaceIoApic) {
        this(sim, name, vcpus, config, fixes, exits, userspaceIoApic, IrqCore.KCONFIG_DEFAULT_HZ);
    }

    /** A controller that is the whole in-kernel irqchip, under a host kernel with the Kconfig default HZ. */
    public VirtualControllerContext(Sim sim, String name, int vcpus, Config config, Set<String> fixes,
                                    ExitSink exits) {
        this(sim, name, vcpus, config, fixes, exits, null);
    }
}
