package dev.irqlab.api.forwarder;

/** {@code struct vfio_irq_info}: flags ({@code VFIO_IRQ_INFO_*}), index and count. */
public record IrqInfo(int index, int flags, int count) {

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
