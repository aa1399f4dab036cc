package dev.irqlab.tck.plugins;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.tck.PluginUnderTest;
import dev.irqlab.tck.VmmContract;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The VMM contract over every discovered VMM ({@link Discovered}). */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.irqlab.tck.plugins.Discovered#vmms")
public class VmmContractTest extends VmmContract {

    @Parameter
    PluginUnderTest<VmmFactory> plugin;

    @Override
    protected VmmFactory vmmFactory() {
        return plugin.factory();
    }

    @Override
    protected Config vmmConfig() {
        return plugin.config();
    }
}
