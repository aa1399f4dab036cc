package dev.irqlab.runtime.scenario;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.runtime.plugins.PluginCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every key of the scenario language, documented: the loader's own keys (written here, next to the
 * lists the loader checks against) and each plugin factory's configuration keys (read from the
 * factories' {@link ConfigKey} schemas, so a plugin's new key appears by itself).
 */
public final class ScenarioKeys {

    private static final String S = "scenario";

    private ScenarioKeys() {
    }

    /**
     * The path of every key the loader accepts, built from the lists it checks against (not from the
     * documentation), with {@code []} for list items and {@code <metric>} for expectation names.
     */
    public static List<String> loaderPaths(PluginCatalog catalog) {
        List<String> paths = new ArrayList<>(ScenarioReader.ROOT_KEYS);
        prefixed(paths, "run.", ScenarioReader.RUN_KEYS);
        prefixed(paths, "platform.", ScenarioReader.PLATFORM_KEYS);
        prefixed(paths, "config.", ScenarioReader.CONFIG_KEYS);
        prefixed(paths, "config.", ScenarioReader.KERNEL_SIDE_KEYS);
        prefixed(paths, "devices[].", DeviceReader.DEVICE_KEYS);
        prefixed(paths, "devices[].interrupt.", DeviceReader.INTERRUPT_KEYS);
        prefixed(paths, "devices[].driver.", DeviceReader.DRIVER_KEYS);
        prefixed(paths, "devices[].workload.", DeviceReader.WORKLOAD_KEYS);
        prefixed(paths, "suspend.", ScenarioReader.SUSPEND_KEYS);
        prefixed(paths, "vmm.", ScenarioReader.VMM_KEYS);
        prefixed(paths, "actions[].", ActionReader.ACTION_KEYS);
        paths.add("expect.<metric>");
        prefixed(paths, "expect.<metric>.", ScenarioReader.BOUND_KEYS);
        for (KeyDoc k : pluginKeys(catalog)) {
            paths.add(k.path());
        }
        return paths;
    }

    private static void prefixed(List<String> into, String prefix, List<String> keys) {
        keys.forEach(k -> into.add(prefix + k));
    }

    /** The documentation of every key: the loader's own, then every factory's, in scenario order. */
    public static List<KeyDoc> all(PluginCatalog catalog) {
        List<KeyDoc> keys = new ArrayList<>(structure(catalog));
        keys.addAll(pluginKeys(catalog));
        return keys;
    }

    /**
     * Every factory's configuration keys under the path a scenario writes them at ({@code config.<role>},
     * the VMM's in the {@code vmm:} section).
     */
    public static List<KeyDoc> pluginKeys(PluginCatalog catalog) {
        List<KeyDoc> keys = new ArrayList<>();
        for (Map.Entry<String, Role> e : ScenarioReader.PLATFORM_ROLES.entrySet()) {
            String at = e.getValue() == Role.VMM ? "vmm" : "config." + e.getKey();
            for (String name : catalog.names(e.getValue())) {
                for (ConfigKey key : catalog.schema(e.getValue(), name)) {
                    keys.add(KeyDoc.of(at, e.getValue().label() + " " + name, key));
                }
            }
        }
        for (String model : catalog.names(Role.DEVICE)) {
            for (ConfigKey key : catalog.schema(Role.DEVICE, model)) {
                keys.add(KeyDoc.of("devices[].config", Role.DEVICE.label() + " " + model, key));
            }
        }
        for (String driver : catalog.names(Role.GUEST_DRIVER)) {
            for (ConfigKey key : catalog.schema(Role.GUEST_DRIVER, driver)) {
                keys.add(KeyDoc.of("devices[].driver.config", Role.GUEST_DRIVER.label() + " " + driver, key));
            }
        }
        return keys;
    }

    private static String names(PluginCatalog catalog, Role role) {
        return String.join(", ", catalog.names(role));
    }

