package dev.irqlab.qemu;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.TraceName;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.vmm.core.VfioIrqSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * QEMU injecting one vfio-platform device's interrupts from user space, when irqfd is not used
 * (hw/vfio/platform.c {@code vfio_start_eventfd_injection} and the functions it relies on). One
 * interrupt of the device is handled at a time:
 * <ul>
 *   <li>the trigger eventfd is QEMU's ({@code vfio_set_trigger_eventfd} with the handler
 *       {@code vfio_intp_interrupt}); when VFIO signals it, QEMU's main loop reads it after
 *       {@code eventfd-handler-latency}. If another irq of the device is active or pending, this
 *       one is queued as pending; otherwise it goes active, the device's MMIO region leaves the
 *       guest's memory map (the slow path: every guest access now exits to QEMU,
 *       {@code vfio_mmap_set_enabled(false)}), QEMU raises the line with {@code KVM_IRQ_LINE}
 *       ({@code qemu_set_irq} -> {@code kvm_set_irq}) and arms the mmap timer;</li>
 *   <li>every trapped access ({@code vfio_region_read/write}) is followed by {@code vfio_eoi}:
 *       {@code vfio_platform_eoi} takes the active irq to inactive, lowers the line with
 *       {@code KVM_IRQ_LINE}, unmasks an automasked irq at VFIO ({@code VFIO_IRQ_SET_ACTION_UNMASK},
 *       {@code vfio_unmask_single_irqindex}) — the first access after an injection is taken for the
 *       guest's acknowledge at the device — and injects the first pending irq;</li>
 *   <li>the mmap timer ({@code vfio_intp_mmap_enable}) restores the fast path when no irq is
 *       active, or re-arms itself.</li>
 * </ul>
 * Costs: each trapped access is an exit to QEMU (the hypervisor's MMIO exit plus
 * {@code region-access-cost}); each injection is a trip through QEMU's main loop and two
 * {@code KVM_IRQ_LINE} ioctls, which cost the vCPUs nothing but delay the interrupt.
 */
final class VfioPlatformEventfdInjection {

    /** {@code VFIO_IRQ_INACTIVE}, {@code VFIO_IRQ_PENDING}, {@code VFIO_IRQ_ACTIVE}. */
    enum State { INACTIVE, PENDING, ACTIVE }

    /** {@code VFIOINTp}. */
    private static final class Intp {
        final int index;
        final int gsi;
        final boolean automasked;
        final EventFd interrupt;
        /** The texts of QEMU's trace lines about it: "&lt;device&gt; irq N gsi G", "&lt;device&gt; irq N". */
        final String irqGsiText;
        final String irqText;
        State state = State.INACTIVE;

        Intp(int index, int gsi, boolean automasked, EventFd interrupt, String device) {
            this.index = index;
            this.gsi = gsi;
            this.automasked = automasked;
            this.interrupt = interrupt;
            this.irqGsiText = device + " irq " + index + " gsi " + gsi;
            this.irqText = device + " irq " + index;
        }
    }

    private final Sim sim;
    private final Vm vm;
    private final AssignedDevice device;
    private final QemuConfig config;
    private final VfioIrqSet setIrqs;
    /** {@code intp_list}: QEMU inserts at the head ({@code QLIST_INSERT_HEAD}). */
    private final List<Intp> intps = new ArrayList<>();
    /** {@code pending_intp_queue}. */
    private final Deque<Intp> pending = new ArrayDeque<>();
    private final MmapTimer mmapTimer;
    /** The keys of the trace lines QEMU prints, asked for once. */
    private final MessageKey setPendingKey;
    private final MessageKey interruptKey;
    private final MessageKey mmapEnableKey;
    private final MessageKey eoiKey;
    private final MessageKey injectPendingKey;
    private boolean mmapEnabled = true;

    /** Makes the user-space injection of one vfio-platform device's irqs. */
    static final class Factory {
        VfioPlatformEventfdInjection create(Sim sim, String component, Vm vm, AssignedDevice device,
                                            QemuConfig config) {
            return new VfioPlatformEventfdInjection(sim, component, vm, device, config);
        }
    }

