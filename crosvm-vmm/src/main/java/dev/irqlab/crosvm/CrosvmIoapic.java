package dev.irqlab.crosvm;

import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.vmm.core.AbstractUserspaceIoApic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * crosvm's user-space IO-APIC (devices/src/irqchip/ioapic.rs, crosvm main of 2026-08, unchanged in
 * these rules since b86556989, 2020), an ICH10 IO-APIC of version 0x20 with 24 pins, on the 64-bit
 * entries of {@code IoapicRedirectionTableEntry}.
 *
 * <p>Rules, each as crosvm has it:
 * <ul>
 *   <li>{@code new}: every entry masked, every {@code interrupt_level} false, no output event.</li>
 *   <li>{@code service_irq(irq, level)}: a low level only clears {@code interrupt_level} (returns);
 *       an edge pin already high is ignored; otherwise {@code interrupt_level} is set, and nothing is
 *       injected while the entry is masked, or, for a level entry, while Remote IRR is set; else the
 *       pin's output event is signalled (none yet: nothing injected) and a level entry sets Remote
 *       IRR when it was.</li>
 *   <li>{@code ioapic_write} of a redirection dword: the high dword replaced whole; the low dword
 *       keeps delivery status and Remote IRR, and clears Remote IRR for an edge entry; then, <em>before
 *       the MSI route is updated</em>, a level entry that is high and unmasked is serviced (the
 *       unmask re-service); then {@code setup_msi}: nothing while the MSI data is 0, else the pin's
 *       output GSI (allocated on first use, {@code AllocateOneMsi}) gets the entry's MSI route
 *       ({@code AddMsiRoute}).</li>
 *   <li>{@code end_of_interrupt(vector)} ({@code KVM_EXIT_IOAPIC_EOI}, or the EOI register at 0x40):
 *       for each level entry of the vector, in this order: if the pin has resample events it is
 *       de-asserted ({@code service_irq(i, false)}), every resample event is signalled, Remote IRR is
 *       cleared — none of it looks at the mask bit (no counterpart of Linux 6.3's resample on
 *       unmask); then, for every pin, entry of the vector or not, a pin still high is serviced again
 *       ("the ioapic is supposed to re-inject the interrupt").</li>
 * </ul>
 *
 * <p>Not modelled: the RTC coalescing ({@code rtc_remote_irr}, pin 8), the PIC that shares the low
 * pins, snapshots, the dummy upper-32-bit IOREGSEL register.
 */
final class CrosvmIoapic extends AbstractUserspaceIoApic {

    static final int VERSION = 0x20; // IOAPIC_VERSION_ID

    /** The main thread's side of the IO-APIC's irq tube ({@code VmIrqRequest}). */
    interface IrqTube {
        /** {@code AllocateOneMsi}: a GSI for the output event, bound to it as an irqfd. */
        int allocateOneMsi(int pin, EventFd irqfd);

        /** {@code AddMsiRoute}. */
        void addMsiRoute(int gsi, long address, int data);
    }

    private final IrqTube tube;
    private final boolean[] interruptLevel = new boolean[PINS];
    private final EventFd[] outEvents = new EventFd[PINS];
    private final int[] outGsis = new int[PINS];
    private List<List<EventFd>> resampleEvents = List.of();
    private int ioregsel;
    private int ioapicid;

    /** Makes crosvm's IO-APIC of one run. */
    static final class Factory {
        CrosvmIoapic create(Sim sim, String name, long exitHandlingNs, IrqTube tube) {
            return new CrosvmIoapic(sim, name, exitHandlingNs, tube);
        }
    }

    CrosvmIoapic(Sim sim, String name, long exitHandlingNs, IrqTube tube) {
        super(sim, name, exitHandlingNs); // every entry masked
        this.tube = tube;
        Arrays.fill(outGsis, -1);
    }

    /** crosvm-direct's {@code init_direct_gsi}: the output event of pin n is already bound to GSI n. */
    void presetOutEvent(int pin, int gsi, EventFd event) {
        outEvents[pin] = event;
        outGsis[pin] = gsi;
    }

    /** {@code register_resample_events}, from {@code finalize_devices}: per pin, the level devices' resample events. */
    void registerResampleEvents(List<List<EventFd>> events) {
        List<List<EventFd>> copy = new ArrayList<>();
        events.forEach(l -> copy.add(List.copyOf(l)));
        this.resampleEvents = List.copyOf(copy);
    }

    /** The pin's output GSI, -1 before the guest programmed a route. */
    int outGsi(int pin) {
        return outGsis[pin];
    }

    // ---------------------------------------------------------------- UserspaceIoApic

    @Override
    public int version() {
        return VERSION;
    }

    /** {@code interrupt_level}. */
    @Override
    public boolean irr(int pin) {
        return interruptLevel[pin];
    }

    /** {@code BusDevice::read} (4-byte accesses). */
    @Override
    public int mmioRead(int offset) {
        switch (offset & 0xff) {
            case IOREGSEL:
                return ioregsel;
            case IOWIN:
                return ioapicRead();
            default:
                return 0;
        }
    }

