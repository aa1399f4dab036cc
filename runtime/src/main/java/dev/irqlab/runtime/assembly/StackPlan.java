package dev.irqlab.runtime.assembly;

import dev.irqlab.api.pci.PciIntxPin;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Refusal;
import dev.irqlab.api.plugin.SystemSleepFactory;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link StackBuilder#build} needs of a scenario and its plugins' choice that no run changes,
 * found once per parsed scenario ({@link StackBuilder#plan}): each role's factory and configuration,
 * the component names, and per device its factories, its forwarder's name and its PCI INTx pin. A run
 * built from it only makes and wires its own models. Immutable (factories are stateless, shared by
 * every run of a registry), so the runs of one plan, on any thread, start from the same state.
 *
 * @param scenario        the scenario as written (before the host's PCI routing)
 * @param choice          the plugins' choice for it
 * @param controllerName  the host controller's component name ({@code host.<factory>})
 * @param devicesPerLine  how many devices share each host line as written (before routing)
 */
public record StackPlan(Scenario scenario, ScenarioCheck.Choice choice,
                        PhysicalControllerFactory controllerFactory, Config controllerConfig, String controllerName,
                        KernelFactory kernels, Config hostKernelConfig, Config guestKernelConfig,
                        HypervisorFactory hypervisorFactory, Config hypervisorConfig,
                        VmmFactory vmmFactory, Config vmmConfig,
                        VirtualControllerFactory virtualControllerFactory, Config virtualControllerConfig,
                        ForwarderFactory forwarders, Config forwarderConfig,
                        Optional<SystemSleepFactory> sleepFactory, Config sleepConfig,
                        List<DevicePlan> devices, Map<Integer, Integer> devicesPerLine) {

    public StackPlan {
        devices = List.copyOf(devices);
        devicesPerLine = Collections.unmodifiableMap(new LinkedHashMap<>(devicesPerLine));
    }

    /**
     * One device's part of the plan.
     *
     * @param at          its key path in the scenario ({@code devices[i]})
     * @param factory     its model's factory
     * @param driver      its guest driver's factory
     * @param vfioName    its forwarder's component name ({@code vfio.<device>})
     * @param intx        its PCI INTx pin ({@link DeviceFactory#pciIntxPin}), empty when it is no PCI function
     *                    or when its configuration was refused ({@code intxProblem})
     * @param intxProblem the refusal of its configuration by {@link DeviceFactory#pciIntxPin}, or null
     */
    public record DevicePlan(String at, DeviceFactory factory, GuestDriverFactory driver, String vfioName,
                             Optional<PciIntxPin> intx, Refusal intxProblem) {
    }

    /**
     * Whether the host's PCI routing has anything to do or refuse ({@link StackBuilder#routePciFunctions}):
     * a device is a PCI function, leaves its interrupt to the routing, or its configuration was refused.
     */
    public boolean routes() {
        for (int i = 0; i < devices.size(); i++) {
            DevicePlan d = devices.get(i);
            if (d.intx().isPresent() || d.intxProblem() != null || scenario.devices().get(i).routed()) {
                return true;
            }
        }
        return false;
    }

    /** How many of {@code devices} are on each host line, in the order of first use. */
    static Map<Integer, Integer> devicesPerLine(List<DeviceSpec> devices) {
        Map<Integer, Integer> perLine = new LinkedHashMap<>();
        devices.forEach(d -> perLine.merge(d.line(), 1, Integer::sum));
        return perLine;
    }
}
