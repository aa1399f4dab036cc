package dev.irqlab.ioapic;

import static dev.irqlab.ioapic.KutGuest.TRIGGER_EDGE;
import static dev.irqlab.ioapic.KutGuest.TRIGGER_LEVEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.tck.SimHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kvm-unit-tests x86/ioapic.c, ported: each test repeats the guest code of the function it names
 * (vector, pin 0x0e, handler body) against {@link KvmIoApic}, the line driven as pc-testdev's
 * {@code KVM_IRQ_LINE} does (userspace irq source, no irqfd, no resampler).
 */
class KvmUnitTestsIoapicTest {

    private SimHarness harness;
    private KutGuest guest;

    @BeforeEach
    void setUp() {
        harness = new SimHarness();
        guest = guestFor(false);
    }

    private KutGuest guestFor(boolean linux63) {
        KvmIoApic ioapic = new KvmIoApic(harness.sim(), "vm0.kvm-ioapic", 1, new RecordingExits(), linux63, false, true,
                KvmIoApicFactory.DEFAULT_EOI_INJECT_DELAY_NS, true);
        ioapic.connectCpu(0, asserted -> { });
        return new KutGuest(ioapic);
    }

    @Test
    @DisplayName("ioapic_reg_version: the version register is read-only (and reads 0x00170011)")
    void regVersion() {
        int before = guest.ioapicReadReg(0x01);
        guest.ioapicWriteReg(0x01, ~before);
        assertEquals(before, guest.ioapicReadReg(0x01));
        assertEquals(0x0017_0011, before);
    }

    @Test
    @DisplayName("ioapic_reg_id: only ID bits 27:24 are writable")
    void regId() {
        int before = guest.ioapicReadReg(0x00);
        guest.ioapicWriteReg(0x00, ~before);
        assertEquals(0x0f00_0000, before ^ guest.ioapicReadReg(0x00));
    }

    @Test
    @DisplayName("ioapic_arbitration_id: the arbitration register follows the ID and is read-only")
    void arbitrationId() {
        guest.ioapicWriteReg(0x00, 0x0f00_0000);
        assertEquals(0x0f00_0000, guest.ioapicReadReg(0x02));
        guest.ioapicWriteReg(0x02, 0);
        assertEquals(0x0f00_0000, guest.ioapicReadReg(0x02));
    }

    @Test
    @DisplayName("test_ioapic_edge_intr: an edge RTE toggled 1->0 interrupts exactly once")
    void edgeIntr() {
        guest.handleIrq(0x76, n -> guest.eoi());
        guest.setRedir(0x0e, 0x76, TRIGGER_EDGE);
        guest.toggleIrqLine(0x0e);
        assertEquals(1, guest.count(0x76));
    }

    @Test
    @DisplayName("test_ioapic_level_intr: a level RTE whose ISR lowers the line then EOIs interrupts once")
    void levelIntr() {
        guest.handleIrq(0x77, n -> {
            guest.setIrqLine(0x0e, 0);
            guest.eoi();
        });
        guest.setRedir(0x0e, 0x77, TRIGGER_LEVEL);
        guest.setIrqLine(0x0e, 1);
        assertEquals(1, guest.count(0x77));
        assertFalse(guest.ioapic.state(0x0e).entry().remoteIrr());
    }

    @Test
    @DisplayName("test_ioapic_simultaneous: two edges raised with IF=0 are both taken after sti, higher vector first")
    void simultaneous() {
        guest.handleIrq(0x78, n -> guest.eoi());
        guest.handleIrq(0x66, n -> guest.eoi());
        guest.setRedir(0x0e, 0x78, TRIGGER_EDGE);
        guest.setRedir(0x0f, 0x66, TRIGGER_EDGE);
        guest.cli();
        guest.toggleIrqLine(0x0f);
        guest.toggleIrqLine(0x0e);
        assertEquals(0, guest.count(0x78) + guest.count(0x66));
        guest.sti();
        assertEquals("78,66,", guest.order());
    }

    @Test
    @DisplayName("test_ioapic_level_coalesce: re-asserting the line while Remote IRR is set coalesces (1 interrupt)")
    void levelCoalesce() {
        guest.handleIrq(0x98, n -> {
            if (n == 1) {
                guest.setIrqLine(0x0e, 0);
                guest.setIrqLine(0x0e, 1);
            }
            guest.setIrqLine(0x0e, 0);
            guest.eoi();
        });
        guest.setRedir(0x0e, 0x98, TRIGGER_LEVEL);
        guest.setIrqLine(0x0e, 1);
        assertEquals(1, guest.count(0x98));
    }

    @Test
    @DisplayName("test_ioapic_level_sequential: two assertions, each lowered by the ISR, interrupt twice")
    void levelSequential() {
        guest.handleIrq(0x99, n -> {
            guest.setIrqLine(0x0e, 0);
            guest.eoi();
        });
        guest.setRedir(0x0e, 0x99, TRIGGER_LEVEL);
        guest.setIrqLine(0x0e, 1);
        guest.setIrqLine(0x0e, 1);
        assertEquals(2, guest.count(0x99));
    }

