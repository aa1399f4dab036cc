package dev.irqlab.ioapic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqchipState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.tck.ChipSetup;
import dev.irqlab.tck.CpuLineProbe;
import dev.irqlab.tck.SimHarness;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The physical IO-APIC + local APIC and Linux's {@code ioapic_chip} on it. */
class PhysicalIoApicTest {

    private final SimHarness harness = new SimHarness();
    private final CpuLineProbe cpu0 = new CpuLineProbe();

    private PhysicalIoApic ioapic(int version) {
        PhysicalIoApic a = new PhysicalIoApic(harness.sim(), "host.ioapic", 2, version);
        a.connectCpu(0, cpu0);
        a.connectCpu(1, asserted -> { });
        return a;
    }

    private static long readReg(Registers r, int index) {
        r.write("IOREGSEL", 0, index);
        return r.read("IOWIN", 0);
    }

    private static void writeReg(Registers r, int index, long value) {
        r.write("IOREGSEL", 0, index);
        r.write("IOWIN", 0, value);
    }

    @Test
    @DisplayName("boot state as Linux's setup leaves it: 24 entries, all masked, vector 0x30+pin, destination CPU 0")
    void bootState() {
        PhysicalIoApic a = ioapic(0x20);
        for (int pin = 0; pin < 24; pin++) {
            RedirectionEntry e = a.state(pin).entry();
            assertTrue(e.masked());
            assertEquals(0x30 + pin, e.vector());
            assertEquals(0, e.destination());
        }
        assertEquals(-1, a.hwirqForLine(24));
        assertThrows(IllegalArgumentException.class, () -> a.input(24));
    }

    @Test
    @DisplayName("version register: max redirection entry 23 and version 0x20 (default) or 0x11; read-only")
    void versionRegister() {
        Registers r = ioapic(0x20).registers();
        assertEquals(0x0017_0020L, readReg(r, 0x01));
        writeReg(r, 0x01, 0);
        assertEquals(0x0017_0020L, readReg(r, 0x01));
        assertEquals(0x0017_0011L, readReg(ioapic(0x11).registers(), 0x01));
    }

    @Test
    @DisplayName("ID register: bits 27:24 writable; arbitration ID follows it")
    void idRegister() {
        Registers r = ioapic(0x20).registers();
        writeReg(r, 0x00, 0xffff_ffffL);
        assertEquals(0x0f00_0000L, readReg(r, 0x00));
        assertEquals(0x0f00_0000L, readReg(r, 0x02));
    }

    @Test
    @DisplayName("RTE layout: every field at its datasheet bit, written through IOREGSEL/IOWIN")
    void rteLayout() {
        PhysicalIoApic a = ioapic(0x20);
        RedirectionEntry e = new RedirectionEntry(0).withVector(0xa5).withDeliveryMode(1).withLogicalDestination(true)
                .withActiveLow(true).withLevel(true).withMask(true).withDestination(0x03);
        assertEquals(0x0300_0000_0001_a9a5L, e.bits());
        writeReg(a.registers(), 0x10 + 2 * 5 + 1, e.high() & 0xffff_ffffL);
        writeReg(a.registers(), 0x10 + 2 * 5, e.low() & 0xffff_ffffL);
        assertEquals(e.low() & 0xffff_ffffL, readReg(a.registers(), 0x10 + 2 * 5));
        assertEquals(0x0300_0000L, readReg(a.registers(), 0x11 + 2 * 5));
        RedirectionEntry f = a.state(5).entry();
        assertEquals(0xa5, f.vector());
        assertEquals(1, f.deliveryMode());
        assertTrue(f.logicalDestination());
        assertTrue(f.activeLow());
        assertTrue(f.level());
        assertEquals(3, f.destination());
    }

    @Test
    @DisplayName("the trace names every RTE field as the 82093AA datasheet (3.2.4) does, in layout order")
    void traceFieldsByDatasheetName() {
        RedirectionEntry e = new RedirectionEntry(0).withVector(0xa5).withDeliveryMode(1).withLogicalDestination(true)
                .withActiveLow(true).withRemoteIrr(true).withLevel(true).withMask(true).withDestination(0x03);
        assertEquals(List.of("vector=0xa5", "delivery_mode=1", "dest_mode=1", "delivery_status=0", "polarity=1",
                "remote_irr=1", "trigger_mode=1", "mask=1", "destination=0x03"),
                e.fields().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList());
        Map<String, String> pin = new IoApicPinState(5, e, true, false).fields();
        assertEquals(List.of("line=1", "irr=0"), pin.entrySet().stream().skip(e.fields().size())
                .map(x -> x.getKey() + "=" + x.getValue()).toList(), "the input side after the entry");
    }

