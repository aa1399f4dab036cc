package dev.irqlab.pci.device;

import java.util.Arrays;
import java.util.List;

/**
 * How a function implements the command register's Interrupt Disable bit (PCI Local Bus 3.0, 6.2.2;
 * the bit was reserved, read-only 0, before revision 2.3).
 */
public enum IntxMasking {
    /** PCI 2.3 and later: the bit is writable and gates INTx; Interrupt Status works. */
    PCI_2_3("pci-2.3"),
    /**
     * Before PCI 2.3: the bit reads 0 and ignores writes, Interrupt Status is reserved (0). Linux
     * finds out at enumeration (drivers/pci/probe.c {@code pci_intx_mask_broken}: the toggled bit does
     * not stick), so vfio-pci masks at the irq chip.
     */
    PRE_2_3("pre-2.3"),
    /**
     * A hardware bug: the bit is writable and reads back, Interrupt Status works, but INTx is not
     * gated by it. Enumeration cannot tell (the bit sticks); only a quirk would
     * (drivers/pci/quirks.c {@code quirk_broken_intx_masking}, by vendor and device id); this
     * function has none.
     */
    BROKEN("broken"),
    /**
     * A hardware bug: Interrupt Disable works (it sticks and gates INTx), but Interrupt Status never
     * reads set, so software cannot tell whether the function is the one interrupting. vfio-pci
     * hides INTx of the functions it knows to be so (drivers/vfio/pci/vfio_pci_core.c
     * {@code vfio_pci_nointx}: Intel i40e and X550 device ids); the host's quirk table marks the i40e
     * ids broken as well (drivers/pci/quirks.c {@code quirk_broken_intx_masking}).
     */
    NO_STATUS("no-status");

    private final String label;

    IntxMasking(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(IntxMasking::label).toList();
    }

    public static IntxMasking of(String label) {
        for (IntxMasking m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("intx-masking '" + label + "'; allowed: " + String.join(", ", labels()));
    }
}
