package dev.irqlab.api.plugin;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.sim.Sim;
import java.util.Set;

/**
 * What a virtual controller is built from.
 *
 * @param name  component name ("vm0.vgic-v3")
 * @param vcpus number of vCPUs
 * @param exits where guest accesses that exit are reported
 * @param fixes the fixes the scenario selects
 */
public record VirtualControllerContext(Sim sim, String name, int vcpus, Config config, Set<String> fixes,
                                       ExitSink exits) {
}
