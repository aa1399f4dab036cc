package dev.irqlab.tck.plugins;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.tck.PluginUnderTest;
import dev.irqlab.tck.RecordingExits;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.VirtualControllerContract;
import java.util.Set;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The virtual-controller contract over every discovered virtual controller ({@link Discovered}). */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.irqlab.tck.plugins.Discovered#virtualControllers")
public class VirtualControllerContractTest extends VirtualControllerContract {

    @Parameter
    PluginUnderTest<VirtualControllerFactory> plugin;

    @Override
    protected VirtualInterruptController newController(SimHarness h, RecordingExits exits, Set<String> fixes) {
        return plugin.factory().create(new VirtualControllerContext(h.sim(), "vm0." + plugin.name(), 1,
                plugin.config(), fixes, exits));
    }

    @Override
    protected Set<String> fixes() {
        return plugin.fixes();
    }

    @Override
    protected Set<String> fixesMergedIn() {
        return plugin.factory().fixesMergedIn(plugin.config());
    }

    @Override
    protected boolean acksAtDelivery() {
        return plugin.factory().acksAtDelivery(plugin.config());
    }
}
