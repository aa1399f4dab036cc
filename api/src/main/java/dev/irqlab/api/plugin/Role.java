package dev.irqlab.api.plugin;

/** The kinds of factory a plugin can contribute, each bound by name under its own factory type. */
public enum Role {
    /** {@link PhysicalControllerFactory}. */
    PHYSICAL_CONTROLLER("physical-controller", PhysicalControllerFactory.class),
    /** {@link VirtualControllerFactory}. */
    VIRTUAL_CONTROLLER("virtual-controller", VirtualControllerFactory.class),
    /** {@link KernelFactory}. */
    KERNEL("kernel", KernelFactory.class),
    /** {@link ForwarderFactory}. */
    FORWARDER("forwarder", ForwarderFactory.class),
    /** {@link HypervisorFactory}. */
    HYPERVISOR("hypervisor", HypervisorFactory.class),
    /** {@link VmmFactory}. */
    VMM("vmm", VmmFactory.class),
    /** {@link DeviceFactory}. */
    DEVICE("device", DeviceFactory.class),
    /** {@link GuestDriverFactory}. */
    GUEST_DRIVER("guest-driver", GuestDriverFactory.class),
    /** {@link SystemSleepFactory}. */
    SYSTEM_SLEEP("system-sleep", SystemSleepFactory.class);

    private final String label;
    private final Class<? extends Configurable> factoryType;

    Role(String label, Class<? extends Configurable> factoryType) {
        this.label = label;
        this.factoryType = factoryType;
    }

    public String label() {
        return label;
    }

    /** The factory interface this role's factories are bound as. */
    public Class<? extends Configurable> factoryType() {
        return factoryType;
    }
}
