package dev.irqlab.api.forwarder;

import dev.irqlab.api.sim.EventFd;
import java.util.List;

/** The payload of {@code VFIO_DEVICE_SET_IRQS}, one variant per {@code VFIO_IRQ_SET_DATA_*} type. */
public sealed interface IrqSetData {

    /** {@code VFIO_IRQ_SET_DATA_NONE}. */
    record None() implements IrqSetData {
    }

    /** {@code VFIO_IRQ_SET_DATA_BOOL}: one bool per irq in [start, start+count). */
    record Bools(List<Boolean> values) implements IrqSetData {
    }

    /**
     * {@code VFIO_IRQ_SET_DATA_EVENTFD}: one event fd per irq; a null element is the fd -1
     * (tear down).
     */
    record EventFds(List<EventFd> fds) implements IrqSetData {
    }
}
