package dev.irqlab.ioapic;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.controller.IrqNotifiers;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.ResamplerHook;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.hypervisor.UserspaceIoApic;
import dev.irqlab.api.sim.Sim;
import java.util.Arrays;

/**
 * KVM's half of the split irqchip ({@code KVM_CAP_SPLIT_IRQCHIP}, Linux 6.17): the virtual local
 * APICs and the GSI routing table, with the IO-APIC in the VMM ({@link UserspaceIoApic}). The guest's
 * Linux drives it through the same {@code ioapic_chip} ({@link LinuxIoApicChip}) as the in-kernel one.
 *
 * <p>Rules:
 * <ul>
 *   <li>Every access to the IO-APIC page is {@code KVM_EXIT_MMIO} to the VMM: an {@link ExitCause#MMIO}
 *       exit that also costs the VMM's handling ({@link UserspaceIoApic#exitHandlingNs}).</li>
 *   <li>GSIs carry MSI routes only: arch/x86/kvm/irq.c {@code kvm_set_routing_entry} refuses
 *       {@code KVM_IRQ_ROUTING_IRQCHIP} when {@code irqchip_split}. {@code kvm_set_irq} on a GSI is
 *       {@code kvm_set_msi}: level 0 does nothing (-1), level 1 delivers the message
 *       ({@code kvm_msi_to_lapic_irq}: destination from address bits 19:12, mode bit 2; vector, delivery
 *       mode and trigger from data) with {@link KvmApicDelivery}. A route is used as the VMM last set it,
 *       whatever the VMM's redirection entry says now. An irqfd on such a GSI injects from its wake-up
 *       ({@code kvm_arch_set_irq_inatomic}, {@code KVM_IRQ_ROUTING_MSI}).</li>
 *   <li>EOI interception: {@code kvm_scan_ioapic_routes} puts a vector into a vCPU's
 *       {@code ioapic_handled_vectors} for each MSI route on a GSI below the reserved IO-APIC pins
 *       ({@code KVM_CAP_SPLIT_IRQCHIP}'s {@code args[0]}, {@link UserspaceIoApic#pins}) whose trigger
 *       mode is level and whose destination matches the vCPU, or whose vector is pending in its IRR/ISR
 *       ({@code kvm_scan_ioapic_irq}); every routing change rescans all vCPUs
 *       ({@code kvm_arch_irq_routing_update}). MSI routes on GSIs from {@code args[0]} up to
 *       {@code KVM_MAX_IRQ_ROUTES} deliver like any other but are never scanned
 *       ({@code nr_ioapic_pins = min(nr_rt_entries, nr_reserved_ioapic_pins)}): a level vector sent
 *       through one of them never leaves {@code KVM_RUN} at its EOI (Documentation/virt/kvm/api.rst,
 *       KVM_CAP_SPLIT_IRQCHIP: "The first args[0] MSI routes are reserved for the IOAPIC pins").</li>
 *   <li>A LAPIC EOI of a handled vector ({@code kvm_ioapic_send_eoi}) requests
 *       {@code KVM_REQ_IOAPIC_EOI_EXIT}: the vCPU leaves {@code KVM_RUN} with {@code KVM_EXIT_IOAPIC_EOI}
 *       ({@link ExitCause#IOAPIC_EOI}, plus the VMM's handling) and the VMM's IO-APIC takes the EOI.
 *       KVM clears nothing itself and calls no ack notifier. Other EOIs exit only without APICv.
 *       Mainline does not look at SPIV's directed-EOI bit here (a proposed 2025 quirk would); the local
 *       APICs advertise directed EOI with the IO-APIC in user space ({@code kvm_apic_set_version}).</li>
 *   <li>{@code kvm_arch_irqfd_allowed}: a resample irqfd needs {@code irqchip_full}, so
 *       {@link #irqchipFull()} is false and {@code KVM_IRQFD_FLAG_RESAMPLE} fails with {@code -EINVAL}.</li>
 * </ul>
 *
 * <p>From Linux 6.15 ({@code kvm-version: linux-6.15}) the EOI of a vector a vCPU intercepts only for
 * an earlier route ({@code highest_stale_pending_ioapic_eoi}) rescans that vCPU
 * ({@link HandledVectors#staleEoi}). Not modelled: MSI devices, the PIC and ExtINT.
 */
