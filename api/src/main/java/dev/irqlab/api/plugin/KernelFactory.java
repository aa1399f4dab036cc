package dev.irqlab.api.plugin;

import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.KernelContext;

/** Builds a kernel's interrupt core, once for the host and once per guest. */
public interface KernelFactory extends Configurable {

    IrqCore create(KernelContext context);
}
