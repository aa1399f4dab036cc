package dev.irqlab.api.plugin;

import dev.irqlab.api.controller.PhysicalInterruptController;

/**
 * Builds the host's physical interrupt controller. Bound by name in a plugin's module. Which
 * in-kernel controller a VM gets on this host is the hypervisor's choice
 * ({@link HypervisorFactory#irqchipFor}), not the controller's.
 */
public interface PhysicalControllerFactory extends Configurable {

    PhysicalInterruptController create(ControllerContext context);
}
