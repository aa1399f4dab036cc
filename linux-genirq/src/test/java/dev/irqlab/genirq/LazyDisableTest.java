package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqDescState;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Lazy disable (kernel/irq/chip.c {@code irq_disable} / {@code __irq_disable}) and its catch in
 * {@code handle_fasteoi_irq}, with the VFIO automasked pattern: the hard handler calls
 * {@code disable_irq_nosync} and the device keeps its level line asserted.
 */
class LazyDisableTest {

    private static final int HW = 40;
    private final List<String> log = new ArrayList<>();
    private final RecordingController fake = new RecordingController(log);
    private KernelFixture k;
    private int irq;
    private int runs;

    private void automaskedHandler() {
        k = new KernelFixture(fake);
        irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestIrq(irq, i -> {
            runs++;
            log.add("primary");
            k.core.disableIrqNosync(i); // vfio_automasked_irq_handler
            return IrqReturn.HANDLED;
        }, Set.of(), "vfio", this);
        log.clear();
    }

    @Test
    void disableIrqNosyncIsLazyTheStillAssertedLineFiresOnceMoreAndHandleFasteoiIrqMasksIt() {
        automaskedHandler();
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(100));

        assertEquals(1, runs);
        assertEquals(List.of("ack 40", "primary", "eoi 40", "ack 40", "mask 40", "eoi 40"), log);
        assertEquals(List.of(FlowOutcome.HANDLED, FlowOutcome.DISABLED_PENDING),
                k.flows().stream().map(TraceEvent.IrqFlow::outcome).toList());
        IrqDescState s = k.core.describe(irq);
        assertEquals(1, s.depth());
        assertTrue(s.disabled());
        assertTrue(s.masked());
        assertTrue(s.pending());
        List<TraceEvent.StateChanged> pend = k.harness.trace().changes("guest", "IRQS_PENDING");
        assertEquals(1, pend.size());
        assertEquals("handle_fasteoi_irq", pend.get(0).cause());
        assertEquals("irq " + irq + " (hwirq " + HW + ")", pend.get(0).subject());
    }

    @Test
    void betweenDisableAndTheNextInterruptTheIrqIsDisabledButNotMasked() {
        automaskedHandler();
        fake.setLine(HW, true);
        // run only the first entry: acknowledge at 1 µs, the re-entry is due at 2 µs
        k.runFor(KernelFixture.us(1));
        IrqDescState s = k.core.describe(irq);
        assertTrue(s.disabled());
        assertFalse(s.masked());
        assertTrue(fake.enabled(HW));
    }

    @Test
    void withIrqDisableUnlazyTheLineIsMaskedAtDisableAndDoesNotFireAgain() {
        automaskedHandler();
        k.core.setDisableUnlazy(irq, true);
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(100));

        assertEquals(1, runs);
        assertEquals(List.of("ack 40", "primary", "mask 40", "eoi 40"), log);
        assertEquals(List.of(FlowOutcome.HANDLED), k.flows().stream().map(TraceEvent.IrqFlow::outcome).toList());
        IrqDescState s = k.core.describe(irq);
        assertTrue(s.masked());
        assertFalse(s.pending());
    }

    @Test
    void aChipWithIrqDisableDisablesAtOnceInsteadOfLazily() {
        fake.hasDisable = true;
        automaskedHandler();
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(100));
        assertEquals(List.of("ack 40", "primary", "disable 40", "eoi 40"), log);
        assertTrue(k.core.describe(irq).masked());
    }

    @Test
    void enableIrqAfterTheLazyCatchUnmasksClearsPendingForLevelAndTheLineFiresAgain() {
        automaskedHandler();
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(100));
        log.clear();

        k.core.enableIrq(irq); // __enable_irq depth 1 → irq_startup(resend) → unmask + check_irq_resend
        IrqDescState s = k.core.describe(irq);
        assertEquals(0, s.depth());
        assertFalse(s.pending(), "check_irq_resend clears IRQS_PENDING of a level irq");
        assertFalse(s.replay());
        k.runFor(KernelFixture.us(1));
        assertEquals(2, runs, "the hardware re-raises the still-asserted level line");
        assertFalse(log.contains("retrigger 40"), "level interrupts are never resent");
    }
}
