package dev.irqlab.pci.routing;

/**
 * How a host routes a PCI function's INTx pin to an interrupt controller line, for the two host
 * shapes irqlab models. Both swizzle by slot, as the PCI-to-PCI bridge specification's table does
 * (drivers/pci/setup-irq.c {@code pci_assign_irq} → {@code pci_common_swizzle} /
 * {@code pci_swizzle_interrupt_pin}: {@code (pin - 1 + slot) % 4 + 1}), then map the host bridge's
 * INTA..INTD to lines:
 * <ul>
 * <li>x86: the ACPI {@code _PRT} of a PCH that routes PIRQA..PIRQD to IO-APIC inputs 16..19
 * (drivers/acpi/pci_irq.c {@code acpi_pci_irq_lookup}); level, active low (ACPI 6.5, 6.2.13: a
 * {@code _PRT} entry without a link device is "level, active-low, shared").</li>
 * <li>arm64: the host bridge's device-tree {@code interrupt-map} with
 * {@code interrupt-map-mask = <0x1800 0 0 7>} and four consecutive SPIs, the shape of QEMU's
 * {@code virt} board (hw/arm/virt.c {@code create_pcie_irq_map}) and many SoC bridges
 * (drivers/pci/of.c {@code of_irq_parse_and_map_pci}); level, active high (a GIC SPI cannot be
 * active low).</li>
 * </ul>
 */
public final class PciIntxRouting {

    /** The first IO-APIC input of PIRQA in the x86 routing. */
    public static final int X86_PIRQ_BASE_GSI = 16;

    private PciIntxRouting() {
    }

    /** drivers/pci/setup-irq.c {@code pci_swizzle_interrupt_pin}: the bridge's pin (1..4) for a device's pin. */
    public static int swizzle(int slot, int pin) {
        if (pin < 1 || pin > 4) {
            throw new IllegalArgumentException("interrupt pin " + pin + "; allowed: 1..4 (INTA..INTD)");
        }
        if (slot < 0 || slot > 31) {
            throw new IllegalArgumentException("slot " + slot + "; allowed: 0..31");
        }
        return (pin - 1 + slot) % 4 + 1;
    }

    /** The IO-APIC input (GSI) of slot/pin on the host bridge in the x86 routing. */
    public static int x86Gsi(int slot, int pin) {
        return X86_PIRQ_BASE_GSI + swizzle(slot, pin) - 1;
    }

    /**
     * The GIC SPI number (the scenario's {@code line}; INTID = SPI + 32) of slot/pin through an
     * {@code interrupt-map} whose INTA..INTD entries for slot 0 are SPIs {@code spiBase}..{@code spiBase + 3}.
     */
    public static int arm64Spi(int spiBase, int slot, int pin) {
        return spiBase + swizzle(slot, pin) - 1;
    }
}
