package dev.irqlab.ioapic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.tck.ChipSetup;
import dev.irqlab.tck.SimHarness;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** KVM IO-APIC rules from arch/x86/kvm/ioapic.c and the exits the guest's io_apic.c accesses cost. */
class KvmIoApicTest {

    static final int PIN = 5;
    private final SimHarness harness = new SimHarness();
    private final RecordingExits exits = new RecordingExits();

    private KvmIoApic ioapic(boolean apicv) {
        KvmIoApic a = new KvmIoApic(harness.sim(), "vm0.kvm-ioapic", 1, exits, false, false, apicv,
                KvmIoApicFactory.DEFAULT_EOI_INJECT_DELAY_NS, true);
        a.connectCpu(0, asserted -> { });
        return a;
    }

    @Test
    @DisplayName("io_apic.c mask_ioapic_irq = IOREGSEL + IOWIN write + io_apic_sync IOWIN read; unmask = IOREGSEL + IOWIN")
    void maskUnmaskExits() {
        KvmIoApic a = ioapic(true);
        ChipSetup.configure(a.chip(), PIN, Trigger.LEVEL_HIGH);
        exits.clear();
        a.chip().mask(PIN);
        assertEquals(List.of("mmio:IOREGSEL", "mmio:IOWIN", "mmio:IOWIN"), exits.all());
        exits.clear();
        a.chip().unmask(PIN);
        assertEquals(List.of("mmio:IOREGSEL", "mmio:IOWIN"), exits.all());
    }

    @Test
    @DisplayName("request_irq programs the entry as io_apic.c does: mp_irqdomain_activate and ioapic_set_affinity "
            + "each write it (ioapic_configure_entry: high, then low dword), then unmask_ioapic_irq")
    void requestIrqExits() {
        KvmIoApic a = ioapic(true);
        assertEquals(0, a.chip().setType(PIN, Trigger.LEVEL_HIGH));
        assertEquals(List.of(), exits.all(), "mp_irqdomain_alloc / mp_preconfigure_entry touch no register");
        assertEquals(0, a.chip().activate(PIN));
        assertEquals(List.of("mmio:IOREGSEL", "mmio:IOWIN", "mmio:IOREGSEL", "mmio:IOWIN"), exits.all());
        assertTrue(a.isMasked(PIN), "mp_preconfigure_entry masks level entries");
        assertEquals(0x35, a.state(PIN).entry().vector(), "the vector domain's vector (0x30 + pin here)");
        assertTrue(a.chip().flags().contains(ChipFlag.AFFINITY_PRE_STARTUP));
        assertTrue(a.chip().hasSetAffinity());
        assertEquals(IrqChip.IRQ_SET_MASK_OK, a.chip().setAffinity(PIN, CpuMask.of(0), false));
        assertEquals(8, exits.count(ExitCause.MMIO));
        a.chip().unmask(PIN);
        assertEquals(10, exits.count(ExitCause.MMIO));
        assertFalse(a.isMasked(PIN));
    }

    @Test
    @DisplayName("a level EOI is an APIC_EOI exit (vector in the EOI-exit bitmap); with APICv an edge EOI without notifier is not")
    void eoiExits() {
        KvmIoApic a = ioapic(true);
        ChipSetup.configure(a.chip(), PIN, Trigger.LEVEL_HIGH);
        a.chip().unmask(PIN);
        a.setIrq(PIN, 0, true);
        assertEquals(PIN, a.acknowledge(0));
        a.setIrq(PIN, 0, false);
        exits.clear();
        a.chip().eoi(PIN);
        assertEquals(List.of("apic-eoi:vector 0x35"), exits.all());
        ChipSetup.configure(a.chip(), PIN, Trigger.EDGE_RISING);
        a.setIrq(PIN, 0, true);
        assertEquals(PIN, a.acknowledge(0));
        exits.clear();
        a.chip().ack(PIN);
        assertEquals(List.of(), exits.all());
        assertFalse(a.localApic(0).anyInService());
    }

    @Test
    @DisplayName("without APICv every local APIC EOI write exits")
    void eoiExitsWithoutApicv() {
        KvmIoApic a = ioapic(false);
        ChipSetup.configure(a.chip(), PIN, Trigger.EDGE_RISING);
        a.setIrq(PIN, 0, true);
        assertEquals(PIN, a.acknowledge(0));
        exits.clear();
        a.chip().ack(PIN);
        assertEquals(1, exits.count(ExitCause.APIC_EOI));
    }

    @Test
    @DisplayName("ioapic_set_irq: lowering only clears irr (no un-injection); per-source levels are OR-ed (__kvm_irq_line_state)")
    void lineStatePerSource() {
        KvmIoApic a = ioapic(true);
        ChipSetup.configure(a.chip(), PIN, Trigger.LEVEL_HIGH);
        a.chip().unmask(PIN);
        assertEquals(1, a.setIrq(PIN, 0, true));
        assertEquals(-1, a.setIrq(PIN, 1, true), "remote IRR set: ioapic_service refuses");
        assertEquals(-1, a.setIrq(PIN, 0, false), "OR-ed level still high: ioapic_set_irq(level 1) again");
        assertTrue(a.state(PIN).irr(), "source 1 still high");
        assertEquals(1, a.setIrq(PIN, 1, false));
        assertFalse(a.state(PIN).irr());
        assertTrue(a.localApic(0).irr(0x35), "the injected vector stays in the LAPIC");
    }

