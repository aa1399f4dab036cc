package dev.irqlab.tck.plugins;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.tck.HypervisorContract;
import dev.irqlab.tck.PluginUnderTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The hypervisor contract over every discovered hypervisor ({@link Discovered}). */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.irqlab.tck.plugins.Discovered#hypervisors")
public class HypervisorContractTest extends HypervisorContract {

    @Parameter
    PluginUnderTest<HypervisorFactory> plugin;

    @Override
    protected HypervisorFactory hypervisorFactory() {
        return plugin.factory();
    }

    @Override
    protected Config hypervisorConfig() {
        return plugin.config();
    }
}
