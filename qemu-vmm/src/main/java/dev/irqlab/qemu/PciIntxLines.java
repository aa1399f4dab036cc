package dev.irqlab.qemu;

import java.util.HashMap;
import java.util.Map;

/**
 * The INTx lines of QEMU's PCI bus as a device model drives them from user space (hw/pci/pci.c
 * {@code pci_irq_handler} → {@code pci_change_irq_level} → {@code pci_bus_change_irq_level}): each
 * device's INTx state counts in its line's {@code irq_count}, and at every change the board's
 * {@code set_irq} gets the line's level, high while any device holds it (PCI's wire-OR), so a second
 * device asserting a line already high raises it again. The board then drives the GSI: with
 * {@code kernel-irqchip=on} through {@code KVM_IRQ_LINE} (x86 {@code kvm_pc_gsi_handler}, arm
 * {@code kvm_arm_gic_set_irq}), with {@code kernel-irqchip=split} into QEMU's IO-APIC
 * ({@code gsi_handler} → {@code ioapic_set_irq}). Only user-space INTx uses these lines: an irqfd
 * bypasses them.
 */
final class PciIntxLines {

    /** The board's GSI input. */
    @FunctionalInterface
    interface Gsi {
        void set(int gsi, boolean level);
    }

    private final Gsi board;
    private final Map<Integer, Integer> irqCount = new HashMap<>();

    PciIntxLines(Gsi board) {
        this.board = board;
    }

    /**
     * {@code pci_bus_change_irq_level(bus, irq_num, change)}: one device's INTx went up (+1) or down
     * (-1); {@code bus->set_irq(irq_num, irq_count != 0)}.
     */
    void change(int gsi, int change) {
        int before = irqCount.getOrDefault(gsi, 0);
        int after = before + change;
        if (after < 0) {
            throw new IllegalStateException("INTx line of GSI " + gsi + " de-asserted more often than asserted");
        }
        irqCount.put(gsi, after);
        board.set(gsi, after != 0);
    }
}
