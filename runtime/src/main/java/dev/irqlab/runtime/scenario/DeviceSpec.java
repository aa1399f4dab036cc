package dev.irqlab.runtime.scenario;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.vmm.Forwarding;

/**
 * One assigned device as the scenario describes it.
 *
 * @param name       unique instance name ({@code [a-z0-9][a-z0-9_-]*})
 * @param model      its {@code DeviceFactory} name
 * @param line       the host controller line number
 * @param guestPin   the virtual controller pin (KVM GSI); the line number when not written
 * @param forwarding the VMM's wiring; by default from the trigger ({@link Forwarding#defaultFor})
 */
public record DeviceSpec(String name, String model, int line, Trigger trigger, int guestPin, Forwarding forwarding,
                         Config config, DriverSpec driver, Workload workload) {
}
