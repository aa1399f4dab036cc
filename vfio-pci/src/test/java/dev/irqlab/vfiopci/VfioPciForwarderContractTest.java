package dev.irqlab.vfiopci;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.genirq.LinuxGenirqPlugin;
import dev.irqlab.tck.ForwarderContract;
import dev.irqlab.tck.PluginBindings;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The forwarder contract for ForwarderFactory "vfio-pci" (a PCI 2.3 function), on the linux and the toy host kernel. */
class VfioPciForwarderContractTest {

    @Nested
    @DisplayName("on the linux host kernel")
    class OnLinux extends ForwarderContract {
        @Override
        protected ForwarderFactory forwarderFactory() {
            return PluginBindings.factory(new VfioPciPlugin(), ForwarderFactory.class, VfioPciPlugin.NAME);
        }

        @Override
        protected KernelFactory hostKernelFactory() {
            return PluginBindings.factory(new LinuxGenirqPlugin(), KernelFactory.class, LinuxGenirqPlugin.NAME);
        }
    }

    @Nested
    @DisplayName("on the linux host kernel, nointxmask (masked at the irq chip, exclusive)")
    class OnLinuxNointxmask extends ForwarderContract {
        @Override
        protected ForwarderFactory forwarderFactory() {
            return PluginBindings.factory(new VfioPciPlugin(), ForwarderFactory.class, VfioPciPlugin.NAME);
        }

        @Override
        protected Config forwarderConfig() {
            return Config.of(Map.of(VfioPciForwarderFactory.NOINTXMASK, true,
                    VfioPciForwarderFactory.VIRQFD_WORK_LATENCY, 5_000L));
        }

        @Override
        protected KernelFactory hostKernelFactory() {
            return PluginBindings.factory(new LinuxGenirqPlugin(), KernelFactory.class, LinuxGenirqPlugin.NAME);
        }
    }

    @Nested
    @DisplayName("on the kit's toy kernel")
    class OnToyKernel extends ForwarderContract {
        @Override
        protected ForwarderFactory forwarderFactory() {
            return PluginBindings.factory(new VfioPciPlugin(), ForwarderFactory.class, VfioPciPlugin.NAME);
        }
    }
}
