package dev.irqlab.runtime.scenario;

import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.runtime.plugins.PluginCatalog;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A fixed plugin catalog shaped like the real plugin set (docs/architecture.md), with a few
 * configuration keys of every type so that the loader's typing can be tested.
 */
final class FixedCatalog implements PluginCatalog {

    private final Map<Role, Map<String, List<ConfigKey>>> factories = new EnumMap<>(Role.class);

    FixedCatalog() {
        add(Role.PHYSICAL_CONTROLLER, "gicv2");
        add(Role.PHYSICAL_CONTROLLER, "gicv3",
                ConfigKey.integer("eoi-mode", 0, 0, 1, "ICC_CTLR_EL1.EOImode"),
                ConfigKey.choice("security", "single", List.of("single", "two"), "GICD_CTLR.DS"));
        add(Role.PHYSICAL_CONTROLLER, "ioapic");
        add(Role.VIRTUAL_CONTROLLER, "vgic-v2");
        add(Role.VIRTUAL_CONTROLLER, "vgic-v3",
                ConfigKey.integer("list-registers", 4, 1, 16, "ICH_VTR_EL2.ListRegs + 1"));
        add(Role.VIRTUAL_CONTROLLER, "kvm-ioapic");
        add(Role.KERNEL, "linux",
                ConfigKey.duration("thread-wakeup", 20_000, "irq thread wake-up latency"),
                ConfigKey.flag("threadirqs", false, "force threaded handlers"));
        add(Role.HYPERVISOR, "kvm",
                ConfigKey.duration("exit-cost.mmio", 2_000, "cost of an MMIO exit"),
                new ConfigKey("exit-cost.maintenance", dev.irqlab.api.plugin.ConfigType.DURATION, 1_000L,
                        "cost of a maintenance exit", List.of(), 100, 1_000_000));
        add(Role.VMM, "qemu",
                ConfigKey.flag("force-unmask-at-start", false, "one forced VFIO unmask at VM start"),
                new ConfigKey("vm-name", dev.irqlab.api.plugin.ConfigType.STRING, "vm0", "the VM's name", List.of(),
                        0, 0));
        add(Role.FORWARDER, "vfio-platform");
        add(Role.SYSTEM_SLEEP, "linux", ConfigKey.duration("resume-latency", 1_000_000, "resume"));
        add(Role.DEVICE, "level-status");
        add(Role.DEVICE, "edge-pulse");
        add(Role.DEVICE, "elan-i2c",
                ConfigKey.integer("report-bytes", 30, 1, 64, "bytes per report"),
                new ConfigKey("vendor", dev.irqlab.api.plugin.ConfigType.STRING, "elan", "vendor string", List.of(),
                        0, 0));
        add(Role.DEVICE, "cros-ec");
        add(Role.GUEST_DRIVER, "level-fasteoi");
        add(Role.GUEST_DRIVER, "edge");
        add(Role.GUEST_DRIVER, "elan_i2c", ConfigKey.duration("i2c-transfer", 300_000, "one I2C read"));
        add(Role.GUEST_DRIVER, "cros_ec");
        add(Role.GUEST_DRIVER, "missing");
    }

    private void add(Role role, String name, ConfigKey... schema) {
        factories.computeIfAbsent(role, r -> new TreeMap<>()).put(name, List.of(schema));
    }

    @Override
    public Set<String> names(Role role) {
        return new TreeSet<>(factories.getOrDefault(role, Map.of()).keySet());
    }

    @Override
    public List<ConfigKey> schema(Role role, String name) {
        List<ConfigKey> schema = factories.getOrDefault(role, Map.of()).get(name);
        if (schema == null) {
            throw new IllegalArgumentException("no " + role.label() + " named '" + name + "'");
        }
        return schema;
    }

    @Override
    public Set<String> fixes() {
        return new TreeSet<>(Set.of("ioapic-ack-pending", "resample-on-unmask", "irqfd-mask-notifier",
                "vgic-resample-on-enable"));
    }
}
