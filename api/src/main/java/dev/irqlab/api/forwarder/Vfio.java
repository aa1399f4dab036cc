package dev.irqlab.api.forwarder;

/** VFIO uAPI constants (include/uapi/linux/vfio.h). */
public final class Vfio {
    public static final int IRQ_INFO_EVENTFD = 1 << 0;
    public static final int IRQ_INFO_MASKABLE = 1 << 1;
    public static final int IRQ_INFO_AUTOMASKED = 1 << 2;
    public static final int IRQ_INFO_NORESIZE = 1 << 3;

    public static final int IRQ_SET_DATA_NONE = 1 << 0;
    public static final int IRQ_SET_DATA_BOOL = 1 << 1;
    public static final int IRQ_SET_DATA_EVENTFD = 1 << 2;
    public static final int IRQ_SET_ACTION_MASK = 1 << 3;
    public static final int IRQ_SET_ACTION_UNMASK = 1 << 4;
    public static final int IRQ_SET_ACTION_TRIGGER = 1 << 5;

    public static final int IRQ_SET_DATA_TYPE_MASK = IRQ_SET_DATA_NONE | IRQ_SET_DATA_BOOL | IRQ_SET_DATA_EVENTFD;
    public static final int IRQ_SET_ACTION_TYPE_MASK =
            IRQ_SET_ACTION_MASK | IRQ_SET_ACTION_UNMASK | IRQ_SET_ACTION_TRIGGER;

    /** {@code VFIO_DEVICE_FLAGS_PCI}: a vfio-pci device (its irq indexes are the {@code PCI_*_IRQ_INDEX}). */
    public static final int DEVICE_FLAGS_PCI = 1 << 1;
    /** {@code VFIO_DEVICE_FLAGS_PLATFORM}: a vfio-platform device (one index per platform irq). */
    public static final int DEVICE_FLAGS_PLATFORM = 1 << 2;

    /** {@code VFIO_PCI_INTX_IRQ_INDEX} and the others of the vfio-pci index enum. */
    public static final int PCI_INTX_IRQ_INDEX = 0;
    public static final int PCI_MSI_IRQ_INDEX = 1;
    public static final int PCI_MSIX_IRQ_INDEX = 2;
    public static final int PCI_ERR_IRQ_INDEX = 3;
    public static final int PCI_REQ_IRQ_INDEX = 4;
    /** {@code VFIO_PCI_NUM_IRQS}. */
    public static final int PCI_NUM_IRQS = 5;

    private Vfio() {
    }
}
