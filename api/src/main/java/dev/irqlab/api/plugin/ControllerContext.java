package dev.irqlab.api.plugin;

import dev.irqlab.api.sim.Sim;
import java.util.Set;

/**
 * What a physical controller is built from.
 *
 * @param name  component name ("host.gicv3")
 * @param cpus  number of host CPUs it delivers to
 * @param fixes the fixes the scenario selects
 */
public record ControllerContext(Sim sim, String name, int cpus, Config config, Set<String> fixes) {
}
