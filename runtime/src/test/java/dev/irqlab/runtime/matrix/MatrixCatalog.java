package dev.irqlab.runtime.matrix;

import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The factory names the matrix scenarios use, without configuration keys, for loading them without plugins. */
final class MatrixCatalog implements dev.irqlab.runtime.plugins.PluginCatalog {

    private final Map<Role, Set<String>> names = new EnumMap<>(Role.class);

    MatrixCatalog() {
        names.put(Role.PHYSICAL_CONTROLLER, Set.of("gicv2", "gicv3", "ioapic"));
        names.put(Role.VIRTUAL_CONTROLLER, Set.of("vgic-v2", "vgic-v3", "kvm-ioapic"));
        names.put(Role.KERNEL, Set.of("linux"));
        names.put(Role.HYPERVISOR, Set.of("kvm"));
        names.put(Role.VMM, Set.of("qemu", "crosvm", "cloud-hypervisor"));
        names.put(Role.FORWARDER, Set.of("vfio-platform"));
        names.put(Role.SYSTEM_SLEEP, Set.of("linux"));
        names.put(Role.DEVICE, Set.of("level-status", "edge-pulse"));
        names.put(Role.GUEST_DRIVER, Set.of("level-fasteoi", "edge"));
    }

    @Override
    public Set<String> names(Role role) {
        return new TreeSet<>(names.getOrDefault(role, Set.of()));
    }

    @Override
    public List<ConfigKey> schema(Role role, String name) {
        if (!names.getOrDefault(role, Set.of()).contains(name)) {
            throw new IllegalArgumentException("no " + role.label() + " named '" + name + "'");
        }
        if (role == Role.VMM && name.equals("crosvm")) {
            // the key crosvm's matrix preset sets, as plugin crosvm declares it
            return List.of(ConfigKey.choice("irqchip", "kernel", List.of("kernel", "split"), "crosvm --irqchip"));
        }
        if (role == Role.VIRTUAL_CONTROLLER && name.equals("kvm-ioapic")) {
            // the key the IO-APIC rows set (KvmIoApicFactory.matrixConfig), as plugin ioapic declares it
            return List.of(ConfigKey.choice("kvm-version", "linux-6.3", List.of("linux-6.2", "linux-6.3"),
                    "KVM IO-APIC behaviour"));
        }
        if (role == Role.VIRTUAL_CONTROLLER) {
            // the key the GIC rows set (VgicFactory.matrixConfig), as plugins gicv2 and gicv3 declare it
            return List.of(ConfigKey.choice("kvm-version", "linux-6.19", List.of("linux-6.18", "linux-6.19"),
                    "KVM vGIC behaviour"));
        }
        return List.of();
    }

    @Override
    public Set<String> fixes() {
        return new TreeSet<>(Set.of("ioapic-ack-pending", "resample-on-unmask", "irqfd-mask-notifier",
                "vgic-resample-on-enable"));
    }
}