public final class KvmSplitIrqchip extends ApicController implements VirtualInterruptController {

    /** x86 {@code KVM_MAX_IRQ_ROUTES} (include/linux/kvm_host.h): the GSIs a routing table may hold. */
    public static final int MAX_IRQ_ROUTES = 4096;

    private final ExitSink exits;
    private final UserspaceIoApic vmmIoapic;
    private final boolean apicv;
    private final KvmApicDelivery delivery;
    private final IoApicTrace trace;
    /** {@code kvm->irq_routing}: the MSI entry of each GSI, null without one. */
    private final RedirectionEntry[] msiRoutes;
    private final HandledVectors handledVectors;
    /** The CPU that acknowledged each pin's vector last (where Linux runs the flow), -1 before any. */
    private final int[] lastAckCpu;
    private final IrqNotifiers notifiers = new IrqNotifiers();

    /** @param guestDriver the guest Linux's {@code ioapic_chip} over this irqchip's accesses (the plugin binds it) */
    KvmSplitIrqchip(LinuxIoApicChip.Factory guestDriver, Sim sim, String name, int vcpus, ExitSink exits,
                    UserspaceIoApic vmmIoapic, boolean apicv, boolean vectorHashing, boolean rescanStaleEoi) {
        // lapic.c kvm_apic_set_version: APIC_LVR_DIRECTED_EOI when the IO-APIC is not in the kernel
        super(name, new ApicBus(vcpus, true));
        this.exits = exits;
        this.vmmIoapic = vmmIoapic;
        this.apicv = apicv;
        this.trace = new IoApicTrace(sim, name);
        this.delivery = new KvmApicDelivery(apics, vectorHashing, trace);
        this.msiRoutes = new RedirectionEntry[MAX_IRQ_ROUTES];
        this.handledVectors = new HandledVectors(apics, vcpus, rescanStaleEoi);
        this.lastAckCpu = new int[vmmIoapic.pins()];
        Arrays.fill(lastAckCpu, -1);
        Window window = new Window();
        attach(new IoApicRegisters(apics, vmmIoapic.version() >= 0x20, window),
                guestDriver.create(new KvmGuestAccess(window, new VmmIoApicInfo(), apics, exits, apicv)));
    }

    // ---------------------------------------------------------------- InterruptController

    /** Interrupt injection + the guest's {@code vector_irq} lookup ({@code common_interrupt}). */
    @Override
    public int acknowledge(int cpu) {
        int vector = apics.apic(cpu).acknowledge();
        if (vector < 0) {
            return SPURIOUS;
        }
        for (int pin = 0; pin < vmmIoapic.pins(); pin++) {
            if (new RedirectionEntry(vmmIoapic.entry(pin)).vector() == vector) {
                lastAckCpu[pin] = cpu;
                return pin;
            }
        }
        trace.message("ioapic.no_irq_for_vector", "vcpu " + cpu + ": no irq handler for vector 0x" + Integer.toHexString(vector));
        guestLapicEoi(cpu);
        return SPURIOUS;
    }

    /** The VMM's entry and IRR bit (KVM holds no IO-APIC state). */
    @Override
    public PinState state(int hwirq) {
        checkPin(hwirq);
        boolean irr = vmmIoapic.irr(hwirq);
        return new IoApicPinState(hwirq, new RedirectionEntry(vmmIoapic.entry(hwirq)), irr, irr);
    }

    // ---------------------------------------------------------------- VirtualInterruptController

    @Override
    public int pins() {
        return vmmIoapic.pins();
    }

    /** {@code KVM_MAX_IRQ_ROUTES}: a VMM may put MSI routes above the IO-APIC pins. */
    @Override
    public int gsis() {
        return MAX_IRQ_ROUTES;
    }

    @Override
    public int hwirqForPin(int pin) {
        checkPin(pin);
        return pin;
    }

