package dev.irqlab.ioapic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.tck.ChipSetup;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * When the ack notifiers and the resampler hook run, without and with the two fixes, driven the way
 * a ONESHOT guest and a resample irqfd drive KVM (domain.md "The loop", kernel-notes §7 A/B/C).
 */
class KvmIoApicFixesTest {

    static final int PIN = 10;
    /** {@code KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID}. */
    static final int RESAMPLE_SOURCE = 1;

    private final SimHarness harness = new SimHarness();
    private final List<String> events = new ArrayList<>();

    private KvmIoApic ioapic(boolean resampleOnUnmask, boolean ackPending) {
        KvmIoApic a = new KvmIoApic(harness.sim(), "vm0.kvm-ioapic", 1, new RecordingExits(), resampleOnUnmask, ackPending,
                true, KvmIoApicFactory.DEFAULT_EOI_INJECT_DELAY_NS, true);
        a.connectCpu(0, asserted -> { });
        ChipSetup.configure(a.chip(), PIN, Trigger.LEVEL_HIGH);
        a.chip().unmask(PIN);
        return a;
    }

    /** irqfd_resampler_ack: de-assert the resample source, then signal the resamplefd; the device may still assert. */
    private void resampleIrqfd(KvmIoApic a, boolean[] deviceAsserting) {
        a.addAckNotifier(PIN, pin -> {
            events.add("ack remote_irr=" + (a.state(pin).entry().remoteIrr() ? 1 : 0) + " masked=" + a.isMasked(pin));
            a.setIrq(pin, RESAMPLE_SOURCE, false);
            if (deviceAsserting[0]) {
                a.setIrq(pin, RESAMPLE_SOURCE, true); // VFIO unmask → pIRQ fires again → trigger → irqfd
            }
        });
        a.addMaskNotifier(PIN, (pin, masked) -> events.add("mask " + masked));
    }

    /** The ONESHOT guest: taken, masked, EOIed in the hard handler; the thread later acks the device and unmasks. */
    private int oneshotRound(KvmIoApic a, boolean[] deviceAsserting) {
        int delivered = 0;
        if (a.localApic(0).deliverable() >= 0) {
            assertEquals(PIN, a.acknowledge(0));
            delivered++;
            a.chip().mask(PIN);
            a.chip().eoi(PIN);
            deviceAsserting[0] = false; // the thread talks to the device: line drops at the device
            a.chip().unmask(PIN);
        }
        return delivered;
    }

    @Test
    @DisplayName("unfixed (6.2): EOI of a masked pin calls the ack notifiers at once, before Remote IRR is cleared; "
            + "the stale irr is injected on unmask (the spurious interrupt)")
    void unfixedSpurious() {
        KvmIoApic a = ioapic(false, false);
        boolean[] dev = {true};
        resampleIrqfd(a, dev);
        a.setIrq(PIN, RESAMPLE_SOURCE, true);
        assertEquals(1, oneshotRound(a, dev));
        assertEquals(List.of("mask true", "ack remote_irr=1 masked=true", "mask false"), events);
        assertTrue(a.localApic(0).irr(0x30 + PIN), "stale pending injected on unmask");
        assertEquals(PIN, a.acknowledge(0));
    }

    @Test
    @DisplayName("resample-on-unmask (fef8f2b9): the unmask write with irr set and Remote IRR clear asks the resampler; "
            + "if it exists irr is dropped and nothing is injected")
    void resampleOnUnmaskDropsStaleIrr() {
        KvmIoApic a = ioapic(true, false);
        boolean[] dev = {true};
        resampleIrqfd(a, dev);
        List<Integer> resampled = new ArrayList<>();
        a.setResamplerHook(pin -> {
            resampled.add(pin);
            return true;
        });
        a.setIrq(PIN, RESAMPLE_SOURCE, true);
        assertEquals(1, oneshotRound(a, dev));
        assertEquals(List.of(PIN), resampled);
        assertFalse(a.state(PIN).irr());
        assertEquals(-1, a.localApic(0).deliverable(), "no spurious injection");
        assertEquals(List.of("mask true", "ack remote_irr=1 masked=true", "mask false"), events,
                "ack notifiers still fire at EOI");
    }