    @Test
    @DisplayName("a level pin sets Remote IRR on delivery; a software write cannot clear it; the EOI broadcast does")
    void remoteIrrReadOnlyUntilEoi() {
        PhysicalIoApic a = ioapic(0x20);
        ChipSetup.configure(a.chip(), 3, Trigger.LEVEL_HIGH);
        a.chip().unmask(3);
        a.input(3).set(true);
        assertTrue(a.state(3).entry().remoteIrr());
        int low = (int) readReg(a.registers(), 0x16);
        writeReg(a.registers(), 0x16, low & ~(1 << 14) & 0xffff_ffffL);
        assertTrue(a.state(3).entry().remoteIrr(), "Remote IRR is read-only");
        assertEquals(3, a.acknowledge(0));
        a.input(3).set(false);
        a.registers().write("EOI", 0, 0);
        assertFalse(a.state(3).entry().remoteIrr());
    }

    @Test
    @DisplayName("82093AA §3.2.4: an EOI message clears Remote IRR of every level entry holding its vector, and only of "
            + "those; INTA of a shared vector names the lowest such pin")
    void eoiMessageReachesEveryEntryWithTheVector() {
        PhysicalIoApic a = ioapic(0x20);
        long level = 1L << 15 | 1L << 13; // level, active low
        for (int pin : new int[] {3, 9}) {
            writeReg(a.registers(), 0x11 + 2 * pin, 0);
            writeReg(a.registers(), 0x10 + 2 * pin, level | 0x61);
            a.input(pin).set(false); // asserted: active low
        }
        writeReg(a.registers(), 0x11 + 2 * 4, 0);
        writeReg(a.registers(), 0x10 + 2 * 4, level | 0x52);
        a.input(4).set(false);
        assertTrue(a.state(3).entry().remoteIrr() && a.state(9).entry().remoteIrr() && a.state(4).entry().remoteIrr());
        assertEquals(3, a.acknowledge(0));
        a.input(3).set(true);
        a.input(9).set(true);
        a.registers().write("IOEOI", 0, 0x61);
        assertFalse(a.state(3).entry().remoteIrr());
        assertFalse(a.state(9).entry().remoteIrr());
        assertTrue(a.state(4).entry().remoteIrr(), "vector 0x52");
        writeReg(a.registers(), 0x10 + 2 * 9, level | 0x63); // pin 9 leaves vector 0x61
        a.input(9).set(false);
        assertTrue(a.state(9).entry().remoteIrr());
        a.registers().write("IOEOI", 0, 0x61);
        assertTrue(a.state(9).entry().remoteIrr(), "no longer vector 0x61");
        a.input(9).set(true);
        a.registers().write("IOEOI", 0, 0x63);
        assertFalse(a.state(9).entry().remoteIrr());
    }

    @Test
    @DisplayName("rewriting a level entry as edge clears Remote IRR (what __eoi_ioapic_pin relies on for version < 0x20)")
    void edgeRewriteClearsRemoteIrr() {
        PhysicalIoApic a = ioapic(0x11);
        ChipSetup.configure(a.chip(), 3, Trigger.LEVEL_HIGH);
        a.chip().unmask(3);
        a.input(3).set(true);
        assertTrue(a.state(3).entry().remoteIrr());
        int low = (int) readReg(a.registers(), 0x16);
        writeReg(a.registers(), 0x16, (low | (1 << 16)) & ~(1 << 15) & 0xffff_ffffL);
        assertFalse(a.state(3).entry().remoteIrr());
    }

    @Test
    @DisplayName("ioapic_ack_level on a level irq that arrived as edge (TMR clear): version 0x20 EOIs via IOEOI")
    void ackLevelSeenAsEdgeUsesEoiRegister() {
        PhysicalIoApic a = ioapic(0x20);
        levelDeliveredThenRetriggeredAsEdge(a);
    }

    @Test
    @DisplayName("ioapic_ack_level on a level irq that arrived as edge (TMR clear): version 0x11 uses the mask+edge flip")
    void ackLevelSeenAsEdgeUsesEdgeFlip() {
        PhysicalIoApic a = ioapic(0x11);
        levelDeliveredThenRetriggeredAsEdge(a);
        assertFalse(a.state(3).entry().masked(), "entry restored unmasked");
        assertTrue(a.state(3).entry().level(), "entry restored level");
    }

