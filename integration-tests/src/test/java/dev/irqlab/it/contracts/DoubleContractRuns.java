package dev.irqlab.it.contracts;

import dev.irqlab.api.plugin.Role;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The same dynamic tests {@code AllPluginsContractTest} builds, over two test doubles instead of the
 * discovered plugins: a working controller and a deliberately broken one. Launched by
 * {@code ContractFailuresFailTheOuterTest} (not run by surefire directly).
 */
public class DoubleContractRuns {

    @TestFactory
    DynamicNode brokenController() {
        return ContractCatalog.container(ContractCatalog.launchOf(Role.PHYSICAL_CONTROLLER,
                PhysicalControllerContractRun.class, BrokenPicFactory.class));
    }

    @TestFactory
    DynamicNode workingController() {
        return ContractCatalog.container(ContractCatalog.launchOf(Role.PHYSICAL_CONTROLLER,
                PhysicalControllerContractRun.class, ToyPicFactory.class));
    }
}