    /** The loader's own keys. */
    static List<KeyDoc> structure(PluginCatalog catalog) {
        String durationAny = ">= 0ns; units " + String.join(", ", Durations.UNITS);
        List<String> fixes = new ArrayList<>(List.of("none"));
        fixes.addAll(catalog.fixes());
        List<KeyDoc> k = new ArrayList<>();
        k.add(doc("name", "text", "", "required", "non-empty text", "the scenario's title in reports", ""));
        k.add(doc("description", "text", "", "empty", "any text", "what the scenario shows", ""));
        k.add(doc("seed", "integer", "", Long.toString(Scenario.DEFAULT_SEED), "any 64-bit integer",
                "seed of the run's random numbers (jitter); same seed, same output", ""));
        k.add(doc("run", "mapping", "", "required", "duration, drain", "how long the scenario runs", ""));
        k.add(doc("run.duration", "duration", "", "required", ">= 1ns", "virtual time with workload", ""));
        k.add(doc("run.drain", "duration", "", Durations.format(Run.DEFAULT_DRAIN_NS), durationAny,
                "after run.duration, run on without new workload until the queue is empty or this much time passed",
                ""));
        k.add(doc("platform", "mapping", "", "required", String.join(", ", ScenarioReader.PLATFORM_KEYS),
                "which plugin plays each part of the machine", ""));
        k.add(doc("platform.controller", "choice", "", "required", names(catalog, Role.PHYSICAL_CONTROLLER),
                "the host's physical interrupt controller", ""));
        k.add(doc("platform.virtual-controller", "choice", "", "the hypervisor's choice for the controller",
                names(catalog, Role.VIRTUAL_CONTROLLER), "the VM's virtual interrupt controller", ""));
        k.add(doc("platform.kernel", "choice", "", Platform.DEFAULT_KERNEL, names(catalog, Role.KERNEL),
                "the host and guest kernels' interrupt core", ""));
        k.add(doc("platform.hypervisor", "choice", "", Platform.DEFAULT_HYPERVISOR, names(catalog, Role.HYPERVISOR),
                "the hypervisor", ""));
        k.add(doc("platform.vmm", "choice", "", Platform.DEFAULT_VMM, names(catalog, Role.VMM),
                "the user-space VMM: creates the VM, wires the devices' interrupts, starts the VM; "
                        + "its configuration is the vmm: section", ""));
        k.add(doc("platform.forwarder", "choice", "", Platform.DEFAULT_FORWARDER, names(catalog, Role.FORWARDER),
                "the host driver passing device interrupts to the VMM", ""));
        k.add(doc("platform.system-sleep", "choice", "", Platform.DEFAULT_SYSTEM_SLEEP,
                names(catalog, Role.SYSTEM_SLEEP), "the guest's system suspend (used with suspend:)", ""));
        k.add(doc("platform.host-cpus", "integer", "CPUs", "1", "1.." + Platform.MAX_CPUS, "host CPUs", ""));
        k.add(doc("platform.vcpus", "integer", "vCPUs", "1", "1.." + Platform.MAX_CPUS, "the VM's vCPUs", ""));
        k.add(doc("fix", "choice or list", "", "none", String.join(", ", fixes),
                "the fixes to apply (see Fixes); 'none' stands alone", ""));
        List<String> configKeys = new ArrayList<>(ScenarioReader.CONFIG_KEYS);
        configKeys.addAll(ScenarioReader.KERNEL_SIDE_KEYS);
        k.add(doc("config", "mapping", "", "every key's default", String.join(", ", configKeys),
                "configuration of the chosen platform plugins, by platform key (see the config.* keys)", ""));
        for (Map.Entry<String, Role> e : ScenarioReader.PLATFORM_ROLES.entrySet()) {
            if (e.getValue() == Role.VMM) {
                continue;
            }
            k.add(doc("config." + e.getKey(), "mapping", "", "every key's default",
                    "the keys of the chosen " + e.getKey() + " (config." + e.getKey() + ".*)",
                    "configuration of the plugin chosen as platform." + e.getKey(), ""));
        }
        for (String side : ScenarioReader.KERNEL_SIDE_KEYS) {
            String which = side.substring(0, side.indexOf('-'));
            k.add(doc("config." + side, "mapping", "", "config.kernel", "the keys of config.kernel.*",
                    "configuration of the " + which + "'s kernel only, key by key over config.kernel (which "
                            + "configures both kernels)", ""));
        }
        k.add(doc("devices", "list", "", "required", "at least one device", "the passed-through devices", ""));
        k.add(doc("devices[].name", "text", "", "required", DeviceReader.NAME_SHAPE + ", unique",
                "the device's name in the trace and in actions", ""));
        k.add(doc("devices[].model", "choice", "", "required", names(catalog, Role.DEVICE), "the device model", ""));
        k.add(doc("devices[].interrupt", "mapping", "", "required, but for a PCI function: its host's routing",
                "line, trigger", "the device's host interrupt; a PCI function without it takes the line and trigger "
                        + "the host's PCI routing gives its pin (swizzled through its bridges)",
                "drivers/pci/pci.c: pci_common_swizzle; drivers/acpi/pci_irq.c: acpi_pci_irq_lookup; "
                        + "drivers/pci/of.c: of_irq_parse_and_map_pci"));
        k.add(doc("devices[].interrupt.line", "integer", "controller line", "required",
                "0.. the controller's last line (SPI number on a GIC, pin on an IO-APIC)", "the host controller input", ""));
        k.add(doc("devices[].interrupt.trigger", "choice", "", "required", String.join(", ", Trigger.dtNames()),
                "the trigger type, as a device tree writes it", "include/dt-bindings/interrupt-controller/irq.h"));
        k.add(doc("devices[].guest-pin", "integer", "virtual controller pin", "interrupt.line",
                "0.. the virtual controller's last pin", "the GSI / vSPI the VMM routes the irqfd to", ""));
        k.add(doc("devices[].forwarding", "choice", "", "irqfd-resample for level, irqfd for edge",
                String.join(", ", Forwarding.labels()), "how the VMM wires the interrupt into the VM",
                "QEMU hw/vfio/platform.c: vfio_start_irqfd_injection; arch/arm64/kvm/vgic/vgic.c: kvm_vgic_map_phys_irq"));
        k.add(doc("devices[].config", "mapping", "", "every key's default", "the model's keys (devices[].config.*)",
                "configuration of the device model", ""));
        k.add(doc("devices[].driver", "mapping", "", "required", String.join(", ", DeviceReader.DRIVER_KEYS),
                "the guest driver", ""));
        k.add(doc("devices[].driver.name", "choice", "", "required", names(catalog, Role.GUEST_DRIVER),
                "the guest driver model", ""));
        k.add(doc("devices[].driver.flow", "choice", "", "required", String.join(", ", DriverFlow.labels()),
                "how the driver requests its irq", "kernel/irq/manage.c: request_threaded_irq"));
        k.add(doc("devices[].driver.config", "mapping", "", "every key's default",
                "the driver's keys (devices[].driver.config.*)", "configuration of the driver", ""));
        k.add(doc("devices[].workload", "mapping", "", "no data events",
                String.join(", ", DeviceReader.WORKLOAD_KEYS), "when data arrives at the device", ""));
        k.add(doc("devices[].workload.start", "duration", "", "0ns", durationAny, "first data event (periodic)", ""));
        k.add(doc("devices[].workload.period", "duration", "", "required with count", ">= 1ns",
                "time between data events", ""));
        k.add(doc("devices[].workload.count", "integer", "events", "required with period", "1.." + DeviceReader.MAX_COUNT,
                "number of data events", ""));
        k.add(doc("devices[].workload.jitter", "duration", "", "0ns", durationAny,
                "each event moves by a seeded random amount in [0, jitter)", ""));
        k.add(doc("devices[].workload.at", "list of durations", "", "-", "instead of start/period/count; at most "
                + DeviceReader.MAX_INLINE_TIMES + " (more: workload.file)",
                "explicit event times", ""));
        k.add(doc("devices[].workload.file", "text", "", "-", "a file name, relative to the scenario's directory; "
                + "instead of start/period/count and at", "replay real timestamps: one time per line, or CSV with the "
                + "time in the first column; a duration with a unit or whole nanoseconds; at most "
                + TimestampFile.MAX_TIMES + " times", ""));
        k.add(doc("suspend", "mapping", "", "no suspend", "at, duration", "one guest system suspend", ""));
        k.add(doc("suspend.at", "duration", "", "required", durationAny, "when the guest starts suspending",
                "kernel/power/suspend.c: pm_suspend"));
        k.add(doc("suspend.duration", "duration", "", "required", ">= 1ns", "how long it stays suspended if nothing wakes it", ""));
        k.add(doc("vmm", "mapping", "", "defaults", String.join(", ", ScenarioReader.VMM_KEYS)
                        + " and the chosen VMM's keys (vmm.*)",
                "when the VMM starts the VM, and the configuration of the plugin chosen as platform.vmm", ""));
        k.add(doc("vmm.vm-start", "duration", "", "0ns", durationAny,
                "when the VMM starts the VM (first KVM_RUN) and the guest boots; the host side and the VMM's "
                        + "wiring are set up at 0", "QEMU system/cpus.c: vm_start"));
        k.add(doc("actions", "list", "", "none", "kernel calls and register accesses",
                "steps a kernel engineer does by hand at a virtual time", ""));
        k.add(doc("actions[].at", "duration", "", "required", "before run.duration; guest actions after vmm.vm-start",
                "when the action is due", ""));
        k.add(doc("actions[].kernel", "choice", "", "one of kernel/controller", String.join(", ", Action.Side.labels()),
                "call this side's kernel", ""));
        k.add(doc("actions[].call", "choice", "", "required with kernel", String.join(", ", Action.callNames()),
                "the interrupt-core function to call", "kernel/irq/manage.c"));
        k.add(doc("actions[].device", "choice", "", "required with kernel", "a device name of the scenario",
                "whose irq the call takes", ""));
        k.add(doc("actions[].on", "boolean", "", "required with irq_set_irq_wake", "true, false",
                "irq_set_irq_wake's on argument", "kernel/irq/manage.c: irq_set_irq_wake"));
        k.add(doc("actions[].flag", "choice", "", "required with irq_set/clear_status_flags",
                String.join(", ", Action.StatusFlag.names()), "the status flag", "include/linux/irq.h"));
        k.add(doc("actions[].controller", "choice", "", "one of kernel/controller", String.join(", ", Action.Side.labels()),
                "access this side's interrupt controller", ""));
        k.add(doc("actions[].write", "text", "", "one of write/read", ActionReader.REGISTER_SHAPE
                + ", a register of the controller", "register to write, the manual's name", ""));
        k.add(doc("actions[].read", "text", "", "one of write/read", ActionReader.REGISTER_SHAPE
                + ", a register of the controller", "register to read, the manual's name", ""));
        k.add(doc("actions[].value", "integer", "", "required with write", ">= 0", "the value written", ""));
        k.add(doc("actions[].cpu", "integer", "CPU", "0", "0..platform.host-cpus-1 or vcpus-1",
                "the CPU (host) or vCPU (guest) that performs the action", ""));
        k.add(doc("expect", "mapping", "", "none", "metric names (see Metrics)",
                "the scenario's own verdict: the exit status is 1 when one fails", ""));
        k.add(doc("expect.<metric>", "integer or mapping", "count, or ns for latencies", "-",
                "an integer (exact), or {min, max}; latencies may be durations", "expected value of the metric", ""));
        k.add(doc("expect.<metric>.min", "integer", "", "no lower bound", ">= 0", "lowest accepted value", ""));
        k.add(doc("expect.<metric>.max", "integer", "", "no upper bound", ">= min", "highest accepted value", ""));
        return k;
    }

    private static KeyDoc doc(String path, String type, String unit, String defaultValue, String allowed,
                              String models, String source) {
        return new KeyDoc(path, S, type, unit, defaultValue, allowed, models, source);
    }
}
