package dev.irqlab.cloudhypervisor;

import dev.irqlab.api.sim.EventFd;

/**
 * cloud-hypervisor's {@code InterruptController} (devices/src/interrupt_controller.rs, main of 2026-08)
 * as its vfio-pci INTx uses it: {@code LegacyUserspaceInterruptGroup::notifier} asks the VM's
 * controller for the legacy interrupt's {@code notifier(irq)}, the irqfd VFIO's INTx trigger then
 * signals. x86: the IO-APIC ({@link ChIoapic}); arm64: the GIC ({@link ChGic}).
 */
interface ChInterruptController {

    /** The number of legacy interrupts {@link #notifier} has an irqfd for, from 0. */
    int legacyIrqs();

    /** What a legacy interrupt is called in messages ("IO-APIC pin"). */
    String irqKind();

    /** {@code notifier(irq)}: the legacy interrupt's irqfd. */
    EventFd notifier(int irq);

    /**
     * Why a guest booted as {@code config} says has no route to a PCI function's INTx on this
     * controller, or null when it has one.
     */
    default String intxUnrouted(ChConfig config) {
        return null;
    }
}
