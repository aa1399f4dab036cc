package dev.irqlab.vmm.core;

import dev.irqlab.api.Errno;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.VmmException;
import java.util.List;

/**
 * {@code VFIO_DEVICE_SET_IRQS} on one assigned device for one sub-index, in the four forms every VMM
 * issues (include/uapi/linux/vfio.h; QEMU hw/vfio/helpers.c {@code vfio_set_irq_signaling}, crosvm
 * devices/src/vfio.rs {@code irq_enable}/{@code irq_mask}/{@code resample_virq_enable}/{@code irq_unmask},
 * cloud-hypervisor vfio-ioctls {@code enable_irq}/{@code unmask_irq}). A failure while the VMM wires
 * the device ends its wiring: a {@link VmmException} naming the device and the call (QEMU aborts or
 * reports the error, crosvm and cloud-hypervisor return it).
 */
public final class VfioIrqSet {

    private final AssignedDevice device;

    public VfioIrqSet(AssignedDevice device) {
        this.device = device;
    }

    /** {@code VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER}: VFIO signals {@code fd} for the irq. */
    public void trigger(int index, EventFd fd) {
        check("VFIO_IRQ_SET_ACTION_TRIGGER", device.vfio().setIrqs(Vfio.IRQ_SET_DATA_EVENTFD
                | Vfio.IRQ_SET_ACTION_TRIGGER, index, 0, 1, new IrqSetData.EventFds(List.of(fd))));
    }

    /** {@code VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK}. */
    public void mask(int index) {
        check("VFIO_IRQ_SET_ACTION_MASK", device.vfio().setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_MASK,
                index, 0, 1, new IrqSetData.None()));
    }

    /** {@code VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_UNMASK}: a signal of {@code fd} unmasks the irq. */
    public void unmaskEventfd(int index, EventFd fd) {
        check("VFIO_IRQ_SET_ACTION_UNMASK (eventfd)", device.vfio().setIrqs(Vfio.IRQ_SET_DATA_EVENTFD
                | Vfio.IRQ_SET_ACTION_UNMASK, index, 0, 1, new IrqSetData.EventFds(List.of(fd))));
    }

    /** {@code VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK}, checked. */
    public void unmask(int index) {
        check("VFIO_IRQ_SET_ACTION_UNMASK", unmaskResult(index));
    }

    /**
     * {@code VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK} as a VMM issues it while the VM
     * runs (an EOI it emulates, a forced unmask): the ioctl's result, which those callers ignore.
     */
    public int unmaskResult(int index) {
        return device.vfio().setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_UNMASK, index, 0, 1,
                new IrqSetData.None());
    }

    /** A negative result of {@code what} as a {@link VmmException} naming the device. */
    public void check(String what, int r) {
        if (r < 0) {
            throw new VmmException("device '" + device.name() + "': " + what + " failed with " + Errno.name(r));
        }
    }
}
