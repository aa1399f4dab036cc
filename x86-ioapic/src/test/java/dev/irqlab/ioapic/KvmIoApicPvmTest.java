package dev.irqlab.ioapic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.tck.ChipSetup;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kvm_pvm delivery variant: KVM writes the LAPIC EOI while it delivers (pvm_deliver_pending_event,
 * kernel 6.18.44; shared/tools/kvm-probe rows "handler entered": resample=1, rirr=0, ISR=0).
 */
class KvmIoApicPvmTest {

    static final int PIN = 16;
    private final SimHarness harness = new SimHarness();
    private final RecordingExits exits = new RecordingExits();

    private KvmIoApic ioapic(boolean pvm) {
        KvmIoApic a = new KvmIoApic(harness.sim(), "vm0.kvm-ioapic", 1, exits, true, false, true,
                KvmIoApicFactory.DEFAULT_EOI_INJECT_DELAY_NS, true, pvm);
        a.connectCpu(0, asserted -> { });
        assertEquals(0, ChipSetup.configure(a.chip(), PIN, Trigger.LEVEL_HIGH)); // request_irq's RTE writes
        a.chip().unmask(PIN);
        return a;
    }

    @Test
    void theAckNotifiersRunAtDeliveryAndTheGuestsEoiFindsNothing() {
        KvmIoApic a = ioapic(true);
        List<Integer> acked = new ArrayList<>();
        a.addAckNotifier(PIN, p -> {
            acked.add(p);
            a.setIrq(PIN, 1, false); // irqfd_resampler_ack: de-assert the resampler's source
        });
        a.setIrq(PIN, 1, true);
        assertTrue(a.state(PIN).entry().remoteIrr(), "delivered to the LAPIC");
        assertEquals(PIN, a.acknowledge(0));
        assertEquals(List.of(PIN), acked, "resampler notified before the handler runs");
        assertFalse(a.state(PIN).entry().remoteIrr(), "Remote IRR cleared at delivery");
        assertFalse(a.localApic(0).anyInService(), "ISR already empty at handler entry");
        exits.clear();
        a.chip().eoi(PIN);
        assertEquals(List.of(PIN), acked, "the guest's EOI acks nothing more");
        assertEquals(List.of(), exits.all(), "with APICv an EOI with nothing in service does not exit");
    }

    @Test
    void mainlineAcksAtTheGuestsEoi() {
        KvmIoApic a = ioapic(false);
        List<Integer> acked = new ArrayList<>();
        a.addAckNotifier(PIN, acked::add);
        a.setIrq(PIN, 1, true);
        assertEquals(PIN, a.acknowledge(0));
        assertEquals(List.of(), acked);
        assertTrue(a.localApic(0).anyInService());
        a.chip().eoi(PIN);
        assertEquals(List.of(PIN), acked);
    }
}
