package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.irqlab.api.plugin.Role;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.tck.plugins.DeviceContractTest;
import dev.irqlab.tck.plugins.ForwarderContractTest;
import dev.irqlab.tck.plugins.HypervisorContractTest;
import dev.irqlab.tck.plugins.KernelContractTest;
import dev.irqlab.tck.plugins.PhysicalControllerContractTest;
import dev.irqlab.tck.plugins.VirtualControllerContractTest;
import dev.irqlab.tck.plugins.VmmContractTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which contract checks each role's factories. The contracts themselves run from the tck
 * ({@code dev.irqlab.tck.plugins}, scanned by surefire), once per discovered factory; this test makes
 * sure that none of them passes vacuously for want of a plugin, and names the roles the kit does not
 * check yet. The switch over {@link Role} is exhaustive, so a new role does not compile until it has
 * an entry here.
 */
class ContractCoverageTest {

    private static final PluginRegistry REGISTRY = PluginRegistry.discover();

    /** The tck run that checks a role's factories, or null when the kit has no contract for it yet. */
    static Class<?> contractOf(Role role) {
        return switch (role) {
            case PHYSICAL_CONTROLLER -> PhysicalControllerContractTest.class;
            case VIRTUAL_CONTROLLER -> VirtualControllerContractTest.class;
            case KERNEL -> KernelContractTest.class;
            case FORWARDER -> ForwarderContractTest.class;
            case HYPERVISOR -> HypervisorContractTest.class;
            case VMM -> VmmContractTest.class;
            case DEVICE -> DeviceContractTest.class;
            case GUEST_DRIVER, SYSTEM_SLEEP -> null;
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void everyRoleWithAContractHasFactoriesToCheck(Role role) {
        Class<?> contract = contractOf(role);
        Assumptions.assumeTrue(contract != null, "the tck has no contract for the " + role.label()
                + " role yet; " + REGISTRY.names(role) + " are not checked");
        assertFalse(REGISTRY.names(role).isEmpty(), "no " + role.label() + " factory discovered: "
                + contract.getSimpleName() + " would run over nothing");
    }
}