    /** {@code kvm_set_irq} on GSI {@code pin}: its MSI route's {@code kvm_set_msi} (the source id plays no part). */
    @Override
    public int setIrq(int pin, int sourceId, boolean level) {
        if (pin < 0 || pin >= MAX_IRQ_ROUTES) {
            throw new IllegalArgumentException("no GSI " + pin + " (KVM_MAX_IRQ_ROUTES " + MAX_IRQ_ROUTES + ")");
        }
        RedirectionEntry route = msiRoutes[pin];
        if (route == null || !level) {
            return -1; // no routing entry; kvm_set_msi: "if (!level) return -1;"
        }
        return delivery.deliver(pin, route.bits());
    }

    /** {@code kvm_arch_set_irq_inatomic} delivers an MSI route from the irqfd's wake-up. */
    @Override
    public boolean injectsInAtomicContext() {
        return true;
    }

    /** Never called: with the split irqchip no in-kernel EOI reaches an ack notifier. */
    @Override
    public IrqNotifiers notifiers() {
        return notifiers;
    }

    @Override
    public boolean hasMaskNotifiers() {
        return false;
    }

    /** The mask bit of the VMM's entry; KVM's MSI route does not know it. */
    @Override
    public boolean isMasked(int pin) {
        checkPin(pin);
        return new RedirectionEntry(vmmIoapic.entry(pin)).masked();
    }

    @Override
    public void setResamplerHook(ResamplerHook hook) {
        // no in-kernel IO-APIC: nothing would ever call kvm_notify_irqfd_resampler
    }

    /** {@code irqchip_split}: {@code kvm_arch_irqfd_allowed} refuses resample irqfds. */
    @Override
    public boolean irqchipFull() {
        return false;
    }

    /**
     * {@code KVM_SET_GSI_ROUTING} with a {@code KVM_IRQ_ROUTING_MSI} entry on {@code gsi}, then
     * {@code kvm_arch_irq_routing_update}: every vCPU rescans (at once here, at its next entry upstream).
     */
    @Override
    public int setMsiRoute(int gsi, long address, int data) {
        if (gsi < 0 || gsi >= msiRoutes.length) {
            return -Errno.EINVAL; // kvm_set_irq_routing: "if (ue->gsi >= KVM_MAX_IRQ_ROUTES) goto out"
        }
        RedirectionEntry before = msiRoutes[gsi];
        msiRoutes[gsi] = msiToEntry(address, data);
        if (!msiRoutes[gsi].equals(before)) {
            trace.emit(gsi, IoApicTrace.MSI_ROUTE, routeText(before), routeText(msiRoutes[gsi]), "KVM_SET_GSI_ROUTING");
        }
        for (int cpu = 0; cpu < apics.cpus(); cpu++) {
            scan(cpu);
        }
        return 0;
    }

    // ---------------------------------------------------------------- tests and tools

    /** Whether {@code vector} is in the vCPU's {@code ioapic_handled_vectors}. */
    public boolean handlesVector(int vcpu, int vector) {
        return handledVectors.contains(vcpu, vector);
    }

    // ---------------------------------------------------------------- arch/x86/kvm

    /**
     * irq.c {@code kvm_msi_to_lapic_irq} as an entry of the same fields: destination = address bits
     * 19:12, logical = address bit 2; vector = data 7:0, delivery mode = data 10:8, level = data bit 15.
     */
    static RedirectionEntry msiToEntry(long address, int data) {
        long bits = (data & 0xffL)
                | ((long) ((data >>> 8) & 7) << RedirectionEntry.DELIVERY_MODE_SHIFT)
                | (((address >>> 2) & 1L) << RedirectionEntry.DEST_MODE_BIT)
                | ((long) ((data >>> 15) & 1) << RedirectionEntry.TRIGGER_MODE_BIT)
                | (((address >>> 12) & 0xffL) << RedirectionEntry.DESTINATION_SHIFT);
        return new RedirectionEntry(bits);
    }

    private static String routeText(RedirectionEntry e) {
        if (e == null) {
            return "none";
        }
        return "vector 0x" + Integer.toHexString(e.vector()) + (e.level() ? " level" : " edge") + " dest "
                + e.destination();
    }

