package dev.irqlab.api.controller;

/**
 * What every interrupt controller, physical or virtual, offers to a kernel: the irqchip operations,
 * the output toward the CPUs, and the acknowledge step of the CPU interface.
 *
 * <p>Protocol, per interrupt: the controller asserts a CPU's {@link CpuIrqLine}; the kernel's entry
 * code calls {@link #acknowledge} (GIC: read {@code GICC_IAR}/{@code ICC_IAR1_EL1}; x86: the LAPIC
 * moves the highest IRR vector to ISR), receives the hwirq, runs the flow handler, which calls
 * {@link IrqChip#eoi} and friends. {@link #connectCpu} is called once per CPU before the run starts.
 */
public interface InterruptController {

    /** Value of {@link #acknowledge} when nothing is pending (GIC INTID 1023). */
    int SPURIOUS = -1;

    /** The component name used in traces ("host.gicv3", "vm0.vgic-v3"). */
    String name();

    /** The kernel-facing operations. */
    IrqChip chip();

    /** Connects the output toward CPU number {@code cpu}. */
    void connectCpu(int cpu, CpuIrqLine line);

    /**
     * The CPU interface acknowledge: returns the hwirq of the highest-priority pending interrupt
     * routed to {@code cpu} and makes it active (GIC) / in service (LAPIC), or {@link #SPURIOUS}.
     */
    int acknowledge(int cpu);

    /** The state of one interrupt. */
    PinState state(int hwirq);

    /** Register-level access with the manual's names. */
    Registers registers();

    /**
     * The controller's Linux driver initialising it at boot, on CPU {@code bootCpu}: init/main.c
     * {@code start_kernel} -> {@code init_IRQ} -> {@code irqchip_init} (GIC: irq-gic-v3.c
     * {@code gic_of_init} -> {@code gic_init_bases} -> {@code gic_dist_init}). A virtual controller
     * reports the exits those accesses take. The default does nothing: a model that starts in the
     * state its driver leaves (a host controller, booted long before the run) needs none.
     */
    default void driverInit(int bootCpu) {
    }
}
