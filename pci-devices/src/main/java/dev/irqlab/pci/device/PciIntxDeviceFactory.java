package dev.irqlab.pci.device;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.DeviceFactory;
import java.util.List;

/** Builds {@link PciIntxDevice}s: device name {@code pci-intx}. */
public final class PciIntxDeviceFactory implements DeviceFactory {

    public static final String NAME = "pci-intx";
    public static final String INTERRUPT_PIN = "interrupt-pin";
    public static final String INTX_MASKING = "intx-masking";
    public static final String SLOT = "slot";
    static final List<String> PINS = List.of("INTA", "INTB", "INTC", "INTD");

    @Override
    public List<ConfigKey> schema() {
        return List.of(
                ConfigKey.choice(INTERRUPT_PIN, "INTA", PINS, "the function's Interrupt Pin register (0x3d): "
                        + "which INTx it drives; the host's routing maps it to a line")
                        .withSource("PCI Local Bus 3.0, 6.2.4"),
                ConfigKey.integer(SLOT, 0, 0, 31, "the function's device number on the host bridge's bus: with "
                        + "the pin it chooses the host line the host's routing gives it (x86 _PRT, arm64 interrupt-map); "
                        + "a scenario line that differs is refused, naming the routed one")
                        .withSource("drivers/pci/pci.c: pci_swizzle_interrupt_pin; drivers/acpi/pci_irq.c: "
                                + "acpi_pci_irq_lookup; drivers/pci/of.c: of_irq_parse_and_map_pci"),
                ConfigKey.choice(INTX_MASKING, IntxMasking.PCI_2_3.label(), IntxMasking.labels(),
                        "Command.Interrupt Disable: pci-2.3 works; pre-2.3 is read-only 0 (and Interrupt Status is "
                                + "reserved); broken reads back but does not gate INTx (a hardware bug no quirk names)")
                        .withSource("drivers/pci/probe.c: pci_intx_mask_broken; drivers/pci/quirks.c: "
                                + "quirk_broken_intx_masking"));
    }

    @Override
    public Device create(DeviceContext context) {
        return new PciIntxDevice(context);
    }

    @Override
    public String summary() {
        return "a PCI function signalling INTx (level) until its driver acknowledges: configuration space with "
                + "Command.Interrupt Disable and Status.Interrupt Status, STATUS/ACK in BAR 0; no MSI/MSI-X capability";
    }

    @Override
    public String source() {
        return "PCI Local Bus 3.0, 6.2.2-6.2.4; include/uapi/linux/pci_regs.h";
    }

    /** "INTA".."INTD" to the Interrupt Pin register's 1..4. */
    static int pinNumber(String pin) {
        int i = PINS.indexOf(pin);
        if (i < 0) {
            throw new IllegalArgumentException("interrupt-pin '" + pin + "'; allowed: " + String.join(", ", PINS));
        }
        return i + 1;
    }
}
