package dev.irqlab.tck;

import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.tck.doubles.ToyKernelFactory;

/** Proves the kernel contract with the kit's toy kernel. */
class ToyKernelContractTest extends KernelContract {
    @Override
    protected KernelFactory kernelFactory() {
        return new ToyKernelFactory();
    }
}
