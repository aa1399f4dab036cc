package dev.irqlab.tck.plugins;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.tck.KernelContract;
import dev.irqlab.tck.PluginUnderTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The kernel contract over every discovered kernel ({@link Discovered}). */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.irqlab.tck.plugins.Discovered#kernels")
public class KernelContractTest extends KernelContract {

    @Parameter
    PluginUnderTest<KernelFactory> plugin;

    @Override
    protected KernelFactory kernelFactory() {
        return plugin.factory();
    }

    @Override
    protected Config kernelConfig() {
        return plugin.config();
    }
}
