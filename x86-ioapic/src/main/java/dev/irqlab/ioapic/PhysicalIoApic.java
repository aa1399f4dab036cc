package dev.irqlab.ioapic;

import static dev.irqlab.ioapic.IoApicTrace.bit;

import com.google.inject.Inject;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.pci.PciHostBridge;
import dev.irqlab.api.sim.Sim;
import java.util.List;
import java.util.Optional;

/**
 * A physical IO-APIC (Intel 82093AA / ICH-PCH I/O(x)APIC, 24 pins) with the local APICs of the
 * host CPUs, driven by Linux's {@code ioapic_chip} ({@link LinuxIoApicChip}).
 *
 * <p>Hardware rules (82093AA datasheet §2.4, §3.2; ICH10 datasheet §13.5 "I/O APIC"):
 * <ul>
 *   <li>Registers are reached indirectly: IOREGSEL selects, IOWIN reads/writes 32 bits. Index 0 ID
 *       (bits 27:24 writable), 1 version (RO: max redirection entry 23 in bits 23:16, version in
 *       7:0), 2 arbitration ID (RO, follows ID), 0x10+2n / 0x11+2n the low / high dword of IOREDTBLn.
 *       Delivery status and Remote IRR are read-only.</li>
 *   <li>A level pin sends its vector when its input is asserted (per polarity) and it is unmasked
 *       and Remote IRR is clear; sending sets Remote IRR; the local APIC's EOI broadcast (or, from
 *       version 0x20, a write of the vector to the EOI register at offset 0x40) clears Remote IRR of
 *       the level entries with that vector, after which a still-asserted input sends again.</li>
 *   <li>An edge pin sends once per asserting transition while unmasked; a transition while masked is
 *       lost (82093AA: the edge is not latched, as QEMU hw/intc/ioapic.c also models).</li>
 *   <li>Writing an entry as edge clears Remote IRR: the trick Linux's {@code __eoi_ioapic_pin} relies
 *       on for IO-APICs older than 0x20 (io_apic.c comment "we simulate the EOI message manually by
 *       changing the trigger mode to edge and then back to level").</li>
 * </ul>
 * The version is 0x20 by default (PCI 2.2 compliant I/O(x)APIC with the EOI register, as every
 * ICH/PCH since ICH2 — io_apic.c comment above {@code __eoi_ioapic_pin}); 0x11 (82093AA) is
 * selectable to exercise the edge-flip path. The boot state is what Linux's setup leaves: every
 * entry masked, pin n with vector {@code 0x30 + n} ({@code ISA_IRQ_VECTOR}), physical destination
 * CPU 0, edge, active high. Delivery to the local APIC is immediate (the APIC bus / message latency
 * is not modelled).
 */
public final class PhysicalIoApic extends ApicController implements PhysicalInterruptController {

    /** Redirection entries of an 82093AA / ICH IO-APIC. */
    public static final int PINS = 24;
    /** {@code ISA_IRQ_VECTOR(0)}: arch/x86/include/asm/irq_vectors.h, FIRST_EXTERNAL_VECTOR + 0x10. */
    public static final int FIRST_PIN_VECTOR = 0x30;
    /**
     * The host's PCI INTx routing: the ACPI {@code _PRT} of a PCH that routes PIRQA..PIRQD to IO-APIC
     * inputs 16..19 along the swizzle (drivers/acpi/pci_irq.c {@code acpi_pci_irq_lookup}, Linux 6.17), level,
     * active low (ACPI 6.5, 6.2.13: a {@code _PRT} entry without a link device is "level, active-low,
     * shared").
     */
    public static final PciHostBridge PCI_HOST_BRIDGE = new PciHostBridge(List.of(16, 17, 18, 19), Trigger.LEVEL_LOW,
            "x86 ACPI _PRT: PIRQA..D -> IO-APIC inputs 16..19, level, active low (drivers/acpi/pci_irq.c: "
                    + "acpi_pci_irq_lookup)");

    private final int version;
    private final IoApicTrace trace;
    private final RedirectionTable table;
    private final boolean[] line = new boolean[PINS];

