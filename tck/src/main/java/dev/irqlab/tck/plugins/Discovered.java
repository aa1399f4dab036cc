package dev.irqlab.tck.plugins;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ConfigType;
import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.tck.PluginUnderTest;
import dev.irqlab.tck.doubles.ToyKernelFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The arguments of the contract runs: every factory of a role that the plugins on the class path
 * bind, found as the CLI finds them ({@link PluginRegistry#discover()}), so a new plugin is checked
 * without editing a list. Each factory runs with its schema's defaults and once more for every other
 * value of each of its choice and flag keys (one key changed at a time): the contract holds in every
 * configuration a scenario can select.
 */
public final class Discovered {

    private Discovered() {
    }

    public static Stream<PluginUnderTest<PhysicalControllerFactory>> physicalControllers() {
        return of(Role.PHYSICAL_CONTROLLER, PhysicalControllerFactory.class);
    }

    public static Stream<PluginUnderTest<VirtualControllerFactory>> virtualControllers() {
        return of(Role.VIRTUAL_CONTROLLER, VirtualControllerFactory.class);
    }

    public static Stream<PluginUnderTest<KernelFactory>> kernels() {
        return of(Role.KERNEL, KernelFactory.class);
    }

    public static Stream<PluginUnderTest<HypervisorFactory>> hypervisors() {
        return of(Role.HYPERVISOR, HypervisorFactory.class);
    }

    /**
     * Every VMM with its defaults only: a VMM's keys choose among wirings the contract does not
     * describe (QEMU's {@code irqfd: false} injects from user space, without {@code KVM_IRQFD}); those
     * have their own tests in the plugin.
     */
    public static Stream<PluginUnderTest<VmmFactory>> vmms() {
        PluginRegistry registry = PluginRegistry.discover();
        return registry.names(Role.VMM).stream().sorted()
                .map(name -> PluginUnderTest.withDefaults(name, registry.factory(Role.VMM, name, VmmFactory.class),
                        fixes(registry, Role.VMM, name)));
    }

    public static Stream<PluginUnderTest<DeviceFactory>> devices() {
        return of(Role.DEVICE, DeviceFactory.class);
    }

    /**
     * Every forwarder configuration on every discovered kernel (with its defaults), and on the kit's
     * toy kernel (eager disable, no lazy-disable window), so a forwarder does not hang on one
     * kernel's details.
     */
    public static Stream<ForwarderOnKernel> forwarders() {
        List<PluginUnderTest<KernelFactory>> hosts = new ArrayList<>();
        PluginRegistry registry = PluginRegistry.discover();
        for (String k : registry.names(Role.KERNEL)) {
            hosts.add(PluginUnderTest.withDefaults(k, registry.factory(Role.KERNEL, k, KernelFactory.class),
                    fixes(registry, Role.KERNEL, k)));
        }
        hosts.add(PluginUnderTest.withDefaults("the kit's toy kernel", new ToyKernelFactory(), Set.of()));
        return of(Role.FORWARDER, ForwarderFactory.class)
                .flatMap(f -> hosts.stream().map(k -> new ForwarderOnKernel(f, k)));
    }

    /** A forwarder under test and the host kernel it requests its interrupts from. */
    public record ForwarderOnKernel(PluginUnderTest<ForwarderFactory> forwarder, PluginUnderTest<KernelFactory> host) {
        @Override
        public String toString() {
            return forwarder + " on " + host;
        }
    }

    private static <F extends Configurable> Stream<PluginUnderTest<F>> of(Role role, Class<F> type) {
        PluginRegistry registry = PluginRegistry.discover();
        return registry.names(role).stream().sorted()
                .flatMap(name -> variants(name, registry.factory(role, name, type), fixes(registry, role, name))
                        .stream());
    }

    private static Set<String> fixes(PluginRegistry registry, Role role, String name) {
        return registry.ownerOf(role, name).capabilities().fixes();
    }

    /** The defaults, then one configuration per other value of each choice or flag key. */
    static <F extends Configurable> List<PluginUnderTest<F>> variants(String name, F factory, Set<String> fixes) {
        Config defaults = Config.defaults(factory.schema());
        List<PluginUnderTest<F>> out = new ArrayList<>();
        out.add(new PluginUnderTest<>(name, factory, defaults, "", fixes));
        for (ConfigKey key : factory.schema()) {
            List<Object> others = new ArrayList<>();
            if (key.type() == ConfigType.CHOICE) {
                key.choices().stream().filter(c -> !c.equals(defaults.text(key.name()))).forEach(others::add);
            } else if (key.type() == ConfigType.BOOLEAN) {
                others.add(!defaults.flag(key.name()));
            }
            for (Object value : others) {
                Map<String, Object> values = new TreeMap<>(defaults.values());
                values.put(key.name(), value);
                out.add(new PluginUnderTest<>(name, factory, Config.of(values), key.name() + "=" + value, fixes));
            }
        }
        return out;
    }
}
