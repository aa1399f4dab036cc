package dev.irqlab.vfio;

import com.google.inject.Inject;
import dev.irqlab.api.Errno;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.forwarder.HostIrq;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.vfio.core.IrqSetValidation;
import java.util.ArrayList;
import java.util.List;

/**
 * One vfio-platform device's interrupts ({@code struct vfio_platform_device} irq part):
 * {@code VFIO_DEVICE_GET_IRQ_INFO} and {@code VFIO_DEVICE_SET_IRQS} of
 * drivers/vfio/platform/vfio_platform_common.c {@code vfio_platform_ioctl} and
 * vfio_platform_irq.c.
 *
 * <p>Built by {@code vfio_platform_irq_init}: every host irq is requested at once with
 * {@code IRQF_NO_AUTOEN} and stays disabled until a trigger fd is set.
 */
public final class VfioPlatformDevice implements Forwarder {

    private final List<VfioPlatformIrq> irqs;

    /** Makes one device's vfio-platform interrupt side with a run's context. */
    static final class Factory {
        private final VfioPlatformIrq.Factory irqCtxs;

        @Inject
        Factory(VfioPlatformIrq.Factory irqCtxs) {
            this.irqCtxs = irqCtxs;
        }

        VfioPlatformDevice create(ForwarderContext context) {
            return new VfioPlatformDevice(irqCtxs, context);
        }
    }

    /** @param irqCtxs {@code vfio_platform_irq_init}'s allocation of one {@code vfio_platform_irq} per host irq */
    VfioPlatformDevice(VfioPlatformIrq.Factory irqCtxs, ForwarderContext context) {
        String component = context.name();
        String deviceName = component.startsWith("vfio.") ? component.substring("vfio.".length()) : component;
        List<VfioPlatformIrq> list = new ArrayList<>();
        int index = 0;
        for (HostIrq hostIrq : context.irqs()) {
            VfioPlatformIrq irq = irqCtxs.create(context.sim(), component, context.hostKernel(), index++,
                    hostIrq.irq(), hostIrq.trigger().isLevel() && !hostIrq.forwardedToVcpu());
            list.add(irq);
        }
        this.irqs = List.copyOf(list);
        for (VfioPlatformIrq irq : irqs) {
            irq.request(deviceName);
        }
    }

    @Override
    public int irqCount() {
        return irqs.size();
    }

    /** vfio_platform_common.c {@code VFIO_DEVICE_GET_IRQ_INFO}: flags and count (always 1) of one index. */
    @Override
    public IrqInfo irqInfo(int index) {
        if (index < 0 || index >= irqs.size()) {
            throw new IndexOutOfBoundsException("irq index " + index + " of a device with " + irqs.size()
                    + " irqs");
        }
        return irqs.get(index).info();
    }

    /**
     * {@code VFIO_DEVICE_SET_IRQS}: vfio_main.c {@code vfio_set_irqs_validate_and_prepare}, then
     * vfio_platform_irq.c {@code vfio_platform_set_irqs_ioctl}: a failed {@code request_irq} is
     * returned first, an action field that is not exactly one {@code ACTION_*} bit gives
     * {@code -ENOTTY}, then the action's own checks. Every check precedes any change.
     */
    @Override
    public int setIrqs(int flags, int index, int start, int count, IrqSetData data) {
        IrqSetData payload = data == null ? new IrqSetData.None() : data;
        int ret = IrqSetValidation.validate(flags, index, start, count, payload, irqs.size());
        if (ret != 0) {
            return ret;
        }
        VfioPlatformIrq irq = irqs.get(index);
        if (irq.requestError() != 0) {
            return irq.requestError();
        }
        switch (flags & Vfio.IRQ_SET_ACTION_TYPE_MASK) {
            case Vfio.IRQ_SET_ACTION_MASK:
                return setIrqMask(irq, start, count, flags, payload);
            case Vfio.IRQ_SET_ACTION_UNMASK:
                return setIrqUnmask(irq, start, count, flags, payload);
            case Vfio.IRQ_SET_ACTION_TRIGGER:
                return setIrqTrigger(irq, start, count, flags, payload);
            default:
                return -Errno.ENOTTY;
        }
    }