    @Test
    @DisplayName("test_ioapic_level_retrigger: EOI with the line still high re-delivers (kvm_ioapic_update_eoi_one)")
    void levelRetrigger() {
        guest.handleIrq(0x9a, n -> {
            if (n == 2) {
                guest.setIrqLine(0x0e, 0);
            }
            guest.eoi();
        });
        guest.setRedir(0x0e, 0x9a, TRIGGER_LEVEL);
        guest.cli();
        guest.setIrqLine(0x0e, 1);
        for (int i = 0; i < 10 && guest.count(0x9a) != 2; i++) {
            guest.sti(); // sti; hlt; cli
            guest.cli();
        }
        guest.sti();
        assertEquals(2, guest.count(0x9a));
    }

    @Test
    @DisplayName("test_ioapic_edge_mask: an edge pulse while masked is lost; after unmask a new edge interrupts once")
    void edgeMask() {
        guest.handleIrq(0x81, n -> {
            guest.setIrqLine(0x0e, 0);
            guest.eoi();
        });
        guest.setRedir(0x0e, 0x81, TRIGGER_EDGE);
        guest.setMask(0x0e, true);
        guest.setIrqLine(0x0e, 1);
        guest.setIrqLine(0x0e, 0);
        assertEquals(0, guest.count(0x81));
        guest.setMask(0x0e, false);
        guest.setIrqLine(0x0e, 1);
        assertEquals(1, guest.count(0x81));
    }

    @Test
    @DisplayName("test_ioapic_level_mask: a level asserted while masked is delivered on unmask (ioapic_write_indirect)")
    void levelMask() {
        guest.handleIrq(0x82, n -> {
            guest.setIrqLine(0x0e, 0);
            guest.eoi();
        });
        guest.setRedir(0x0e, 0x82, TRIGGER_LEVEL);
        guest.setMask(0x0e, true);
        guest.setIrqLine(0x0e, 1);
        assertEquals(0, guest.count(0x82));
        guest.setMask(0x0e, false);
        assertEquals(1, guest.count(0x82));
    }

    @ParameterizedTest(name = "resample-on-unmask = {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("test_ioapic_level_retrigger_mask: ISR masks + EOIs with the line high; unmask re-delivers (2), "
            + "also with fef8f2b9 when no resampler exists")
    void levelRetriggerMask(boolean linux63) {
        KutGuest g = guestFor(linux63);
        g.handleIrq(0x83, n -> {
            g.setMask(0x0e, true);
            g.eoi();
        });
        g.setRedir(0x0e, 0x83, TRIGGER_LEVEL);
        g.setIrqLine(0x0e, 1);
        assertEquals(1, g.count(0x83));
        g.setMask(0x0e, false);
        assertEquals(2, g.count(0x83));
        g.setIrqLine(0x0e, 0);
        g.setMask(0x0e, false);
        assertEquals(2, g.count(0x83));
    }

    @Test
    @DisplayName("test_ioapic_edge_tmr / test_ioapic_level_tmr in main()'s order: TMR clear for edge, set for level, "
            + "a stale level TMR bit seen before the next edge")
    void tmrSequence() {
        int[] tmrInIsr = {-1};
        guest.handleIrq(0x79, n -> {
            tmrInIsr[0] = guest.tmr(0x79) ? 1 : 0;
            guest.setIrqLine(0x0e, 0);
            guest.eoi();
        });
        // test_ioapic_edge_tmr(false)
        guest.setRedir(0x0e, 0x79, TRIGGER_EDGE);
        assertFalse(guest.tmr(0x79));
        guest.toggleIrqLine(0x0e);
        assertEquals(0, tmrInIsr[0]);
        // test_ioapic_level_tmr(false)
        guest.setRedir(0x0e, 0x79, TRIGGER_LEVEL);
        assertFalse(guest.tmr(0x79));
        guest.setIrqLine(0x0e, 1);
        assertEquals(1, tmrInIsr[0]);
        // test_ioapic_level_tmr(true)
        guest.setRedir(0x0e, 0x79, TRIGGER_LEVEL);
        assertTrue(guest.tmr(0x79));
        tmrInIsr[0] = -1;
        guest.setIrqLine(0x0e, 1);
        assertEquals(1, tmrInIsr[0]);
        // test_ioapic_edge_tmr(true)
        guest.setRedir(0x0e, 0x79, TRIGGER_EDGE);
        assertTrue(guest.tmr(0x79), "stale TMR from the level delivery");
        guest.toggleIrqLine(0x0e);
        assertEquals(0, tmrInIsr[0]);
        assertEquals(4, guest.count(0x79));
    }
}
