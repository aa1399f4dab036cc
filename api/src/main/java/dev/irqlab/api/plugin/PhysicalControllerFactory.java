package dev.irqlab.api.plugin;

import dev.irqlab.api.controller.PhysicalInterruptController;

/** Builds the host's physical interrupt controller. Bound by name in a {@code MapBinder}. */
public interface PhysicalControllerFactory extends Configurable {

    PhysicalInterruptController create(ControllerContext context);

    /**
     * The name of the virtual-controller factory that models this architecture's in-kernel
     * controller ("gicv3" -> "vgic-v3"), used when a scenario does not name one.
     */
    String defaultVirtualController();
}
