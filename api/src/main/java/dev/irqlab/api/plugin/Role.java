package dev.irqlab.api.plugin;

/** The kinds of factory a plugin can contribute; each has its own {@code MapBinder}. */
public enum Role {
    /** {@link PhysicalControllerFactory}. */
    PHYSICAL_CONTROLLER("physical-controller"),
    /** {@link VirtualControllerFactory}. */
    VIRTUAL_CONTROLLER("virtual-controller"),
    /** {@link KernelFactory}. */
    KERNEL("kernel"),
    /** {@link ForwarderFactory}. */
    FORWARDER("forwarder"),
    /** {@link HypervisorFactory}. */
    HYPERVISOR("hypervisor"),
    /** {@link DeviceFactory}. */
    DEVICE("device"),
    /** {@link GuestDriverFactory}. */
    GUEST_DRIVER("guest-driver"),
    /** {@link SystemSleepFactory}. */
    SYSTEM_SLEEP("system-sleep");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
