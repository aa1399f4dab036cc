package dev.irqlab.api.forwarder;

/**
 * One assigned device's interrupts as VFIO exposes them ({@code VFIO_DEVICE_GET_IRQ_INFO},
 * {@code VFIO_DEVICE_SET_IRQS}).
 *
 * <p>Protocol: a VMM asks {@link #irqInfo}, creates a trigger event fd and, for an automasked irq,
 * an unmask event fd, and wires them with {@link #setIrqs} ({@code ACTION_TRIGGER} and
 * {@code ACTION_UNMASK} with {@code DATA_EVENTFD}). Host interrupts then signal the trigger fd;
 * signalling the unmask fd unmasks. Bad arguments return the errno the kernel returns and change
 * nothing.
 */
public interface Forwarder {

    /**
     * {@code VFIO_DEVICE_GET_INFO} {@code flags}' bus type: {@link Vfio#DEVICE_FLAGS_PLATFORM} (the
     * default) or {@link Vfio#DEVICE_FLAGS_PCI}; a VMM chooses its device model by it (QEMU's
     * vfio-platform or vfio-pci).
     */
    default int deviceFlags() {
        return Vfio.DEVICE_FLAGS_PLATFORM;
    }

    /** Number of irq indexes ({@code vfio_device_info.num_irqs}). */
    int irqCount();

    /** {@code VFIO_DEVICE_GET_IRQ_INFO}; throws {@link IndexOutOfBoundsException} for a bad index. */
    IrqInfo irqInfo(int index);

    /** {@code VFIO_DEVICE_SET_IRQS}: 0 or a negative errno. */
    int setIrqs(int flags, int index, int start, int count, IrqSetData data);
}
