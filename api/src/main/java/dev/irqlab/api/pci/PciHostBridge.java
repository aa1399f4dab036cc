package dev.irqlab.api.pci;

import dev.irqlab.api.irq.Trigger;
import java.util.List;

/**
 * How a host routes the INTx pins of the functions on its PCI host bridge to interrupt controller
 * lines: the swizzle by slot of the PCI-to-PCI bridge specification's table
 * (drivers/pci/pci.c {@code pci_swizzle_interrupt_pin}: {@code (pin - 1 + slot) % 4 + 1}, as the
 * firmware's tables apply it: an ACPI {@code _PRT} that follows it, a device-tree
 * {@code interrupt-map} with {@code interrupt-map-mask = <0x1800 0 0 7>}), then the bridge's
 * INTA..INTD to four controller lines, with the trigger the firmware gives them.
 *
 * @param lines   the controller lines (as a scenario numbers its host lines) of INTA..INTD after the swizzle
 * @param trigger the trigger the firmware describes for them
 * @param source  where the routing comes from (firmware table and the kernel function reading it)
 */
public record PciHostBridge(List<Integer> lines, Trigger trigger, String source) {

    public PciHostBridge {
        if (lines.size() != 4) {
            throw new IllegalArgumentException("a host bridge routes INTA..INTD: 4 lines, got " + lines);
        }
        lines = List.copyOf(lines);
    }

    /** drivers/pci/pci.c {@code pci_swizzle_interrupt_pin}: the bridge's pin (1..4) for a function's pin. */
    public static int swizzle(int slot, int pin) {
        if (pin < 1 || pin > 4) {
            throw new IllegalArgumentException("interrupt pin " + pin + "; allowed: 1..4 (INTA..INTD)");
        }
        if (slot < 0 || slot > 31) {
            throw new IllegalArgumentException("slot " + slot + "; allowed: 0..31");
        }
        return (pin - 1 + slot) % 4 + 1;
    }

    /** The controller line of a root-bus function's pin (1..4) in {@code slot}. */
    public int line(int slot, int pin) {
        return lines.get(swizzle(slot, pin) - 1);
    }

    /**
     * The controller line of a function anywhere below the host bridge: swizzled through its bridges to
     * the root bus ({@link PciIntxPin#atRootBus}, {@code pci_common_swizzle}), then this routing. Both
     * firmware paths do so when no bridge below the root has routing of its own: ACPI's
     * {@code acpi_pci_irq_lookup} (drivers/acpi/pci_irq.c) swizzles up to the first bridge with a
     * {@code _PRT} entry, {@code of_irq_parse_pci} (drivers/pci/of.c) up to the first node with an
     * {@code interrupt-map}; here only the host bridge has either.
     */
    public int line(PciIntxPin intx) {
        PciIntxPin root = intx.atRootBus();
        return line(root.slot(), root.pin());
    }
}
