package dev.irqlab.api.controller;

import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.pci.PciHostBridge;
import java.util.Optional;

/**
 * A physical interrupt controller of the host: device wires come in, CPU interrupts go out.
 *
 * <p>Protocol: the runtime asks {@link #hwirqForLine} to turn a device-tree style interrupt
 * specifier number (GIC: the SPI number of {@code <GIC_SPI n ...>}; IO-APIC: the pin) into a hwirq,
 * then connects the device to {@link #input(int)} before the run.
 */
public interface PhysicalInterruptController extends InterruptController {

    /**
     * The hwirq for an interrupt-specifier line number, or {@code -1} if out of range
     * (GIC: SPI n is INTID 32+n; IO-APIC: pin n is hwirq n).
     */
    int hwirqForLine(int line);

    /** The input wire for a device line; throws {@link IllegalArgumentException} if out of range. */
    LineSink input(int hwirq);

    /**
     * The deactivation a guest performs through a list register with the HW bit (GIC ICH_LR.HW,
     * IHI 0069 4.1.1): the virtual CPU interface deactivates the physical interrupt itself, with no
     * software. Only a controller with a virtual CPU interface has it.
     */
    default void deactivateFromVcpu(int hwirq) {
        throw new UnsupportedOperationException(name() + " has no virtual CPU interface to deactivate " + hwirq);
    }

    /**
     * The host's PCI INTx routing to this controller's lines, when the host is modelled with a PCI
     * host bridge (x86: the ACPI {@code _PRT} to IO-APIC inputs; arm64: the bridge's device-tree
     * {@code interrupt-map} to SPIs). The runtime refuses a PCI function whose scenario line or
     * trigger is not the one this routing gives it.
     */
    default Optional<PciHostBridge> pciHostBridge() {
        return Optional.empty();
    }
}
