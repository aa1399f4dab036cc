package dev.irqlab.qemu;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.TraceName;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.vmm.core.VfioIrqSet;

/**
 * QEMU's vfio-pci INTx through its main loop, without KVM (hw/vfio/pci.c, QEMU 9.x/10.x): what
 * {@code vfio_intx_enable} leaves when {@code vfio_intx_enable_kvm} does not take the interrupt over
 * ({@code x-no-kvm-intx=on}, or its {@code KVM_IRQFD} failed: "Failed to setup resample irqfd").
 * <ul>
 *   <li>{@code vfio_intx_enable}: the INTx event notifier gets {@code vfio_intx_interrupt} as its
 *       read handler ({@code qemu_set_fd_handler}) and becomes VFIO's trigger
 *       ({@code VFIO_IRQ_SET_ACTION_TRIGGER}); no {@code ACTION_MASK}, no unmask eventfd;</li>
 *   <li>{@code vfio_intx_interrupt}, in the main loop after {@code eventfd-handler-latency}: nothing
 *       unless {@code event_notifier_test_and_clear} read a signal; then {@code intx.pending},
 *       {@code pci_irq_assert} (the bus's INTx line, {@link PciIntxLines}), the BARs' mmaps disabled
 *       ({@code vfio_mmap_set_enabled(false)}: every guest access now traps) and, with
 *       {@code x-intx-mmap-timeout-ms} not 0, {@code timer_mod(mmap_timer, now + timeout)};</li>
 *   <li>{@code vfio_pci_intx_eoi}, after every trapped BAR access ({@link VfioRegionTraps}) — the
 *       first access after an injection stands in for the guest's EOI: nothing unless
 *       {@code intx.pending}; then {@code pending} cleared, {@code pci_irq_deassert} and
 *       {@code VFIO_IRQ_SET_ACTION_UNMASK}, which VFIO refuses while the function still asserts INTx
 *       and signals the trigger again instead (drivers/vfio/pci/vfio_pci_intrs.c
 *       {@code vfio_pci_intx_unmask});</li>
 *   <li>{@code vfio_intx_mmap_enable}, when the timer expires: re-armed while {@code intx.pending},
 *       else the mmaps are enabled again (accesses go straight to the function; no EOI until the
 *       next interrupt disables them).</li>
 * </ul>
 * Not modelled: the guest's own Interrupt Disable in QEMU's emulated command register
 * ({@code pci_irq_disabled} gates {@code pci_irq_handler}), INTx route changes
 * ({@code vfio_intx_routing_notifier}), MSI/MSI-X.
 */
final class VfioPciIntxSlowPath {

    private final Sim sim;
    private final Vm vm;
    private final AssignedDevice device;
    private final QemuConfig config;
    private final PciIntxLines lines;
    private final VfioIrqSet setIrqs;
    private final MmapTimer mmapTimer;
    /** The keys of the trace lines QEMU prints per interrupt, asked for once. */
    private final MessageKey interruptKey;
    private final MessageKey eoiKey;
    /** Their text, "&lt;device&gt; INTx gsi N", built when the route is known. */
    private String intxText;
    private EventFd interrupt;
    private EventFd.Registration handler;
    private int gsi;
    /** {@code vdev->intx.pending}. */
    private boolean pending;
    /** {@code pci_irq_state(pdev, intx.pin)}: what this function contributes to its bus line. */
    private boolean asserted;
    private boolean mmapEnabled = true;

    /** Makes the user-space INTx of one {@code -device vfio-pci}. */
    static final class Factory {
        VfioPciIntxSlowPath create(Sim sim, String component, Vm vm, AssignedDevice device, QemuConfig config,
                                   PciIntxLines lines) {
            return new VfioPciIntxSlowPath(sim, component, vm, device, config, lines);
        }
    }

    VfioPciIntxSlowPath(Sim sim, String component, Vm vm, AssignedDevice device, QemuConfig config,
                        PciIntxLines lines) {
        this.sim = sim;
        this.vm = vm;
        this.device = device;
        this.config = config;
        this.lines = lines;
        this.setIrqs = new VfioIrqSet(device);
        this.mmapTimer = new MmapTimer(sim, config.intxMmapTimeoutNs(), "qemu vfio_intx_mmap_enable",
                this::mmapEnable);
        TraceName traceComponent = sim.trace().name(component);
        this.interruptKey = sim.trace().messageKey(traceComponent, "qemu.vfio_intx_interrupt");
        this.eoiKey = sim.trace().messageKey(traceComponent, "qemu.vfio_pci_intx_eoi");
    }

    /**
     * {@code qemu_set_fd_handler(fd, vfio_intx_interrupt, NULL, vdev)} on the INTx notifier, which
     * is (or is about to be) VFIO's trigger; {@code gsi} is the function's INTx route.
     */
    void listen(EventFd notifier, int routeGsi) {
        this.interrupt = notifier;
        this.gsi = routeGsi;
        this.intxText = device.vfioName() + " INTx gsi " + routeGsi;
        handler = MainLoopFdHandler.set(sim, notifier, config.eventfdHandlerNs(), "qemu vfio_intx_interrupt",
                this::intxInterrupt);
    }

    /**
     * {@code vfio_intx_enable_kvm} takes the interrupt over: "get to a known interrupt state" —
     * {@code qemu_set_fd_handler(irq_fd, NULL, NULL, vdev)}, {@code intx.pending} cleared,
     * {@code pci_irq_deassert} (VFIO's {@code ACTION_MASK} is the caller's).
     */
    void stopListening() {
        handler.remove();
        pending = false;
        setIrq(false);
    }

    /** {@code vfio_intx_interrupt}. */
    private void intxInterrupt() {
        if (interrupt.read() == 0) {
            return; // !event_notifier_test_and_clear
        }
        message(interruptKey, intxText);
        pending = true;
        setIrq(true); // pci_irq_assert
        mmapEnabled = false; // vfio_mmap_set_enabled(vdev, false)
        if (config.intxMmapTimeoutNs() > 0) {
            mmapTimer.mod();
        }
    }

    /** {@code vfio_pci_intx_eoi}, QEMU's {@code vfio_eoi} after each trapped BAR access. */
    private void eoi() {
        if (!pending) {
            return;
        }
        message(eoiKey, intxText);
        pending = false;
        setIrq(false); // pci_irq_deassert
        setIrqs.unmaskResult(Vfio.PCI_INTX_IRQ_INDEX); // vfio_device_irq_unmask
    }

    /** {@code vfio_intx_mmap_enable}. */
    private void mmapEnable() {
        if (pending) {
            mmapTimer.mod();
            return;
        }
        mmapEnabled = true;
    }

    /** {@code pci_set_irq}: a change of the function's level moves its bus line ({@code pci_irq_handler}). */
    private void setIrq(boolean level) {
        if (asserted == level) {
            return;
        }
        asserted = level;
        lines.change(gsi, level ? 1 : -1);
    }

    /** The function as the guest reaches it: BARs mmap'd until an interrupt, then trapped with {@link #eoi}. */
    Device guestView() {
        return VfioRegionTraps.guestView(vm, device, config.regionAccessNs(), () -> mmapEnabled, this::eoi);
    }

    private void message(MessageKey key, String text) {
        sim.trace().kernelMessage(sim.now(), key, text);
    }
}
