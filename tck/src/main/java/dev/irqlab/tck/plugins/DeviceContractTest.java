package dev.irqlab.tck.plugins;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.tck.DeviceContract;
import dev.irqlab.tck.PluginUnderTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The device contract over every discovered device ({@link Discovered}). */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.irqlab.tck.plugins.Discovered#devices")
public class DeviceContractTest extends DeviceContract {

    @Parameter
    PluginUnderTest<DeviceFactory> plugin;

    @Override
    protected DeviceFactory deviceFactory() {
        return plugin.factory();
    }

    @Override
    protected Config deviceConfig() {
        return plugin.config();
    }
}