    /** Level delivered and EOI broadcast lost (directed EOI on): Remote IRR stays; retrigger IPI (edge) + eoi clears it. */
    private void levelDeliveredThenRetriggeredAsEdge(PhysicalIoApic a) {
        ChipSetup.configure(a.chip(), 3, Trigger.LEVEL_HIGH);
        a.chip().unmask(3);
        a.registers().write("SPIV", 0, 0x1ff | LocalApic.SPIV_DIRECTED_EOI);
        a.input(3).set(true);
        assertEquals(3, a.acknowledge(0));
        a.input(3).set(false);
        a.registers().write("EOI", 0, 0);
        assertTrue(a.state(3).entry().remoteIrr(), "directed EOI: no broadcast");
        assertTrue(a.chip().retrigger(3));
        assertFalse(a.localApic(0).tmr(0x33), "apic_retrigger_irq sends an edge IPI");
        assertEquals(3, a.acknowledge(0));
        a.chip().eoi(3);
        assertFalse(a.state(3).entry().remoteIrr());
        assertFalse(a.localApic(0).anyInService());
    }

    /** Pin 5 unmasked, edge, vector 0x45, logical destination {@code dest}, delivery {@code mode}; then a pulse. */
    private static void pulseLogical(PhysicalIoApic a, int mode, int dest) {
        writeReg(a.registers(), 0x10 + 2 * 5, 0x45 | (mode << 8) | (1 << 11));
        writeReg(a.registers(), 0x11 + 2 * 5, (long) dest << 24);
        a.input(5).set(true);
        a.input(5).set(false);
    }

    @Test
    @DisplayName("82093AA 3.2.4: fixed delivery goes to every local APIC the logical destination names")
    void fixedLogicalReachesEveryNamedCpu() {
        PhysicalIoApic a = ioapic(0x20);
        pulseLogical(a, 0, 0x03);
        assertTrue(a.localApic(0).irr(0x45));
        assertTrue(a.localApic(1).irr(0x45));
    }

    @Test
    @DisplayName("82093AA 3.2.4: lowest priority delivers to one of the CPUs the destination names")
    void lowestPriorityReachesOneCpu() {
        PhysicalIoApic a = ioapic(0x20);
        pulseLogical(a, 1, 0x03);
        assertTrue(a.localApic(0).irr(0x45) ^ a.localApic(1).irr(0x45), "exactly one CPU");
    }

    @Test
    @DisplayName("a destination that names no present CPU reaches none")
    void destinationOfAbsentCpusReachesNone() {
        PhysicalIoApic a = ioapic(0x20);
        pulseLogical(a, 0, 0x04);
        assertFalse(a.localApic(0).irr(0x45));
        assertFalse(a.localApic(1).irr(0x45));
    }

    @Test
    @DisplayName("an edge pulse while masked is lost on the physical IO-APIC (82093AA), unlike a level")
    void maskedEdgeLost() {
        PhysicalIoApic a = ioapic(0x20);
        ChipSetup.configure(a.chip(), 4, Trigger.EDGE_RISING);
        a.chip().mask(4);
        a.input(4).set(true);
        a.input(4).set(false);
        a.chip().unmask(4);
        assertEquals(InterruptController.SPURIOUS, a.acknowledge(0));
    }

    @Test
    @DisplayName("level-low and edge-falling: polarity inverts the asserted level")
    void polarity() {
        PhysicalIoApic a = ioapic(0x20);
        ChipSetup.configure(a.chip(), 6, Trigger.LEVEL_LOW);
        a.input(6).set(true);
        a.chip().unmask(6);
        assertEquals(InterruptController.SPURIOUS, a.acknowledge(0), "high is idle for active-low");
        a.input(6).set(false);
        assertEquals(6, a.acknowledge(0));
        a.input(6).set(true);
        a.chip().eoi(6);
        assertEquals(InterruptController.SPURIOUS, a.acknowledge(0));
        ChipSetup.configure(a.chip(), 7, Trigger.EDGE_FALLING);
        a.input(7).set(true);
        assertEquals(InterruptController.SPURIOUS, a.acknowledge(0));
        a.input(7).set(false);
        assertEquals(7, a.acknowledge(0));
    }