    /** Makes the host's IO-APIC with a run's values; the plugin's Guice module supplies Linux's driver. */
    static final class Factory {
        private final LinuxIoApicChip.Factory driver;

        @Inject
        Factory(LinuxIoApicChip.Factory driver) {
            this.driver = driver;
        }

        PhysicalIoApic create(Sim sim, String name, int cpus, int version) {
            return new PhysicalIoApic(driver, sim, name, cpus, version);
        }
    }

    /** The IO-APIC with Linux's driver, outside an injector (tests). */
    public PhysicalIoApic(Sim sim, String name, int cpus, int version) {
        this(new LinuxIoApicChip.Factory(), sim, name, cpus, version);
    }

    PhysicalIoApic(LinuxIoApicChip.Factory driver, Sim sim, String name, int cpus, int version) {
        super(name, new ApicBus(cpus, true));
        if (version != 0x11 && version != 0x20) {
            throw new IllegalArgumentException("IO-APIC version must be 0x11 or 0x20, got 0x" + Integer.toHexString(version));
        }
        this.version = version;
        this.trace = new IoApicTrace(sim, name);
        this.table = new RedirectionTable(PINS, version, apics, trace, PhysicalIoApic::bootEntry, (pin, before) -> evaluateLevel(pin));
        attach(new IoApicRegisters(apics, true, new Window()), driver.create(new HostAccess()));
    }

    static RedirectionEntry bootEntry(int pin) {
        return RedirectionEntry.of(FIRST_PIN_VECTOR + pin, false, false, true, 0);
    }

    /** INTA on the local APIC, then the vector-to-pin lookup Linux does in {@code common_interrupt}. */
    @Override
    public int acknowledge(int cpu) {
        int vector = apics.apic(cpu).acknowledge();
        if (vector < 0) {
            return SPURIOUS;
        }
        int pin = table.acknowledged(cpu, vector);
        if (pin >= 0) {
            return pin;
        }
        // arch/x86/kernel/irq.c common_interrupt: no descriptor for the vector → apic_eoi() and a message.
        trace.message("ioapic.no_irq_for_vector", "cpu " + cpu + ": no irq handler for vector 0x" + Integer.toHexString(vector));
        apics.apic(cpu).eoi();
        return SPURIOUS;
    }

    @Override
    public IoApicPinState state(int hwirq) {
        checkPin(hwirq);
        RedirectionEntry e = table.entry(hwirq);
        return new IoApicPinState(hwirq, e, line[hwirq], e.level() && asserted(hwirq));
    }

    @Override
    public Optional<PciHostBridge> pciHostBridge() {
        return Optional.of(PCI_HOST_BRIDGE);
    }

    @Override
    public int hwirqForLine(int l) {
        return l >= 0 && l < PINS ? l : -1;
    }

    @Override
    public LineSink input(int hwirq) {
        if (hwirq < 0 || hwirq >= PINS) {
            throw new IllegalArgumentException("IO-APIC has no pin " + hwirq + "; pins are 0.." + (PINS - 1));
        }
        return high -> setLine(hwirq, high);
    }

    /** The version register's version field (0x11 or 0x20). */
    public int version() {
        return version;
    }

    private void setLine(int pin, boolean high) {
        if (line[pin] == high) {
            return;
        }
        boolean wasAsserted = asserted(pin);
        line[pin] = high;
        trace.emit(pin, IoApicTrace.LINE, bit(!high), bit(high), "input");
        if (RedirectionEntry.level(table.bits(pin))) {
            evaluateLevel(pin);
        } else if (!wasAsserted && asserted(pin) && !RedirectionEntry.masked(table.bits(pin))) {
            send(pin);
        }
    }

    private boolean asserted(int pin) {
        return line[pin] != RedirectionEntry.activeLow(table.bits(pin));
    }

    private void evaluateLevel(int pin) {
        long e = table.bits(pin);
        if (RedirectionEntry.level(e) && asserted(pin) && !RedirectionEntry.masked(e) && !RedirectionEntry.remoteIrr(e)) {
            send(pin);
        }
    }