    VfioPlatformEventfdInjection(Sim sim, String component, Vm vm, AssignedDevice device, QemuConfig config) {
        this.sim = sim;
        this.vm = vm;
        this.device = device;
        this.config = config;
        this.setIrqs = new VfioIrqSet(device);
        this.mmapTimer = new MmapTimer(sim, config.mmapTimeoutNs(), "qemu vfio_intp_mmap_enable", this::mmapEnable);
        TraceName c = sim.trace().name(component);
        this.setPendingKey = sim.trace().messageKey(c, "qemu.vfio_intp_interrupt_set_pending");
        this.interruptKey = sim.trace().messageKey(c, "qemu.vfio_platform_intp_interrupt");
        this.mmapEnableKey = sim.trace().messageKey(c, "qemu.vfio_platform_intp_mmap_enable");
        this.eoiKey = sim.trace().messageKey(c, "qemu.vfio_platform_eoi");
        this.injectPendingKey = sim.trace().messageKey(c, "qemu.vfio_platform_intp_inject_pending_lockheld");
    }

    /** {@code vfio_start_eventfd_injection} for one irq index. */
    void start(int index, int gsi, boolean automasked, EventFd trigger) {
        Intp intp = new Intp(index, gsi, automasked, trigger, device.vfioName());
        intps.add(0, intp);
        MainLoopFdHandler.set(sim, trigger, config.eventfdHandlerNs(), "qemu vfio_intp_interrupt",
                () -> interrupt(intp));
        // vfio_start_eventfd_injection: "if (vfio_set_trigger_eventfd(intp, vfio_intp_interrupt)) abort();"
        setIrqs.trigger(index, trigger);
    }

    /** {@code vfio_intp_interrupt}, run by QEMU's main loop when the trigger eventfd is readable. */
    private void interrupt(Intp intp) {
        if (intp.state == State.INACTIVE
                && intps.stream().anyMatch(t -> t.state == State.ACTIVE || t.state == State.PENDING)) {
            intp.state = State.PENDING;
            message(setPendingKey, intp.irqText);
            pending.add(intp);
            intp.interrupt.read();
            return;
        }
        message(interruptKey, intp.irqGsiText);
        intp.interrupt.read();
        intp.state = State.ACTIVE;
        mmapEnabled = false;
        vm.irqLine(intp.gsi, true);
        if (config.mmapTimeoutNs() > 0) {
            mmapTimer.mod();
        }
    }

    /** {@code vfio_intp_mmap_enable}: restore the fast path unless an irq is still active. */
    private void mmapEnable() {
        for (Intp t : intps) {
            if (t.state == State.ACTIVE) {
                message(mmapEnableKey, t.irqText + " still active");
                mmapTimer.mod();
                return;
            }
        }
        mmapEnabled = true;
    }

    /** {@code vfio_platform_eoi}, after every trapped access to the device's region. */
    private void eoi() {
        for (Intp t : intps) {
            if (t.state == State.ACTIVE) {
                message(eoiKey, t.irqGsiText);
                t.state = State.INACTIVE;
                vm.irqLine(t.gsi, false);
                if (t.automasked) {
                    setIrqs.unmaskResult(t.index); // vfio_unmask_single_irqindex
                }
                break;
            }
        }
        Intp next = pending.peek();
        if (next != null) {
            // vfio_intp_inject_pending_lockheld
            message(injectPendingKey, next.irqText);
            next.state = State.ACTIVE;
            vm.irqLine(next.gsi, true);
            pending.poll();
        }
    }

    private void message(MessageKey key, String text) {
        sim.trace().kernelMessage(sim.now(), key, text);
    }

    /**
     * The device as the guest reaches it: its region is mmap'd into the guest (accesses go straight
     * to the device) until an injection sets the slow path; then each access exits to QEMU, which
     * performs it ({@code vfio_region_read/write}) and calls {@code vfio_eoi}.
     */
    Device guestView() {
        return VfioRegionTraps.guestView(vm, device, config.regionAccessNs(), () -> mmapEnabled, this::eoi);
    }
}