    @Test
    @DisplayName("ioapic_chip ops: fasteoi for level, edge for edge, no irq_disable (lazy), irq_ack, SKIP_SET_WAKE, EDGE_BOTH refused")
    void chipShape() {
        PhysicalIoApic a = ioapic(0x20);
        var chip = a.chip();
        assertEquals("IO-APIC", chip.name());
        assertEquals(FlowType.FASTEOI, chip.flowFor(1, Trigger.LEVEL_LOW));
        assertEquals(FlowType.EDGE, chip.flowFor(1, Trigger.EDGE_RISING));
        assertFalse(chip.hasDisable());
        assertFalse(chip.hasMaskAck());
        assertTrue(chip.hasAck());
        assertEquals(Set.of(ChipFlag.SKIP_SET_WAKE, ChipFlag.AFFINITY_PRE_STARTUP), chip.flags());
        assertEquals(0, chip.setWake(1, true));
        assertEquals(-Errno.EINVAL, chip.setType(1, Trigger.EDGE_BOTH));
    }

    @Test
    @DisplayName("ioapic_irq_get_chip_state: ACTIVE = Remote IRR of a level entry; other states unsupported")
    void irqchipState() {
        PhysicalIoApic a = ioapic(0x20);
        ChipSetup.configure(a.chip(), 3, Trigger.LEVEL_HIGH);
        a.chip().unmask(3);
        assertEquals(Optional.of(false), a.chip().getIrqchipState(3, IrqchipState.ACTIVE));
        a.input(3).set(true);
        assertEquals(Optional.of(true), a.chip().getIrqchipState(3, IrqchipState.ACTIVE));
        assertEquals(Optional.empty(), a.chip().getIrqchipState(3, IrqchipState.PENDING));
    }

    @Test
    @DisplayName("edge flow: irq_ack is the local APIC EOI (apic_ack_edge); a new edge is then accepted")
    void edgeAck() {
        PhysicalIoApic a = ioapic(0x20);
        ChipSetup.configure(a.chip(), 4, Trigger.EDGE_RISING);
        a.input(4).set(true);
        assertEquals(4, a.acknowledge(0));
        a.chip().ack(4);
        assertFalse(a.localApic(0).anyInService());
        a.input(4).set(false);
        a.input(4).set(true);
        assertEquals(4, a.acknowledge(0));
    }

    @Test
    @DisplayName("local APIC priority: a pending vector of a lower or equal class waits for the EOI of the in-service one")
    void priorityClasses() {
        LocalApic apic = new LocalApic(true);
        apic.accept(0x45, false);
        assertEquals(0x45, apic.acknowledge());
        apic.accept(0x41, false);
        assertEquals(-1, apic.deliverable(), "same class 4");
        apic.accept(0x51, false);
        assertEquals(0x51, apic.acknowledge(), "higher class preempts");
        assertEquals(0x51, apic.eoi().vector());
        assertEquals(0x45, apic.eoi().vector());
        assertEquals(0x41, apic.acknowledge());
    }

    @Test
    @DisplayName("SDM 11.8.3-11.8.5: INTA takes the highest pending vector, EOI retires the highest in service, in any IRR/ISR word")
    void highestVectorAcrossWords() {
        LocalApic apic = new LocalApic(true);
        apic.accept(0x3a, false);
        apic.accept(0xe1, false);
        apic.accept(0x81, false);
        assertEquals(0xe1, apic.acknowledge());
        assertEquals(-1, apic.deliverable(), "class 8 waits for the EOI of class 0xe");
        assertEquals(0xe1, apic.highestInService());
        assertEquals(0xe1, apic.eoi().vector());
        assertEquals(0x81, apic.acknowledge());
        assertEquals(-1, apic.deliverable(), "class 3 waits for the EOI of class 8");
        assertEquals(0x81, apic.eoi().vector());
        assertEquals(0x3a, apic.acknowledge());
        assertEquals(0x3a, apic.highestInService());
        assertEquals(0x3a, apic.eoi().vector());
        assertTrue(apic.eoi().none());
        assertEquals(-1, apic.highestInService());
        assertEquals(-1, apic.deliverable());
    }

    @Test
    @DisplayName("unknown register names are refused with the list of known ones")
    void unknownRegister() {
        var e = assertThrows(IllegalArgumentException.class, () -> ioapic(0x20).registers().read("GICD_CTLR", 0));
        assertTrue(e.getMessage().contains("IOREGSEL"));
    }

    @Test
    @DisplayName("PCI INTx routing: the _PRT's PIRQA..D are IO-APIC inputs 16..19 along the swizzle, level, active low")
    void pciHostBridge() {
        var bridge = ioapic(0x20).pciHostBridge().orElseThrow();
        assertEquals(16, bridge.line(0, 1));
        assertEquals(16, bridge.line(4, 1));
        assertEquals(17, bridge.line(0, 2));
        assertEquals(19, bridge.line(2, 2));
        assertEquals(Trigger.LEVEL_LOW, bridge.trigger());
    }
}
