package dev.irqlab.api.pci;

/** Configuration-space offsets and bits (include/uapi/linux/pci_regs.h). */
public final class Pci {
    /** {@code PCI_VENDOR_ID}, 16 bits, read-only. */
    public static final int VENDOR_ID = 0x00;
    /** {@code PCI_DEVICE_ID}, 16 bits, read-only. */
    public static final int DEVICE_ID = 0x02;
    /** {@code PCI_COMMAND}, 16 bits. */
    public static final int COMMAND = 0x04;
    /** {@code PCI_COMMAND_INTX_DISABLE}: INTx emulation disable. */
    public static final int COMMAND_INTX_DISABLE = 0x400;
    /** {@code PCI_STATUS}, 16 bits. */
    public static final int STATUS = 0x06;
    /** {@code PCI_STATUS_INTERRUPT}: interrupt status. */
    public static final int STATUS_INTERRUPT = 0x08;
    /** {@code PCI_INTERRUPT_LINE}, 8 bits: written by firmware / the OS, no effect on the hardware. */
    public static final int INTERRUPT_LINE = 0x3c;
    /** {@code PCI_INTERRUPT_PIN}, 8 bits, read-only: 0 none, 1..4 INTA#..INTD#. */
    public static final int INTERRUPT_PIN = 0x3d;

    private Pci() {
    }
}
