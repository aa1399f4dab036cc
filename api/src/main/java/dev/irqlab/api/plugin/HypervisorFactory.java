package dev.irqlab.api.plugin;

import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;

/** Builds the hypervisor. */
public interface HypervisorFactory extends Configurable {

    Hypervisor create(HypervisorContext context);
}
