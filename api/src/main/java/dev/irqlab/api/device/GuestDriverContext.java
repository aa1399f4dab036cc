package dev.irqlab.api.device;

import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.Sim;

/**
 * What a guest driver is built from.
 *
 * @param name   driver instance name in traces
 * @param kernel the guest kernel it calls
 * @param irq    the Linux irq number of its device's interrupt in that kernel
 * @param device the device (its registers; on a real system, a pass-through mapping or a bus)
 * @param flow   the interrupt flow the scenario asks for: "edge", "level", "oneshot-threaded"
 */
public record GuestDriverContext(Sim sim, String name, IrqCore kernel, int irq, Device device, String flow,
                                 Config config) {
}
