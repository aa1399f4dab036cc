package dev.irqlab.api.plugin;

import dev.irqlab.api.controller.VirtualInterruptController;

/** Builds a VM's in-kernel virtual interrupt controller. Called by the hypervisor in {@code createVm}. */
public interface VirtualControllerFactory extends Configurable {

    VirtualInterruptController create(VirtualControllerContext context);
}