    /** Sends the entry's message to its local APICs; a level entry then sets Remote IRR. */
    private void send(int pin) {
        long e = table.bits(pin);
        if (RedirectionEntry.deliveryMode(e) != RedirectionEntry.DELIVERY_FIXED
                && RedirectionEntry.deliveryMode(e) != RedirectionEntry.DELIVERY_LOWEST_PRIORITY) {
            trace.message("ioapic.unsupported_delivery_mode", "pin " + pin + " delivery mode " + RedirectionEntry.deliveryMode(e) + " not modelled");
            return;
        }
        int first = apics.firstMatch(e);
        if (first < 0) {
            trace.message("ioapic.no_destination", "pin " + pin + " destination 0x" + Integer.toHexString(RedirectionEntry.destination(e)) + " matches no CPU");
            return;
        }
        // Fixed: every CPU the destination matches, in CPU order. Lowest priority: one of them, which
        // the chipset's arbitration picks; the model takes the lowest-numbered.
        boolean one = RedirectionEntry.deliveryMode(e) == RedirectionEntry.DELIVERY_LOWEST_PRIORITY;
        for (int cpu = first; cpu < apics.cpus(); cpu++) {
            if (apics.matches(cpu, e)) {
                apics.apic(cpu).accept(RedirectionEntry.vector(e), RedirectionEntry.level(e));
                if (one) {
                    break;
                }
            }
        }
        if (RedirectionEntry.level(e)) {
            table.setRemoteIrr(pin, true, "delivery");
        }
    }

    /** EOI message for {@code vector} (local APIC broadcast or the EOI register): clear Remote IRR of matching level entries. */
    private void eoiMessage(int vector, String cause) {
        for (int pin = table.nextPinWithVector(vector, 0); pin >= 0; pin = table.nextPinWithVector(vector, pin + 1)) {
            long e = table.bits(pin);
            if (RedirectionEntry.level(e) && RedirectionEntry.remoteIrr(e)) {
                table.setRemoteIrr(pin, false, cause);
                evaluateLevel(pin);
            }
        }
    }

    private void lapicEoi(int cpu) {
        LocalApic.Eoi eoi = apics.apic(cpu).eoi();
        if (eoi.broadcast()) {
            eoiMessage(eoi.vector(), "EOI broadcast");
        }
    }

    private void ioeoi(int vector) {
        if (version < 0x20) {
            trace.message("ioapic.no_eoi_register", "IO-APIC version 0x" + Integer.toHexString(version) + " has no EOI register");
            return;
        }
        eoiMessage(vector & 0xff, "IOEOI write");
    }

    private void checkPin(int hwirq) {
        if (hwirq < 0 || hwirq >= PINS) {
            throw new IllegalArgumentException("IO-APIC has no pin " + hwirq + "; pins are 0.." + (PINS - 1));
        }
    }

    /** The direct registers, for {@link IoApicRegisters}. */
    private final class Window implements IoApicRegisters.Window {
        @Override
        public int readIoregsel(int cpu) {
            return table.ioregsel();
        }

        @Override
        public void writeIoregsel(int cpu, int value) {
            table.select(value);
        }

        @Override
        public int readIowin(int cpu) {
            return table.read();
        }

        /** A write to no register does nothing; unlike KVM's model (which ignores it silently) the host model logs it. */
        @Override
        public void writeIowin(int cpu, int value) {
            if (!table.write(value)) {
                trace.message("ioapic.bad_register", "write to unimplemented IO-APIC register 0x" + Integer.toHexString(table.ioregsel()));
            }
        }

        @Override
        public void writeIoeoi(int cpu, int value) {
            ioeoi(value);
        }

        @Override
        public void writeLapicEoi(int cpu) {
            lapicEoi(cpu);
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

    /** Linux's accesses on the host: the same registers, no exits. */
    private final class HostAccess extends WindowAccess {
        HostAccess() {
            super(new Window(), table, apics);
        }

        @Override
        public void sendIpi(int cpu, int vector) {
            apics.apic(cpu).accept(vector, false);
        }
    }
}
