package dev.irqlab.tck.doubles;

import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.KernelFactory;

/** Builds {@link ToyKernel}s; no configuration keys. */
public final class ToyKernelFactory implements KernelFactory {

    @Override
    public IrqCore create(KernelContext context) {
        return new ToyKernel(context);
    }
}