    @Test
    @DisplayName("resample-on-unmask without a resampler (hook false): ioapic_service as before")
    void resampleOnUnmaskWithoutResampler() {
        KvmIoApic a = ioapic(true, false);
        boolean[] dev = {true};
        resampleIrqfd(a, dev);
        a.setIrq(PIN, RESAMPLE_SOURCE, true);
        oneshotRound(a, dev);
        assertTrue(a.localApic(0).irr(0x30 + PIN));
    }

    @Test
    @DisplayName("resample-on-unmask: the hook is not asked on writes leaving the pin masked or with Remote IRR set")
    void resampleHookOnlyOnUnmaskedIdleLevel() {
        KvmIoApic a = ioapic(true, false);
        List<Integer> resampled = new ArrayList<>();
        a.setResamplerHook(pin -> resampled.add(pin));
        a.setIrq(PIN, RESAMPLE_SOURCE, true); // delivered, Remote IRR set
        a.chip().mask(PIN);
        a.chip().unmask(PIN);
        assertEquals(List.of(), resampled, "Remote IRR set");
        assertEquals(PIN, a.acknowledge(0));
        a.chip().mask(PIN);
        a.chip().eoi(PIN); // Remote IRR cleared, irr still set (line high), masked: no service
        a.chip().mask(PIN);
        assertEquals(List.of(), resampled, "still masked");
        a.chip().unmask(PIN);
        assertEquals(List.of(PIN), resampled);
    }

    @Test
    @DisplayName("ioapic-ack-pending: EOI of a masked pin postpones the ack notifiers until the unmask; "
            + "the resampler's de-assert then clears irr before the re-service check")
    void ackPendingPostpones() {
        KvmIoApic a = ioapic(false, true);
        boolean[] dev = {true};
        resampleIrqfd(a, dev);
        a.setIrq(PIN, RESAMPLE_SOURCE, true);
        assertEquals(PIN, a.acknowledge(0));
        a.chip().mask(PIN);
        a.chip().eoi(PIN);
        assertEquals(List.of("mask true"), events, "no ack at EOI while masked");
        assertTrue(a.ackPending(PIN));
        assertFalse(a.state(PIN).entry().remoteIrr(), "Remote IRR still cleared at EOI");
        dev[0] = false;
        a.chip().unmask(PIN);
        assertEquals(List.of("mask true", "mask false", "ack remote_irr=0 masked=false"), events);
        assertFalse(a.ackPending(PIN));
        assertEquals(-1, a.localApic(0).deliverable(), "no spurious injection");
    }

    @Test
    @DisplayName("ioapic-ack-pending: an EOI of an unmasked pin notifies immediately, as upstream")
    void ackPendingUnmaskedImmediate() {
        KvmIoApic a = ioapic(false, true);
        List<Integer> acks = new ArrayList<>();
        a.addAckNotifier(PIN, acks::add);
        a.setIrq(PIN, 0, true);
        assertEquals(PIN, a.acknowledge(0));
        a.setIrq(PIN, 0, false);
        a.chip().eoi(PIN);
        assertEquals(List.of(PIN), acks);
        assertFalse(a.ackPending(PIN));
    }

    @Test
    @DisplayName("ack notifiers fire for edge pins too (kvm_ioapic_update_eoi_one runs them before the trigger check)")
    void ackNotifierForEdge() {
        KvmIoApic a = ioapic(false, false);
        ChipSetup.configure(a.chip(), PIN, Trigger.EDGE_RISING);
        List<Integer> acks = new ArrayList<>();
        a.addAckNotifier(PIN, acks::add);
        a.setIrq(PIN, 0, true);
        a.setIrq(PIN, 0, false);
        assertEquals(PIN, a.acknowledge(0));
        a.chip().ack(PIN);
        assertEquals(List.of(PIN), acks);
    }
}
