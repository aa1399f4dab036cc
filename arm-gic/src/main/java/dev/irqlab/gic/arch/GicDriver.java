package dev.irqlab.gic.arch;

import dev.irqlab.api.controller.IrqChip;

/**
 * The software that drives a GIC through {@link GicAccess}: an irqchip, and the CPU-interface step
 * of its interrupt entry. Implemented by Linux's GIC driver ({@code dev.irqlab.gic.linux}); a
 * controller model takes one rather than naming it, so that the architecture and KVM's vGIC do not
 * depend on a particular kernel's driver.
 */
public interface GicDriver extends IrqChip {

    /**
     * What the entry does with the CPU interface before dispatching: the IAR read, plus whatever
     * the driver does at once (Linux in EOImode 1: the priority drop). The INTID or
     * {@code InterruptController.SPURIOUS}.
     */
    int acknowledge(int cpu);

    /**
     * Makes the driver of one GIC: a plugin's Guice module binds the implementation (Linux's), which
     * the host controller and the vGIC both take, for the physical GIC and the guest's view.
     */
    interface Factory {
        /**
         * The driver of the GIC behind {@code access}.
         *
         * @param access  the GIC as the software reaches it
         * @param eoiMode the EOImode the software programs (0 or 1)
         */
        GicDriver create(GicAccess access, int eoiMode);
    }

    /** The driver's initialisation of the distributor at boot, on {@code bootCpu} ({@code gic_dist_init}). */
    void distInit(int bootCpu);
}
