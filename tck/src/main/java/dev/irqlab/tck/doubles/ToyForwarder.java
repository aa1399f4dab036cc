package dev.irqlab.tck.doubles;

import dev.irqlab.api.Errno;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.sim.EventFd;
import java.util.ArrayList;
import java.util.List;

/**
 * A VFIO device with fixed irq infos that records every {@code VFIO_DEVICE_SET_IRQS} a VMM makes, as
 * {@code "SET_IRQS <action> index <i> [fd names]"}, and keeps the trigger and unmask fds per index.
 */
public final class ToyForwarder implements Forwarder {

    /** The flags of a level irq as vfio-platform reports it. */
    public static final int LEVEL = Vfio.IRQ_INFO_EVENTFD | Vfio.IRQ_INFO_MASKABLE | Vfio.IRQ_INFO_AUTOMASKED;
    /** The flags of an edge irq. */
    public static final int EDGE = Vfio.IRQ_INFO_EVENTFD | Vfio.IRQ_INFO_MASKABLE;

    private final int[] flags;
    private final EventFd[] triggers;
    private final EventFd[] unmasks;
    private final List<String> log = new ArrayList<>();

    private int deviceFlags = Vfio.DEVICE_FLAGS_PLATFORM;

    /** One irq per entry of {@code flags}, by index. */
    public ToyForwarder(int... flags) {
        this.flags = flags.clone();
        this.triggers = new EventFd[flags.length];
        this.unmasks = new EventFd[flags.length];
    }

    /** A PCI function ({@code VFIO_DEVICE_FLAGS_PCI}) with its INTx as index 0, level and automasked. */
    public static ToyForwarder pciIntx() {
        ToyForwarder f = new ToyForwarder(LEVEL);
        f.deviceFlags = Vfio.DEVICE_FLAGS_PCI;
        return f;
    }

    @Override
    public int deviceFlags() {
        return deviceFlags;
    }

    @Override
    public int irqCount() {
        return flags.length;
    }

    @Override
    public IrqInfo irqInfo(int index) {
        return new IrqInfo(index, flags[index], 1);
    }

    @Override
    public int setIrqs(int setFlags, int index, int start, int count, IrqSetData data) {
        if (index < 0 || index >= flags.length || start != 0 || count != 1) {
            return -Errno.EINVAL;
        }
        String action = (setFlags & Vfio.IRQ_SET_ACTION_TRIGGER) != 0 ? "TRIGGER"
                : (setFlags & Vfio.IRQ_SET_ACTION_UNMASK) != 0 ? "UNMASK" : "MASK";
        String fds = "";
        if (data instanceof IrqSetData.EventFds e) {
            EventFd fd = e.fds().get(0);
            fds = " " + fd.name();
            if (action.equals("TRIGGER")) {
                triggers[index] = fd;
            } else if (action.equals("UNMASK")) {
                unmasks[index] = fd;
            }
        }
        log.add("SET_IRQS " + action + " index " + index + fds);
        return 0;
    }

    /** Every {@code VFIO_DEVICE_SET_IRQS}, in order. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** The trigger fd set for an index, or null. */
    public EventFd trigger(int index) {
        return triggers[index];
    }

    /** The unmask fd set for an index, or null. */
    public EventFd unmask(int index) {
        return unmasks[index];
    }
}
