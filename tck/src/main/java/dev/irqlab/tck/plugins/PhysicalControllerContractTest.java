package dev.irqlab.tck.plugins;

import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.tck.PhysicalControllerContract;
import dev.irqlab.tck.PluginUnderTest;
import dev.irqlab.tck.SimHarness;
import java.util.Set;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The physical-controller contract over every discovered physical controller ({@link Discovered}). */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.irqlab.tck.plugins.Discovered#physicalControllers")
public class PhysicalControllerContractTest extends PhysicalControllerContract {

    @Parameter
    PluginUnderTest<PhysicalControllerFactory> plugin;

    @Override
    protected PhysicalInterruptController newController(SimHarness h) {
        return plugin.factory().create(new ControllerContext(h.sim(), "host." + plugin.name(), 1, plugin.config(),
                Set.of()));
    }
}
