package dev.irqlab.crosvm;

import dev.irqlab.api.hypervisor.UserspaceIoApic;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
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
final class CrosvmIoapic implements UserspaceIoApic {

    static final int PINS = 24; // hypervisor NUM_IOAPIC_PINS
    static final int VERSION = 0x20; // IOAPIC_VERSION_ID

    static final int IOREGSEL_OFF = 0x00;
    static final int IOWIN_OFF = 0x10;
    static final int IOEOIR_OFF = 0x40;
    static final int REG_ID = 0x00;
    static final int REG_VERSION = 0x01;
    static final int REG_ARBITRATION_ID = 0x02;

    // IoapicRedirectionTableEntry (hypervisor/src/x86_64.rs)
    static final long VECTOR_MASK = 0xff;
    static final int DELIVERY_MODE_SHIFT = 8;
    static final int DEST_MODE_SHIFT = 11;
    static final long DELIVERY_STATUS = 1L << 12;
    static final long REMOTE_IRR = 1L << 14;
    static final long TRIGGER_LEVEL = 1L << 15;
    static final long MASKED = 1L << 16;
    static final int DEST_ID_SHIFT = 56;

    /** The main thread's side of the IO-APIC's irq tube ({@code VmIrqRequest}). */
    interface IrqTube {
        /** {@code AllocateOneMsi}: a GSI for the output event, bound to it as an irqfd. */
        int allocateOneMsi(int pin, EventFd irqfd);

        /** {@code AddMsiRoute}. */
        void addMsiRoute(int gsi, long address, int data);
    }

    private final Sim sim;
    private final String name;
    private final long exitHandlingNs;
    private final IrqTube tube;
    private final long[] redirectTable = new long[PINS];
    private final boolean[] interruptLevel = new boolean[PINS];
    private final EventFd[] outEvents = new EventFd[PINS];
    private final int[] outGsis = new int[PINS];
    private final String[] subjects = new String[PINS];
    private List<List<EventFd>> resampleEvents = List.of();
    private int ioregsel;
    private int ioapicid;

    CrosvmIoapic(Sim sim, String name, long exitHandlingNs, IrqTube tube) {
        this.sim = sim;
        this.name = name;
        this.exitHandlingNs = exitHandlingNs;
        this.tube = tube;
        for (int pin = 0; pin < PINS; pin++) {
            redirectTable[pin] = MASKED;
            subjects[pin] = "pin " + pin;
            outGsis[pin] = -1;
        }
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
    public String name() {
        return name;
    }

    @Override
    public int pins() {
        return PINS;
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public long exitHandlingNs() {
        return exitHandlingNs;
    }

    @Override
    public long entry(int pin) {
        return redirectTable[pin];
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
            case IOREGSEL_OFF:
                return ioregsel;
            case IOWIN_OFF:
                return ioapicRead();
            default:
                return 0;
        }
    }

    /** {@code BusDevice::write} (4-byte accesses). */
    @Override
    public void mmioWrite(int offset, int value) {
        switch (offset & 0xff) {
            case IOREGSEL_OFF:
                ioregsel = value & 0xff; // "self.ioregsel = data[0]"
                break;
            case IOWIN_OFF:
                ioapicWrite(value);
                break;
            case IOEOIR_OFF:
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
            long e = redirectTable[i];
            if ((e & VECTOR_MASK) == vector && level(e)) {
                List<EventFd> resample = i < resampleEvents.size() ? resampleEvents.get(i) : List.of();
                if (!resample.isEmpty()) {
                    serviceIrq(i, false);
                }
                for (EventFd evt : resample) {
                    evt.signal();
                }
                setEntry(i, redirectTable[i] & ~REMOTE_IRR, "end_of_interrupt");
            }
            // "There is an inherent race condition in hardware ... the ioapic is supposed to re-inject"
            if (interruptLevel[i]) {
                serviceIrq(i, true);
            }
        }
    }

    /** {@code service_irq}: whether an interrupt was injected. */
    boolean serviceIrq(int irq, boolean level) {
        long e = redirectTable[irq];
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
            setEntry(irq, redirectTable[irq] | REMOTE_IRR, "service_irq");
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
                if (ioregsel < IOWIN_OFF) {
                    return 0;
                }
                int index = (ioregsel - IOWIN_OFF) / 2;
                if (index < PINS) {
                    return (ioregsel & 1) != 0 ? (int) (redirectTable[index] >>> 32) : (int) redirectTable[index];
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
        if (ioregsel < IOWIN_OFF) {
            return;
        }
        int index = (ioregsel - IOWIN_OFF) / 2;
        if (index >= PINS) {
            return;
        }
        long before = redirectTable[index];
        long e;
        if ((ioregsel & 1) != 0) {
            e = (before & 0xffff_ffffL) | ((val & 0xffff_ffffL) << 32);
        } else {
            e = (before & ~0xffff_ffffL) | (val & 0xffff_ffffL);
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
            EventFd event = sim.eventFd(name + ".out" + index);
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

    private static boolean level(long e) {
        return (e & TRIGGER_LEVEL) != 0;
    }

    private void setEntry(int pin, long e, String cause) {
        long before = redirectTable[pin];
        redirectTable[pin] = e;
        if ((before & MASKED) != (e & MASKED)) {
            emit(pin, "masked", (before & MASKED) != 0, (e & MASKED) != 0, cause);
        }
        if ((before & REMOTE_IRR) != (e & REMOTE_IRR)) {
            emit(pin, "remote_irr", (before & REMOTE_IRR) != 0, (e & REMOTE_IRR) != 0, cause);
        }
    }

    private void setLevel(int pin, boolean value, String cause) {
        if (interruptLevel[pin] != value) {
            emit(pin, "line", interruptLevel[pin], value, cause);
            interruptLevel[pin] = value;
        }
    }

    private void emit(int pin, String field, boolean from, boolean to, String cause) {
        if (sim.trace().wantsDetail()) {
            sim.trace().emit(new TraceEvent.StateChanged(sim.now(), name, subjects[pin], field, from ? "1" : "0",
                    to ? "1" : "0", cause));
        }
    }

    private void message(String key, String text) {
        sim.trace().emit(new TraceEvent.KernelMessage(sim.now(), name, key, text));
    }
}
