package dev.irqlab.vfio.core;

import dev.irqlab.api.Errno;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;

/**
 * drivers/vfio/vfio_main.c {@code vfio_set_irqs_validate_and_prepare}: the argument checks every
 * vfio bus driver runs before its own {@code SET_IRQS} handler. Its callers pass different limits:
 * vfio-platform ({@code vfio_platform_ioctl}) passes the device's number of irq <em>indexes</em> as
 * both {@code num_irqs} and {@code max_irq_type}, so {@code start}/{@code count} are checked against
 * the number of indexes, not against the index's own count (1); vfio-pci
 * ({@code vfio_pci_core_ioctl_set_irqs}) passes the index's own count ({@code vfio_pci_get_irq_count})
 * and {@code VFIO_PCI_NUM_IRQS}. The fields are {@code __u32} in the uAPI; the ints here are read as
 * unsigned.
 */
public final class IrqSetValidation {

    private static final long U32_MAX = 0xffff_ffffL;

    private IrqSetValidation() {
    }

    /** 0 or {@code -EINVAL}, in the kernel's order of checks, with {@code max_irq_type == num_irqs}. */
    public static int validate(int flags, int index, int start, int count, IrqSetData data, int numIrqs) {
        return validate(flags, index, start, count, data, numIrqs, numIrqs);
    }

    /**
     * 0 or {@code -EINVAL}, in the kernel's order of checks: {@code index} against
     * {@code maxIrqType}, {@code start}/{@code count} against {@code numIrqs}, then the payload size.
     */
    public static int validate(int flags, int index, int start, int count, IrqSetData data, int numIrqs,
                               int maxIrqType) {
        long uIndex = Integer.toUnsignedLong(index);
        long uStart = Integer.toUnsignedLong(start);
        long uCount = Integer.toUnsignedLong(count);
        if (uIndex >= maxIrqType || uCount >= U32_MAX - uStart
                || (flags & ~(Vfio.IRQ_SET_DATA_TYPE_MASK | Vfio.IRQ_SET_ACTION_TYPE_MASK)) != 0) {
            return -Errno.EINVAL;
        }
        if (uStart >= numIrqs || uStart + uCount > numIrqs) {
            return -Errno.EINVAL;
        }
        int elements;
        switch (flags & Vfio.IRQ_SET_DATA_TYPE_MASK) {
            case Vfio.IRQ_SET_DATA_NONE:
                return 0;
            case Vfio.IRQ_SET_DATA_BOOL:
                elements = data instanceof IrqSetData.Bools b ? b.values().size() : wrongPayload(flags, data);
                break;
            case Vfio.IRQ_SET_DATA_EVENTFD:
                elements = data instanceof IrqSetData.EventFds f ? f.fds().size() : wrongPayload(flags, data);
                break;
            default:
                // none or more than one DATA_* bit
                return -Errno.EINVAL;
        }
        // "if (hdr->argsz - minsz < hdr->count * size) return -EINVAL": the payload is too short.
        return elements < uCount ? -Errno.EINVAL : 0;
    }

    private static int wrongPayload(int flags, IrqSetData data) {
        throw new IllegalArgumentException("VFIO_DEVICE_SET_IRQS flags 0x" + Integer.toHexString(flags)
                + " announce " + ((flags & Vfio.IRQ_SET_DATA_BOOL) != 0 ? "DATA_BOOL" : "DATA_EVENTFD")
                + " but the payload is " + data);
    }
}
