package dev.irqlab.runtime.matrix;

/**
 * The guest side of a matrix row: how the guest driver handles the interrupt, and the device and
 * trigger that go with it.
 */
public enum GuestFlow {
    /** An edge interrupt (QEMU wires a plain irqfd: {@code vfio_start_irqfd_injection} without resample). */
    EDGE("edge", "edge-pulse", "edge-rising", "edge", "irqfd"),
    /** A level interrupt acknowledged at the device in the hard handler ({@code handle_fasteoi_irq}, no ONESHOT). */
    LEVEL("level", "level-status", "level-high", "level-fasteoi", "irqfd-resample"),
    /**
     * A level interrupt with {@code IRQF_ONESHOT} and a threaded handler that acknowledges the device
     * (kernel/irq/chip.c {@code handle_fasteoi_irq} masks before the hard handler, kernel/irq/manage.c
     * {@code irq_finalize_oneshot} unmasks after the thread): the pattern of the motivating bug.
     */
    ONESHOT_THREADED("oneshot-threaded", "level-status", "level-high", "level-fasteoi", "irqfd-resample");

    private final String label;
    private final String model;
    private final String trigger;
    private final String driver;
    private final String forwarding;

    /**
     * A guest flow.
     *
     * @param label      the column text, and the driver's {@code flow:} in the scenario
     * @param model      the {@code DeviceFactory} name
     * @param trigger    the device tree trigger name ({@code interrupt.trigger})
     * @param driver     the {@code GuestDriverFactory} name
     * @param forwarding the VMM's default wiring for this trigger, written out in the scenario
     */
    GuestFlow(String label, String model, String trigger, String driver, String forwarding) {
        this.label = label;
        this.model = model;
        this.trigger = trigger;
        this.driver = driver;
        this.forwarding = forwarding;
    }

    public String label() {
        return label;
    }

    public String model() {
        return model;
    }

    public String trigger() {
        return trigger;
    }

    public String driver() {
        return driver;
    }

    public String forwarding() {
        return forwarding;
    }
}
