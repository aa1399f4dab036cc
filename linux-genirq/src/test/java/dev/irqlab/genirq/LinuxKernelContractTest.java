package dev.irqlab.genirq;

import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.tck.KernelContract;

/** The kernel contract for KernelFactory "linux" with its default configuration. */
class LinuxKernelContractTest extends KernelContract {
    @Override
    protected KernelFactory kernelFactory() {
        return new LinuxKernelFactory();
    }
}
