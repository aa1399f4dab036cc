package dev.irqlab.api.pci;

import java.util.List;

/**
 * Where a function's INTx pin sits in the PCI hierarchy, as its configuration places it: the
 * PCI-to-PCI bridges (conventional bridges, PCIe root and switch ports) between the host bridge's
 * bus and the function's bus, the function's device number and its Interrupt Pin.
 *
 * @param bridges the device number of each bridge on the path, the one on the host bridge's (root)
 *                bus first, the function's own bus's bridge last; empty: the function is on the root
 *                bus
 * @param slot    the function's device number on its own bus ({@code PCI_SLOT(devfn)}, 0..31)
 * @param pin     its Interrupt Pin register, 1..4 for INTA..INTD
 */
public record PciIntxPin(List<Integer> bridges, int slot, int pin) {

    public PciIntxPin {
        bridges = List.copyOf(bridges);
        for (int b : bridges) {
            checkSlot("bridge device number", b);
        }
        checkSlot("slot", slot);
        if (pin < 1 || pin > 4) {
            throw new IllegalArgumentException("interrupt pin " + pin + "; allowed: 1..4 (INTA..INTD)");
        }
    }

    /**
     * drivers/pci/pci.c {@code pci_common_swizzle} (Linux 6.17): while the device is not on the root
     * bus, the pin becomes {@link PciHostBridge#swizzle}{@code (its slot, pin)} and the device its
     * bus's bridge; the result is the root-bus device's slot with the pin its host-bridge routing
     * sees. ARI ({@code pci_ari_enabled}: slot 0 in the swizzle) is not modelled.
     */
    public PciIntxPin atRootBus() {
        int p = pin;
        int device = slot;
        for (int i = bridges.size() - 1; i >= 0; i--) {
            p = PciHostBridge.swizzle(device, p);
            device = bridges.get(i);
        }
        return new PciIntxPin(List.of(), device, p);
    }

    /** INTA..INTD. */
    public String pinName() {
        return "INT" + (char) ('A' + pin - 1);
    }

    /** The path as the scenario writes it: bridges root first, then the function, e.g. {@code 28/0 INTA}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int bridge : bridges) {
            b.append(bridge).append('/');
        }
        return "slot " + b + slot + " " + pinName();
    }

    private static void checkSlot(String what, int n) {
        if (n < 0 || n > 31) {
            throw new IllegalArgumentException(what + " " + n + "; allowed: 0..31");
        }
    }
}
