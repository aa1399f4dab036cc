package dev.irqlab.api.forwarder;

import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.Sim;
import java.util.List;

/**
 * What a forwarder instance for one assigned device is built from.
 *
 * @param name       component name ("vfio dev0")
 * @param hostKernel the host kernel whose irqs it requests
 * @param irqs       the device's host irqs, by VFIO index
 */
public record ForwarderContext(Sim sim, String name, IrqCore hostKernel, List<HostIrq> irqs, Config config) {
}
