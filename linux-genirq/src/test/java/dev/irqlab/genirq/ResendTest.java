package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kernel/irq/resend.c {@code check_irq_resend}: level never resent, edge retriggered or resent in software. */
class ResendTest {

    private final List<String> log = new ArrayList<>();
    private final RecordingController fake = new RecordingController(log);
    private final KernelFixture k = new KernelFixture(fake);
    private int runs;

    {
        fake.hasAck = true; // handle_edge_irq chips have irq_ack (e.g. x86 IO-APIC edge → apic_ack_irq)
    }

    private int request(int hw, Trigger trigger) {
        int irq = k.core.createMapping(hw, trigger);
        k.core.requestIrq(irq, i -> {
            runs++;
            return IrqReturn.HANDLED;
        }, Set.of(), "dev", this);
        return irq;
    }

    @Test
    void checkIrqResendNeverResendsALevelIrqItOnlyClearsIrqsPending() {
        int irq = request(40, Trigger.LEVEL_HIGH);
        k.core.disableIrqNosync(irq);
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(10));
        assertTrue(k.core.describe(irq).pending());
        fake.setLine(40, false); // the device dropped its request meanwhile
        k.core.enableIrq(irq);
        k.runFor(KernelFixture.us(100));
        assertFalse(k.core.describe(irq).pending());
        assertFalse(k.core.describe(irq).replay());
        assertFalse(log.contains("retrigger 40"));
        assertEquals(0, runs);
    }

    @Test
    void checkIrqResendRetriggersAnEdgeThatArrivedWhileDisabledAndMarksIrqsReplay() {
        int irq = request(41, Trigger.EDGE_RISING);
        k.core.disableIrqNosync(irq);
        fake.pulse(41);
        k.runFor(KernelFixture.us(10));
        assertEquals(0, runs);
        assertTrue(k.core.describe(irq).pending(), "handle_edge_irq sets IRQS_PENDING and masks");
        assertTrue(k.core.describe(irq).masked());

        k.core.enableIrq(irq);
        assertTrue(log.contains("retrigger 41"));
        assertTrue(k.core.describe(irq).replay());
        assertFalse(k.core.describe(irq).pending());
        k.runFor(KernelFixture.us(10));
        assertEquals(1, runs);
        assertFalse(k.core.describe(irq).replay(), "the flow handler clears IRQS_REPLAY");
    }

    @Test
    void withoutIrqRetriggerTheEdgeIsReplayedByTheResendTaskletWithoutAnAcknowledge() {
        fake.canRetrigger = false;
        int irq = request(41, Trigger.EDGE_RISING);
        k.core.disableIrqNosync(irq);
        fake.pulse(41);
        k.runFor(KernelFixture.us(10));
        int acks = fake.acks;
        k.core.enableIrq(irq);
        assertTrue(k.core.softwareResendQueued(irq));
        k.runFor(KernelFixture.us(10));
        assertEquals(1, runs);
        assertEquals(acks, fake.acks, "resend_irqs calls desc->handle_irq directly");
        assertFalse(k.core.softwareResendQueued(irq));
        List<TraceEvent.IrqFlow> flows = k.flows();
        assertEquals(FlowOutcome.HANDLED, flows.get(flows.size() - 1).outcome());
    }

    @Test
    void aSecondCheckIrqResendWhileReplayIsInFlightReturnsEbusyAndKeepsPending() {
        int irq = request(41, Trigger.EDGE_RISING);
        k.core.disableIrqNosync(irq);
        fake.pulse(41);
        k.runFor(KernelFixture.us(10));
        k.core.enableIrq(irq); // retrigger, REPLAY set
        k.core.disableIrqNosync(irq);
        k.core.enableIrq(irq); // check_irq_resend: IRQS_REPLAY → -EBUSY, nothing more
        assertEquals(1, log.stream().filter("retrigger 41"::equals).count());
    }
}
