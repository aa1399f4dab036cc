package dev.irqlab.pci.device;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.pci.PciIntxPin;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ConfigType;
import dev.irqlab.api.plugin.DeviceFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds {@link PciIntxDevice}s: device name {@code pci-intx}. */
public final class PciIntxDeviceFactory implements DeviceFactory {

    public static final String NAME = "pci-intx";
    public static final String INTERRUPT_PIN = "interrupt-pin";
    public static final String INTX_MASKING = "intx-masking";
    public static final String SLOT = "slot";
    public static final String BRIDGES = "bridges";
    public static final String VENDOR_ID = "vendor-id";
    public static final String DEVICE_ID = "device-id";
    /** The default ids: QEMU's PCI test device (Red Hat 1b36:0005), which no quirk list names. */
    public static final long DEFAULT_VENDOR_ID = 0x1b36;
    public static final long DEFAULT_DEVICE_ID = 0x0005;
    static final List<String> PINS = List.of("INTA", "INTB", "INTC", "INTD");

    @Override
    public List<ConfigKey> schema() {
        return List.of(
                ConfigKey.choice(INTERRUPT_PIN, "INTA", PINS, "the function's Interrupt Pin register (0x3d): "
                        + "which INTx it drives; the host's routing maps it to a line")
                        .withSource("PCI Local Bus 3.0, 6.2.4"),
                ConfigKey.integer(SLOT, 0, 0, 31, "the function's device number on its bus: with the pin (and the "
                        + "bridges) it chooses the host line and trigger the host's routing gives it (x86 _PRT, arm64 "
                        + "interrupt-map), which a device without interrupt: takes; a written line that differs is "
                        + "refused, naming the routed one")
                        .withSource("drivers/pci/pci.c: pci_swizzle_interrupt_pin; drivers/acpi/pci_irq.c: "
                                + "acpi_pci_irq_lookup; drivers/pci/of.c: of_irq_parse_and_map_pci"),
                new ConfigKey(BRIDGES, ConfigType.STRING, "", "the PCI-to-PCI bridges (PCIe root and switch ports) "
                        + "above the function, as device numbers from the host bridge's bus down, separated by '/' "
                        + "(\"28\": behind a root port in slot 28; \"1/0/2\": root port 1, switch upstream port 0, "
                        + "downstream port 2); empty: on the host bridge's bus. INTx is swizzled at each bridge",
                        List.of(), 0, 0)
                        .withSource("drivers/pci/pci.c: pci_common_swizzle (Linux 6.17)"),
                ConfigKey.choice(INTX_MASKING, IntxMasking.PCI_2_3.label(), IntxMasking.labels(),
                        "Command.Interrupt Disable: pci-2.3 works; pre-2.3 is read-only 0 (and Interrupt Status is "
                                + "reserved); broken reads back but does not gate INTx (the bug quirk_broken_intx_masking "
                                + "names by id); no-status gates INTx but Interrupt Status never sets (the bug "
                                + "vfio_pci_nointx names by id)")
                        .withSource("drivers/pci/probe.c: pci_intx_mask_broken; drivers/pci/quirks.c: "
                                + "quirk_broken_intx_masking; drivers/vfio/pci/vfio_pci_core.c: vfio_pci_nointx"),
                ConfigKey.integer(VENDOR_ID, DEFAULT_VENDOR_ID, 0, 0xfffe, "the Vendor ID register (0x00, "
                        + "read-only): with device-id, what the host's quirks and vfio-pci's nointx list match "
                        + "(0x8086 Intel, 0x10ec Realtek, 0x1425 Chelsio); default 0x1b36, QEMU's test device")
                        .withSource("PCI Local Bus 3.0, 6.2.1; drivers/pci/quirks.c: pci_fixup_device"),
                ConfigKey.integer(DEVICE_ID, DEFAULT_DEVICE_ID, 0, 0xffff, "the Device ID register (0x02, "
                        + "read-only): 0x1572, 0x1574, 0x1580-0x1581, 0x1583-0x158b, 0x37d0-0x37d2 (Intel i40e) and "
                        + "0x1563 (X550) are vfio_pci_nointx's; the i40e ids, 0x8169 (Realtek), 0x0030 (Chelsio) and "
                        + "others are quirk_broken_intx_masking's; default 0x0005")
                        .withSource("PCI Local Bus 3.0, 6.2.1; drivers/pci/quirks.c: quirk_broken_intx_masking"));
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

    /**
     * The function's INTx pin below the host bridge: {@code bridges}, {@code slot} and
     * {@code interrupt-pin} of its configuration.
     */
    @Override
    public Optional<PciIntxPin> pciIntxPin(Config config) {
        return Optional.of(new PciIntxPin(bridges(config.text(BRIDGES)), (int) config.integer(SLOT),
                pinNumber(config.text(INTERRUPT_PIN))));
    }

    /** {@code "28"}, {@code "1/0/2"}: device numbers 0..31 separated by '/'; empty: none. */
    static List<Integer> bridges(String text) {
        List<Integer> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String part : text.split("/", -1)) {
            int n;
            try {
                n = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > 31) {
                throw new IllegalArgumentException("configuration key '" + BRIDGES + "' is '" + text + "'; allowed: "
                        + "device numbers 0..31 separated by '/' (\"28\", \"1/0/2\"), or empty");
            }
            out.add(n);
        }
        return out;
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
