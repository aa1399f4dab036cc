package dev.irqlab.api.hypervisor;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.Sim;
import java.util.Set;

/** What a hypervisor instance is built from: its configuration and the fixes the scenario selects. */
public record HypervisorContext(Sim sim, String name, Config config, Set<String> fixes) {
}
