package dev.irqlab.runtime.plugins;

import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.SystemSleepFactory;
import dev.irqlab.api.plugin.VirtualControllerFactory;

/** The factory type each role's {@code MapBinder} holds. */
enum RoleBinding {
    PHYSICAL_CONTROLLER(Role.PHYSICAL_CONTROLLER, PhysicalControllerFactory.class),
    VIRTUAL_CONTROLLER(Role.VIRTUAL_CONTROLLER, VirtualControllerFactory.class),
    KERNEL(Role.KERNEL, KernelFactory.class),
    FORWARDER(Role.FORWARDER, ForwarderFactory.class),
    HYPERVISOR(Role.HYPERVISOR, HypervisorFactory.class),
    DEVICE(Role.DEVICE, DeviceFactory.class),
    GUEST_DRIVER(Role.GUEST_DRIVER, GuestDriverFactory.class),
    SYSTEM_SLEEP(Role.SYSTEM_SLEEP, SystemSleepFactory.class);

    final Role role;
    final Class<? extends Configurable> factoryType;

    RoleBinding(Role role, Class<? extends Configurable> factoryType) {
        this.role = role;
        this.factoryType = factoryType;
    }

    static RoleBinding of(Role role) {
        return valueOf(role.name());
    }
}
