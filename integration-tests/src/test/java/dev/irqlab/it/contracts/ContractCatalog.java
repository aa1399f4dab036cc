package dev.irqlab.it.contracts;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.irqlab.api.plugin.Role;
import dev.irqlab.runtime.plugins.PluginRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Which contract each role's factories pass, and the dynamic tests that run it: one container per
 * role, one per factory (forwarders: per factory and host kernel), one dynamic test per contract test.
 * The switch over {@link Role} is exhaustive, so a new role does not compile until it has an entry.
 */
public final class ContractCatalog {

    private ContractCatalog() {
    }

    /** One launch of a contract over one factory. {@code runClass} null: the role has no contract yet. */
    public record Launch(Role role, String label, Class<?> runClass, Map<String, String> parameters) {
    }

    /** Every launch for every factory the registry holds. */
    public static List<Launch> launches(PluginRegistry registry) {
        List<Launch> out = new ArrayList<>();
        for (Role role : Role.values()) {
            for (String name : registry.names(role)) {
                Class<?> run = switch (role) {
                    case PHYSICAL_CONTROLLER -> PhysicalControllerContractRun.class;
                    case VIRTUAL_CONTROLLER -> VirtualControllerContractRun.class;
                    case KERNEL -> KernelContractRun.class;
                    case FORWARDER -> ForwarderContractRun.class;
                    case HYPERVISOR -> HypervisorContractRun.class;
                    case VMM -> VmmContractRun.class;
                    case DEVICE -> DeviceContractRun.class;
                    case GUEST_DRIVER, SYSTEM_SLEEP -> null;
                };
                if (role == Role.FORWARDER) {
                    for (String kernel : registry.names(Role.KERNEL)) {
                        Map<String, String> p = parameters(role, name);
                        p.put(ContractSubjectResolver.HOST_KERNEL, kernel);
                        out.add(new Launch(role, name + " on kernel " + kernel, run, p));
                    }
                } else {
                    out.add(new Launch(role, name, run, parameters(role, name)));
                }
            }
        }
        return out;
    }

    /** A launch over a factory class outside the registry (a test double). */
    public static Launch launchOf(Role role, Class<?> runClass, Class<?> factoryClass) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ContractSubjectResolver.ROLE, role.name());
        p.put(ContractSubjectResolver.FACTORY_CLASS, factoryClass.getName());
        return new Launch(role, factoryClass.getSimpleName(), runClass, p);
    }

    private static Map<String, String> parameters(Role role, String name) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ContractSubjectResolver.ROLE, role.name());
        p.put(ContractSubjectResolver.FACTORY, name);
        return p;
    }

    /** Role containers holding one container per launch. */
    public static Stream<DynamicNode> byRole(List<Launch> launches) {
        Map<Role, List<Launch>> byRole = new LinkedHashMap<>();
        launches.forEach(l -> byRole.computeIfAbsent(l.role(), r -> new ArrayList<>()).add(l));
        return byRole.entrySet().stream().map(e -> dynamicContainer(e.getKey().label(),
                e.getValue().stream().map(ContractCatalog::container)));
    }

    /** The container for one launch; the contract runs when the container executes. */
    public static DynamicNode container(Launch launch) {
        return dynamicContainer(launch.label(), Stream.of(launch).flatMap(ContractCatalog::tests));
    }

    private static Stream<DynamicNode> tests(Launch launch) {
        String subject = launch.role().label() + " '" + launch.label() + "'";
        if (launch.runClass() == null) {
            return Stream.of(dynamicTest("no contract for this role yet", () -> {
                throw new TestAbortedException("the tck has no contract for the " + launch.role().label()
                        + " role yet; " + subject + " is not checked");
            }));
        }
        List<ContractOutcome> outcomes = ContractLauncher.run(launch.runClass(), launch.parameters());
        if (outcomes.isEmpty()) {
            return Stream.of(dynamicTest("the contract ran", () -> {
                throw new AssertionFailedError(launch.runClass().getSimpleName() + " ran no test for " + subject);
            }));
        }
        return outcomes.stream().map(o -> dynamicTest(o.path(), () -> {
            switch (o.status()) {
                case PASSED -> { }
                case SKIPPED -> throw new TestAbortedException(o.reason());
                case FAILED -> throw new AssertionFailedError(subject + " breaks the contract: " + o.path() + ": "
                        + o.failure(), o.failure());
            }
        }));
    }
}
