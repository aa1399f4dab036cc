package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.TraceEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * kernel/irq/spurious.c (Linux 6.17): after "nobody cared" {@code note_interrupt} arms
 * {@code poll_spurious_irq_timer} at {@code jiffies + HZ/10}; {@code poll_spurious_irqs} runs
 * {@code try_one_irq(desc, true)} on the disabled line, which calls the handlers only when the first
 * action is {@code IRQF_SHARED}, ignores their verdict ({@code IRQS_POLL_INPROGRESS}), and re-arms.
 */
class SpuriousPollerTest {

    private static final int HW = 40;
    /** HZ 250 (the default): a jiffy is 4 ms, HZ/10 is 25 jiffies. */
    private static final long JIFFY_NS = 4_000_000L;
    private final RecordingController fake = new RecordingController();
    private final KernelFixture k = new KernelFixture(fake);
    private final int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
    private boolean otherPending;

    /** A stuck sharer (always IRQ_NONE) and a working one that claims only its own interrupt. */
    private void twoActions(Set<IrqFlag> flags) {
        assertEquals(0, k.core.requestIrq(irq, i -> IrqReturn.NONE, flags, "stuck", "stuck"));
        if (flags.contains(IrqFlag.SHARED)) {
            assertEquals(0, k.core.requestIrq(irq, i -> {
                if (!otherPending) {
                    return IrqReturn.NONE;
                }
                otherPending = false;
                return IrqReturn.HANDLED;
            }, flags, "working", "working"));
        }
    }

    /** Runs the stuck line into "nobody cared"; returns the time of the verdict. */
    private long stormUntilNobodyCared() {
        fake.setLine(HW, true);
        for (int ms = 0; ms < 300 && k.harness.trace().messages("genirq.nobody_cared").isEmpty(); ms++) {
            k.runFor(KernelFixture.ms(1));
        }
        List<TraceEvent.KernelMessage> nobody = k.harness.trace().messages("genirq.nobody_cared");
        assertEquals(1, nobody.size());
        return nobody.get(0).time();
    }

    private List<TraceEvent.HandlerRan> runsAfter(long t, String action) {
        return k.handlerRuns().stream().filter(r -> r.time() > t && r.action().equals(action)).toList();
    }

    private static long pollTime(long verdictNs) {
        // jiffies at the verdict + 25, at the start of that jiffy
        return (verdictNs / JIFFY_NS + 25) * JIFFY_NS;
    }

    @Test
    void aSharedLineDisabledByNobodyCaredIsPolledEveryHzOver10AndItsSharerServed() {
        twoActions(Set.of(IrqFlag.SHARED));
        long verdict = stormUntilNobodyCared();
        otherPending = true; // the working sharer's interrupt, not seen while the line is disabled
        long poll = pollTime(verdict);
        k.runFor(poll - k.harness.now() - 1);
        assertTrue(runsAfter(verdict, "working").isEmpty(), "nothing runs before the timer");

        k.runFor(JIFFY_NS * 25 * 2 + 1);
        List<TraceEvent.HandlerRan> working = runsAfter(verdict, "working");
        List<TraceEvent.HandlerRan> stuck = runsAfter(verdict, "stuck");
        assertEquals(List.of(poll, poll + 25 * JIFFY_NS, poll + 50 * JIFFY_NS),
                working.stream().map(TraceEvent.HandlerRan::time).toList(), "poll_spurious_irqs every HZ/10");
        assertEquals(IrqReturn.HANDLED, working.get(0).result(), "the first poll serves the pending sharer");
        assertEquals(3, stuck.size(), "every action of the line runs in handle_irq_event");
        assertTrue(k.core.describe(irq).disabled(), "polling does not re-enable the line");
        assertEquals(0, k.core.describe(irq).irqCount(), "IRQS_POLL_INPROGRESS: note_interrupt ignores the poll");
        assertEquals(1, k.harness.trace().messages("genirq.nobody_cared").size());
    }

    @Test
    void aLineWhoseFirstActionIsNotSharedIsNeverPolled() {
        twoActions(Set.of());
        long verdict = stormUntilNobodyCared();
        k.runFor(JIFFY_NS * 25 * 4);
        // the one lazy-disable catch right after the verdict runs no handler
        assertTrue(runsAfter(verdict, "stuck").isEmpty(), "try_one_irq: !(action->flags & IRQF_SHARED)");
    }
}
