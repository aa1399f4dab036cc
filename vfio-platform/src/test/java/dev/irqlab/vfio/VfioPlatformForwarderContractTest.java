package dev.irqlab.vfio;

import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.genirq.LinuxKernelFactory;
import dev.irqlab.tck.ForwarderContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The forwarder contract for ForwarderFactory "vfio-platform": on the real linux-genirq host kernel
 * (lazy disable, IRQF_NO_AUTOEN) and on the kit's toy kernel (eager disable), so the forwarder's
 * behaviour does not hang on one kernel's details.
 */
class VfioPlatformForwarderContractTest {

    @Nested
    @DisplayName("on the linux host kernel")
    class OnLinux extends ForwarderContract {
        @Override
        protected ForwarderFactory forwarderFactory() {
            return new VfioPlatformForwarderFactory();
        }

        @Override
        protected KernelFactory hostKernelFactory() {
            return new LinuxKernelFactory();
        }
    }

    @Nested
    @DisplayName("on the kit's toy kernel")
    class OnToyKernel extends ForwarderContract {
        @Override
        protected ForwarderFactory forwarderFactory() {
            return new VfioPlatformForwarderFactory();
        }
    }
}