    /** {@code BusDevice::write} (4-byte accesses). */
    @Override
    public void mmioWrite(int offset, int value) {
        switch (offset & 0xff) {
            case IOREGSEL:
                ioregsel = value & 0xff; // "self.ioregsel = data[0]"
                break;
            case IOWIN:
                ioapicWrite(value);
                break;
            case IOEOI:
                endOfInterrupt(value & 0xff);
                break;
            default:
                break;
        }
    }

    /** {@code KVM_EXIT_IOAPIC_EOI}: KvmSplitIrqChip {@code broadcast_eoi}. */
    @Override
    public void eoi(int vector) {
        endOfInterrupt(vector);
    }

    // ---------------------------------------------------------------- devices/src/irqchip/ioapic.rs

    /** {@code end_of_interrupt}. */
    void endOfInterrupt(int vector) {
        for (int i = 0; i < PINS; i++) {
            long e = entry(i);
            if ((e & VECTOR_MASK) == vector && level(e)) {
                List<EventFd> resample = i < resampleEvents.size() ? resampleEvents.get(i) : List.of();
                if (!resample.isEmpty()) {
                    serviceIrq(i, false);
                }
                for (EventFd evt : resample) {
                    evt.signal();
                }
                setEntry(i, entry(i) & ~REMOTE_IRR, "end_of_interrupt");
            }
            // "There is an inherent race condition in hardware ... the ioapic is supposed to re-inject"
            if (interruptLevel[i]) {
                serviceIrq(i, true);
            }
        }
    }

    /** {@code service_irq}: whether an interrupt was injected. */
    boolean serviceIrq(int irq, boolean level) {
        long e = entry(irq);
        if (!level) {
            setLevel(irq, false, "service_irq");
            return true;
        }
        if (!level(e) && interruptLevel[irq]) {
            return false; // an edge already high
        }
        setLevel(irq, true, "service_irq");
        if ((e & MASKED) != 0) {
            return false;
        }
        if (level(e) && (e & REMOTE_IRR) != 0) {
            return false; // "Coalesce with the prior one(s)"
        }
        boolean injected = false;
        if (outEvents[irq] != null) {
            outEvents[irq].signal();
            injected = true;
        }
        if (level(e) && injected) {
            setEntry(irq, entry(irq) | REMOTE_IRR, "service_irq");
        }
        return injected;
    }

    private int ioapicRead() {
        switch (ioregsel) {
            case REG_VERSION:
                return ((PINS - 1) << 16) | VERSION;
            case REG_ID:
            case REG_ARBITRATION_ID:
                return ioapicid;
            default:
                if (ioregsel < REG_REDTBL_BASE) {
                    return 0;
                }
                int index = (ioregsel - REG_REDTBL_BASE) / 2;
                if (index < PINS) {
                    return entryDword(index, (ioregsel & 1) != 0);
                }
                return ~0; // "Invalid index - return all 1s"
        }
    }

    /** {@code ioapic_write}. */
    private void ioapicWrite(int val) {
        switch (ioregsel) {
            case REG_VERSION:
            case REG_ARBITRATION_ID:
                return;
            case REG_ID:
                ioapicid = val & 0x0f00_0000;
                return;
            default:
                break;
        }
        if (ioregsel < REG_REDTBL_BASE) {
            return;
        }
        int index = (ioregsel - REG_REDTBL_BASE) / 2;
        if (index >= PINS) {
            return;
        }
        long before = entry(index);
        long e = withDword(before, (ioregsel & 1) != 0, val);
        if ((ioregsel & 1) == 0) {
            e = (e & ~(DELIVERY_STATUS | REMOTE_IRR)) | (before & (DELIVERY_STATUS | REMOTE_IRR)); // R/O bits
            if (!level(e)) {
                e &= ~REMOTE_IRR; // "Clear remote_irr when switching to edge_triggered"
            }
        }
        setEntry(index, e, "ioapic_write");
        if (level(e) && interruptLevel[index] && (e & MASKED) == 0) {
            serviceIrq(index, true); // before the route below is updated
        }
        long address = 0xfeeL << 20 | ((e >>> DEST_ID_SHIFT) & 0xff) << 12 | ((e >>> DEST_MODE_SHIFT) & 1) << 2;
        int data = (int) ((e & VECTOR_MASK) | ((e >>> DELIVERY_MODE_SHIFT) & 7) << 8 | (level(e) ? 1 << 15 : 0));
        setupMsi(index, address, data);
    }

    /** {@code setup_msi}. */
    private void setupMsi(int index, long address, int data) {
        if (data == 0) {
            return; // "During boot, Linux first configures all ioapic pins with msi_data == 0"
        }
        if (outEvents[index] == null) {
            EventFd event = sim().eventFd(name() + ".out" + index);
            int gsi = tube.allocateOneMsi(index, event);
            outEvents[index] = event;
            outGsis[index] = gsi;
            message("crosvm.ioapic_allocate_msi", "pin " + index + ": output GSI " + gsi
                    + (gsi >= PINS ? " (above the " + PINS + " pins reserved with KVM_CAP_SPLIT_IRQCHIP: KVM "
                    + "will not report its EOIs)" : ""));
        }
        tube.addMsiRoute(outGsis[index], address, data);
    }

    // ---------------------------------------------------------------- state changes

    private void setLevel(int pin, boolean value, String cause) {
        if (interruptLevel[pin] != value) {
            emit(pin, "line", interruptLevel[pin], value, cause);
            interruptLevel[pin] = value;
        }
    }
}
