package dev.irqlab.ioapic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.tck.SimHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * crosvm devices/src/irqchip/ioapic.rs unit tests where KVM's in-kernel IO-APIC agrees, against
 * {@link KvmIoApic} (pin 23, crosvm's {@code set_up}). crosvm's {@code service_irq(level)} is
 * {@code setIrq} with one source; {@code end_of_interrupt(vector)} is the guest's LAPIC EOI.
 * Differences: crosvm is version 0x20 with an EOI register (KVM 0x11, none); a level coalesced by
 * Remote IRR returns false in crosvm and -1 in KVM; crosvm de-asserts before signalling resample
 * events, KVM calls the ack notifiers (the irqfd resampler de-asserts).
 */
class CrosvmIoapicPortTest {

    static final int IRQ = 23;
    static final int VECTOR = 0x5f;
    private KutGuest guest;

    @BeforeEach
    void setUp() {
        KvmIoApic a = new KvmIoApic(new SimHarness().sim(), "vm0.kvm-ioapic", 1, new RecordingExits(), false, false,
                true, KvmIoApicFactory.DEFAULT_EOI_INJECT_DELAY_NS, true);
        a.connectCpu(0, asserted -> { });
        guest = new KutGuest(a);
        guest.cli(); // crosvm's tests count injections; the guest takes none by itself
    }

    private void setUpEntry(boolean level) {
        guest.setRedir(IRQ, VECTOR, level);
    }

    private int injected() {
        int n = 0;
        while (guest.ioapic.localApic(0).deliverable() >= 0) {
            guest.ioapic.acknowledge(0);
            n++;
        }
        return n;
    }

    @Test
    @DisplayName("level_trigger_unmask_test: a level raised while masked fires once unmasked")
    void levelTriggerUnmask() {
        setUpEntry(true);
        guest.setMask(IRQ, true);
        guest.ioapic.setIrq(IRQ, 0, true);
        assertEquals(0, injected());
        guest.setMask(IRQ, false);
        assertEquals(1, injected());
    }

    @Test
    @DisplayName("coalesce_multiple_level_irqs: 1, 0, 1 without EOI delivers once (KVM returns -1 for the coalesced one)")
    void coalesceMultipleLevelIrqs() {
        setUpEntry(true);
        assertEquals(1, guest.ioapic.setIrq(IRQ, 0, true));
        guest.ioapic.setIrq(IRQ, 0, false);
        assertEquals(-1, guest.ioapic.setIrq(IRQ, 0, true));
        assertEquals(1, injected());
    }

    @Test
    @DisplayName("reinject_level_interrupt: a coalesced level still high at EOI is re-raised by the EOI")
    void reinjectLevelInterrupt() {
        setUpEntry(true);
        guest.ioapic.setIrq(IRQ, 0, true);
        guest.ioapic.setIrq(IRQ, 0, false);
        guest.ioapic.setIrq(IRQ, 0, true);
        assertEquals(1, injected());
        guest.eoi();
        assertEquals(1, injected());
    }

    @Test
    @DisplayName("edge_trigger_unmask_test / end_of_interrupt_edge_triggered_irq: repeated asserts before a de-assert and masked pulses inject nothing")
    void edgeTriggerUnmask() {
        setUpEntry(false);
        guest.ioapic.setIrq(IRQ, 0, true);
        assertEquals(0, guest.ioapic.setIrq(IRQ, 0, true), "repeated assert coalesced");
        assertEquals(1, injected());
        guest.eoi();
        guest.setMask(IRQ, true);
        guest.ioapic.setIrq(IRQ, 0, false);
        guest.ioapic.setIrq(IRQ, 0, true);
        guest.ioapic.setIrq(IRQ, 0, false);
        guest.setMask(IRQ, false);
        assertEquals(0, injected());
        guest.ioapic.setIrq(IRQ, 0, true);
        assertEquals(1, injected());
    }

    @Test
    @DisplayName("remote_irr_read_only: writing the entry with Remote IRR clear keeps it set")
    void remoteIrrReadOnly() {
        setUpEntry(true);
        guest.ioapic.setIrq(IRQ, 0, true);
        guest.writeRedir(IRQ, guest.readRedir(IRQ).withRemoteIrr(false));
        assertEquals(true, guest.readRedir(IRQ).remoteIrr());
    }

    @Test
    @DisplayName("level_to_edge_transition_clears_remote_irr")
    void levelToEdgeClearsRemoteIrr() {
        setUpEntry(true);
        guest.ioapic.setIrq(IRQ, 0, true);
        guest.writeRedir(IRQ, guest.readRedir(IRQ).withLevel(false));
        assertEquals(false, guest.readRedir(IRQ).remoteIrr());
    }

    @Test
    @DisplayName("masking_preserves_remote_irr")
    void maskingPreservesRemoteIrr() {
        setUpEntry(true);
        guest.ioapic.setIrq(IRQ, 0, true);
        guest.setMask(IRQ, true);
        guest.setMask(IRQ, false);
        assertEquals(true, guest.readRedir(IRQ).remoteIrr());
    }
}