    @Test
    @DisplayName("edge: a second assertion while irr is set is coalesced (returns 0); a masked pulse is lost once the line drops")
    void edgeCoalescing() {
        KvmIoApic a = ioapic(true);
        ChipSetup.configure(a.chip(), PIN, Trigger.EDGE_RISING);
        a.chip().mask(PIN);
        assertEquals(-1, a.setIrq(PIN, 0, true));
        assertEquals(0, a.setIrq(PIN, 0, true), "coalesced while masked and still high");
        a.chip().unmask(PIN);
        assertEquals(-1, a.localApic(0).deliverable(), "unmask never delivers an edge");
        a.setIrq(PIN, 0, false);
        assertEquals(1, a.setIrq(PIN, 0, true));
        assertEquals(0x35, a.localApic(0).deliverable());
    }

    @Test
    @DisplayName("10,000 successive EOIs with the line high: the last re-injection waits HZ/100 jiffies (8 ms at HZ=250)")
    void eoiStormThrottle() {
        KvmIoApic a = ioapic(true);
        ChipSetup.configure(a.chip(), PIN, Trigger.LEVEL_HIGH);
        a.chip().unmask(PIN);
        a.setIrq(PIN, 0, true);
        for (int i = 1; i < KvmIoApic.SUCCESSIVE_IRQ_MAX_COUNT; i++) {
            assertEquals(PIN, a.acknowledge(0));
            a.chip().eoi(PIN);
        }
        assertEquals(KvmIoApic.SUCCESSIVE_IRQ_MAX_COUNT - 1, a.successiveEois(PIN));
        assertEquals(PIN, a.acknowledge(0));
        a.chip().eoi(PIN);
        assertEquals(-1, a.localApic(0).deliverable(), "throttled");
        assertEquals(1, harness.trace().messages("kvm.ioapic_delayed_eoi_inj").size());
        harness.runFor(SimHarness.ms(8) - 1);
        assertEquals(-1, a.localApic(0).deliverable());
        harness.runFor(1);
        assertEquals(0x35, a.localApic(0).deliverable(), "re-injected by kvm_ioapic_eoi_inject_work");
    }

    @Test
    @DisplayName("version 0x11 guest: level seen as edge (TMR clear) → ioapic_ack_level edge-flip rewrite clears Remote IRR and fires mask notifiers")
    void edgeFlipInGuest() {
        KvmIoApic a = ioapic(true);
        ChipSetup.configure(a.chip(), PIN, Trigger.LEVEL_HIGH);
        a.chip().unmask(PIN);
        StringBuilder masks = new StringBuilder();
        a.addMaskNotifier(PIN, (pin, m) -> masks.append(m ? "M" : "U"));
        a.setIrq(PIN, 0, true);
        assertEquals(PIN, a.acknowledge(0));
        a.chip().retrigger(PIN); // apic_retrigger_irq: the vector re-sent as an edge IPI, TMR bit now clear
        assertEquals(1, exits.count(ExitCause.SYSREG));
        assertFalse(a.localApic(0).tmr(0x35));
        a.setIrq(PIN, 0, false);
        exits.clear();
        a.chip().eoi(PIN); // ioapic_ack_level reads TMR clear → eoi_ioapic_pin, version 0x11 → edge flip
        assertEquals("MU", masks.toString(), "mask+edge then restore");
        assertEquals(1, exits.count(ExitCause.APIC_EOI));
        assertEquals(12, exits.count(ExitCause.MMIO), "__ioapic_read_entry + 2 x __ioapic_write_entry");
        assertFalse(a.state(PIN).entry().remoteIrr());
        assertTrue(a.state(PIN).entry().level());
        assertFalse(a.isMasked(PIN));
    }

    @Test
    @DisplayName("SPIV bit 12 (directed EOI) is not writable with the in-kernel IO-APIC")
    void noDirectedEoi() {
        KvmIoApic a = ioapic(true);
        a.registers().write("SPIV", 0, 0x1ff | LocalApic.SPIV_DIRECTED_EOI);
        assertFalse(a.localApic(0).directedEoi());
        assertEquals(1, harness.trace().messages("kvm.lapic_spiv_directed_eoi").size());
    }

    @Test
    @DisplayName("virtual controller identity: 24 pins, hwirq = pin, mask notifiers, no atomic injection")
    void identity() {
        KvmIoApic a = ioapic(true);
        assertEquals(24, a.pins());
        assertEquals(7, a.hwirqForPin(7));
        assertTrue(a.hasMaskNotifiers());
        assertFalse(a.injectsInAtomicContext());
        assertTrue(a.isMasked(7));
    }
}
