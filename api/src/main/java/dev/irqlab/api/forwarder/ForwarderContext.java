package dev.irqlab.api.forwarder;

import dev.irqlab.api.device.Device;
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
 * @param device     the assigned device as its host driver reaches it (vfio-pci reads and writes its
 *                   configuration space, {@link dev.irqlab.api.pci.PciFunction}); null when the
 *                   forwarder is built without one (a forwarder that needs it refuses that)
 */
public record ForwarderContext(Sim sim, String name, IrqCore hostKernel, List<HostIrq> irqs, Config config,
                               Device device) {

    /** A context without the device, for forwarders that touch only the host irqs (vfio-platform). */
    public ForwarderContext(Sim sim, String name, IrqCore hostKernel, List<HostIrq> irqs, Config config) {
        this(sim, name, hostKernel, irqs, config, null);
    }
}
