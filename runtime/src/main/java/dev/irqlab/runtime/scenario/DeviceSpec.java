package dev.irqlab.runtime.scenario;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.vmm.Forwarding;

/**
 * One assigned device as the scenario describes it.
 *
 * @param name       unique instance name ({@code [a-z0-9][a-z0-9_-]*})
 * @param model      its {@code DeviceFactory} name
 * @param line       the host controller line number; {@link #ROUTED} when the scenario leaves out
 *                   {@code interrupt:} for the host's PCI routing to give it (then {@code trigger} is
 *                   null too), until the stack derives both ({@link #routedTo})
 * @param guestPin   the virtual controller pin (KVM GSI); the line number when not written
 *                   ({@link #ROUTED} while the line is)
 * @param forwarding the VMM's wiring; by default from the trigger ({@link Forwarding#defaultFor}), null
 *                   while the trigger is routed and forwarding is not written
 */
public record DeviceSpec(String name, String model, int line, Trigger trigger, int guestPin, Forwarding forwarding,
                         Config config, DriverSpec driver, Workload workload) {

    /** The {@link #line} (and unwritten {@link #guestPin}) of a device whose interrupt the host's PCI routing gives. */
    public static final int ROUTED = -1;

    /** Whether the scenario leaves the line and trigger to the host's PCI routing (no {@code interrupt:}). */
    public boolean routed() {
        return line == ROUTED;
    }

    /**
     * This device on the host line and trigger its routing gives, with the guest pin and forwarding the
     * loader would have defaulted from a written {@code interrupt:}.
     */
    public DeviceSpec routedTo(int hostLine, Trigger hostTrigger) {
        return new DeviceSpec(name, model, hostLine, hostTrigger, guestPin == ROUTED ? hostLine : guestPin,
                forwarding == null ? Forwarding.defaultFor(hostTrigger) : forwarding, config, driver, workload);
    }
}