    /** vfio_platform_irq.c {@code vfio_platform_set_irq_mask}. */
    private static int setIrqMask(VfioPlatformIrq irq, int start, int count, int flags, IrqSetData data) {
        if (start != 0 || count != 1 || !irq.maskable()) {
            return -Errno.EINVAL;
        }
        if ((flags & Vfio.IRQ_SET_DATA_EVENTFD) != 0) {
            EventFd fd = firstFd(data);
            if (fd != null) {
                return irq.maskVirqfd().enable(fd);
            }
            irq.maskVirqfd().disable();
            return 0;
        }
        if ((flags & Vfio.IRQ_SET_DATA_NONE) != 0 || firstBool(data)) {
            irq.mask();
        }
        return 0;
    }

    /**
     * vfio_platform_irq.c {@code vfio_platform_set_irq_unmask}. With DATA_EVENTFD this is where a
     * VMM passes the KVM resamplefd: the virqfd runs {@code vfio_platform_unmask} inside KVM's
     * {@code eventfd_signal}.
     */
    private static int setIrqUnmask(VfioPlatformIrq irq, int start, int count, int flags, IrqSetData data) {
        if (start != 0 || count != 1 || !irq.maskable()) {
            return -Errno.EINVAL;
        }
        if ((flags & Vfio.IRQ_SET_DATA_EVENTFD) != 0) {
            EventFd fd = firstFd(data);
            if (fd != null) {
                return irq.unmaskVirqfd().enable(fd);
            }
            irq.unmaskVirqfd().disable();
            return 0;
        }
        if ((flags & Vfio.IRQ_SET_DATA_NONE) != 0 || firstBool(data)) {
            irq.unmask();
        }
        return 0;
    }

    /**
     * vfio_platform_irq.c {@code vfio_platform_set_irq_trigger}: {@code count == 0} with DATA_NONE tears
     * the trigger down (checked before start/count); DATA_EVENTFD sets or (fd -1) clears it;
     * DATA_NONE or DATA_BOOL(true) runs the handler as if the device had interrupted (loopback).
     */
    private static int setIrqTrigger(VfioPlatformIrq irq, int start, int count, int flags, IrqSetData data) {
        if (count == 0 && (flags & Vfio.IRQ_SET_DATA_NONE) != 0) {
            return irq.setTrigger(null);
        }
        if (start != 0 || count != 1) {
            return -Errno.EINVAL;
        }
        if ((flags & Vfio.IRQ_SET_DATA_EVENTFD) != 0) {
            return irq.setTrigger(firstFd(data));
        }
        if ((flags & Vfio.IRQ_SET_DATA_NONE) != 0 || firstBool(data)) {
            irq.runHandler();
        }
        return 0;
    }

    private static EventFd firstFd(IrqSetData data) {
        return ((IrqSetData.EventFds) data).fds().get(0);
    }

    private static boolean firstBool(IrqSetData data) {
        return data instanceof IrqSetData.Bools b && Boolean.TRUE.equals(b.values().get(0));
    }

    /** vfio_platform_irq.c {@code vfio_platform_irq_cleanup}: virqfds off, {@code free_irq}. */
    public void release() {
        for (VfioPlatformIrq irq : irqs) {
            irq.cleanup();
        }
    }

    /** {@code irq_ctx->masked} of one index (for tests and tools). */
    public boolean masked(int index) {
        return irqs.get(index).masked();
    }

    /** {@code irq_ctx->name} of one index: {@code "vfio-irq[<irq>](<device>)"}. */
    public String irqName(int index) {
        return irqs.get(index).name();
    }
}
