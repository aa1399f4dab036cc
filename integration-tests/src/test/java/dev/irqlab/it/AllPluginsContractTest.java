package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.plugin.Role;
import dev.irqlab.it.contracts.ContractCatalog;
import dev.irqlab.runtime.plugins.PluginRegistry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every factory of every plugin on the class path passes the tck contract of its role: the plugins
 * are discovered as the CLI discovers them ({@link PluginRegistry#discover()}), so a new plugin is
 * checked without editing any list. Each factory's contract runs in a launcher of its own
 * ({@link dev.irqlab.it.contracts.ContractLauncher}); each contract test becomes one dynamic test here
 * that fails with the contract's own failure.
 */
class AllPluginsContractTest {

    private final PluginRegistry registry = PluginRegistry.discover();

    @TestFactory
    @DisplayName("every discovered factory passes the contract of its role")
    Stream<DynamicNode> everyFactoryPassesItsContract() {
        return ContractCatalog.byRole(ContractCatalog.launches(registry));
    }

    @Test
    @DisplayName("the discovery sees every role the contracts cover, so none passes vacuously")
    void coveredRolesAreNotEmpty() {
        for (Role role : List.of(Role.PHYSICAL_CONTROLLER, Role.VIRTUAL_CONTROLLER, Role.KERNEL, Role.FORWARDER,
                Role.HYPERVISOR, Role.VMM, Role.DEVICE)) {
            assertTrue(!registry.names(role).isEmpty(), "no " + role.label() + " factory discovered");
        }
    }
}
