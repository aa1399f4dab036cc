package dev.irqlab.runtime.matrix;

/**
 * The device of a matrix row as the scenario writes it: its model, guest driver, host line and
 * trigger.
 *
 * @param model   the {@code DeviceFactory} name
 * @param driver  the {@code GuestDriverFactory} name
 * @param line    the host line ({@code interrupt.line}; the guest pin is the same number)
 * @param trigger the device tree trigger name ({@code interrupt.trigger})
 */
public record MatrixDevice(String model, String driver, int line, String trigger) {

    /** The device model of the rows of a forwarder that binds PCI functions. */
    public static final String PCI_MODEL = "pci-intx";
    /** The guest driver of those rows. */
    public static final String PCI_DRIVER = "pci-intx";

    /** The line of the platform-device rows: SPI 8 on a GIC, IO-APIC input 8 on x86. */
    static final int PLATFORM_LINE = 8;

    /** A platform device (vfio-platform) of the flow's kind on {@link #PLATFORM_LINE}. */
    public static MatrixDevice platform(GuestFlow flow) {
        return new MatrixDevice(flow.model(), flow.driver(), PLATFORM_LINE, flow.trigger());
    }
}