    /**
     * x86.c {@code vcpu_scan_ioapic} with {@code irqchip_split}: irq.c {@code kvm_scan_ioapic_routes},
     * over the GSIs below {@code nr_reserved_ioapic_pins} only.
     */
    private void scan(int cpu) {
        handledVectors.clear(cpu);
        for (int gsi = 0; gsi < vmmIoapic.pins(); gsi++) {
            RedirectionEntry route = msiRoutes[gsi];
            if (route != null && route.level()) {
                handledVectors.scanEntry(cpu, route);
            }
        }
    }

    /**
     * lapic.c {@code apic_set_eoi} → {@code kvm_ioapic_send_eoi}: retire the highest ISR vector; a
     * handled vector leaves {@code KVM_RUN} as {@code KVM_EXIT_IOAPIC_EOI} and the VMM's IO-APIC takes
     * it before the vCPU runs again; any other EOI exits only without APICv.
     */
    private void guestLapicEoi(int cpu) {
        LocalApic apic = apics.apic(cpu);
        int vector = apic.highestInService();
        boolean handled = vector >= 0 && handlesVector(cpu, vector);
        apic.eoi();
        if (handled) {
            // 6.15+: KVM_REQ_SCAN_IOAPIC for the stale vector's EOI, served when the vCPU enters again
            boolean rescan = handledVectors.staleEoi(cpu, vector);
            exits.exitToVmm(ExitCause.IOAPIC_EOI, IoApicTrace.vector(vector), vmmIoapic.exitHandlingNs());
            vmmIoapic.eoi(vector);
            if (rescan) {
                scan(cpu);
            }
        } else if (!apicv) {
            exits.exit(ExitCause.APIC_EOI, vector >= 0 ? IoApicTrace.vector(vector) : "no vector in service");
        }
    }

    private void checkPin(int pin) {
        if (pin < 0 || pin >= vmmIoapic.pins()) {
            throw new IllegalArgumentException("the split irqchip routes GSIs 0.." + (vmmIoapic.pins() - 1)
                    + " to the VMM's IO-APIC; no GSI " + pin);
        }
    }

    // ---------------------------------------------------------------- guest accesses

    /** Offsets in the IO-APIC page (82093AA §3.1). */
    private static final int IOREGSEL = 0x00;
    private static final int IOWIN = 0x10;
    private static final int IOEOI = 0x40;

    /** Each access to the IO-APIC page is a {@code KVM_EXIT_MMIO} the VMM handles. */
    private final class Window implements IoApicRegisters.Window {
        private void mmioExit(String register) {
            exits.exitToVmm(ExitCause.MMIO, register, vmmIoapic.exitHandlingNs());
        }

        @Override
        public int readIoregsel(int cpu) {
            mmioExit("IOREGSEL");
            return vmmIoapic.mmioRead(IOREGSEL);
        }

        @Override
        public void writeIoregsel(int cpu, int value) {
            mmioExit("IOREGSEL");
            vmmIoapic.mmioWrite(IOREGSEL, value);
        }

        @Override
        public int readIowin(int cpu) {
            mmioExit("IOWIN");
            return vmmIoapic.mmioRead(IOWIN);
        }

        @Override
        public void writeIowin(int cpu, int value) {
            mmioExit("IOWIN");
            vmmIoapic.mmioWrite(IOWIN, value);
        }

        @Override
        public void writeIoeoi(int cpu, int value) {
            mmioExit("IOEOI");
            vmmIoapic.mmioWrite(IOEOI, value);
        }

        @Override
        public void writeLapicEoi(int cpu) {
            guestLapicEoi(cpu);
        }

        @Override
        public void writeSpiv(int cpu, int value) {
            apics.apic(cpu).writeSpiv(value);
        }

        @Override
        public void guestError(String key, String text) {
            trace.message(key, text);
        }
    }

    /** What the guest's driver knows of the VMM's IO-APIC, and where a pin's flow runs. */
    private final class VmmIoApicInfo implements IoApicInfo {
        @Override
        public int version() {
            return vmmIoapic.version();
        }

        @Override
        public int pins() {
            return vmmIoapic.pins();
        }

        @Override
        public int cpuFor(int pin) {
            return lastAckCpu[pin] >= 0 ? lastAckCpu[pin]
                    : apics.firstTarget(vmmIoapic.entry(pin));
        }
    }
}
