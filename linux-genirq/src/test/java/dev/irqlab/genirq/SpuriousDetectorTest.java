package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.tck.SimHarness;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kernel/irq/spurious.c {@code note_interrupt}, as in the copy read (with the irqs_unhandled early-out). */
class SpuriousDetectorTest {

    private final SimHarness harness = new SimHarness();
    private final RecordingController fake = new RecordingController();
    private final KernelTrace trace = new KernelTrace(harness.sim(), "guest");
    private final ChipCalls chip = new ChipCalls(new IrqResend(harness.hostCpus(1), 0, d -> { }),
            new IrqAffinity(1));
    private final SpuriousDetector detector = new SpuriousDetector(GenirqConfig.defaults(), trace, chip);
    private final IrqDesc desc = started(new IrqDesc(7, 40, Trigger.LEVEL_HIGH, FlowType.FASTEOI, fake.chip(),
            dev.irqlab.api.controller.CpuMask.first(1), trace));

    private IrqDesc started(IrqDesc d) {
        chip.irqStartup(d, false, "test");
        return d;
    }

    private void interrupts(int unhandledFirst, int handledAfter) {
        for (int i = 0; i < unhandledFirst; i++) {
            detector.noteInterrupt(desc, SpuriousDetector.IRQ_NONE);
        }
        for (int i = 0; i < handledAfter; i++) {
            detector.noteInterrupt(desc, SpuriousDetector.IRQ_HANDLED);
        }
    }

    @Test
    void noteInterrupt99901UnhandledOf100000DisablesTheIrqWithNobodyCared() {
        interrupts(99_901, 99);
        assertTrue(desc.spuriousDisabled);
        assertEquals(1, desc.depth());
        assertTrue(desc.disabled());
        assertFalse(desc.masked(), "irq_disable is lazy on a chip without irq_disable");
        assertEquals(0, desc.irqsUnhandled());
        assertEquals(0, desc.irqCount());
        List<TraceEvent.KernelMessage> nobody = harness.trace().messages("genirq.nobody_cared");
        assertEquals(1, nobody.size());
        assertEquals("irq 7: nobody cared (try booting with the \"irqpoll\" option)", nobody.get(0).text());
        assertEquals("Disabling IRQ #7", harness.trace().messages("genirq.disabling").get(0).text());
    }

    @Test
    void noteInterrupt99900UnhandledOf100000DoNotDisableAndTheWindowRestarts() {
        interrupts(99_900, 100);
        assertFalse(desc.spuriousDisabled);
        assertEquals(0, desc.depth());
        assertEquals(0, desc.irqsUnhandled());
        assertEquals(0, desc.irqCount());
        assertTrue(harness.trace().messages("genirq.nobody_cared").isEmpty());
    }

    @Test
    void noteInterruptCountsNothingBeforeTheFirstUnhandledInterrupt() {
        interrupts(0, 500);
        assertEquals(0, desc.irqCount(), "if (likely(!desc->irqs_unhandled)) return;");
        interrupts(1, 2);
        assertEquals(3, desc.irqCount());
        assertEquals(1, desc.irqsUnhandled());
    }

    @Test
    void anUnhandledInterruptMoreThanHzOver10AfterThePreviousOneResetsIrqsUnhandledTo1() {
        interrupts(5, 0);
        assertEquals(5, desc.irqsUnhandled());
        harness.runFor(SimHarness.ms(100)); // exactly HZ/10 jiffies later: not time_after yet
        interrupts(1, 0);
        assertEquals(6, desc.irqsUnhandled());
        harness.runFor(SimHarness.ms(104)); // 26 jiffies at HZ=250
        interrupts(1, 0);
        assertEquals(1, desc.irqsUnhandled());
    }

    @Test
    void wakeThreadVerdictIsDeferredByOneInterruptAndJudgedByThreadsHandled() {
        detector.noteInterrupt(desc, SpuriousDetector.IRQ_WAKE_THREAD);
        assertEquals(0, desc.irqsUnhandled(), "first WAKE_THREAD only sets SPURIOUS_DEFERRED");
        assertTrue((desc.threadsHandledLast & IrqDesc.SPURIOUS_DEFERRED) != 0);
        detector.noteInterrupt(desc, SpuriousDetector.IRQ_WAKE_THREAD);
        assertEquals(1, desc.irqsUnhandled(), "no thread returned IRQ_HANDLED since: the previous one was unhandled");
        desc.threadsHandled++;
        detector.noteInterrupt(desc, SpuriousDetector.IRQ_WAKE_THREAD);
        assertEquals(1, desc.irqsUnhandled(), "threads_handled changed: handled");
        assertEquals(2, desc.irqCount());
        detector.noteInterrupt(desc, SpuriousDetector.IRQ_HANDLED | SpuriousDetector.IRQ_WAKE_THREAD);
        assertEquals(0, desc.threadsHandledLast & IrqDesc.SPURIOUS_DEFERRED,
                "a primary IRQ_HANDLED clears the deferred bit");
    }

    @Test
    void aStuckLevelLineNobodyHandlesIsDisabledAfter100000InterruptsThroughTheWholePath() {
        RecordingController ctl = new RecordingController();
        KernelFixture k = new KernelFixture(ctl);
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        k.core.requestIrq(irq, i -> IrqReturn.NONE, Set.of(), "dev", this);
        ctl.setLine(40, true);
        k.runFor(SimHarness.ms(99));
        assertFalse(k.core.describe(irq).spuriousDisabled());
        k.runFor(SimHarness.ms(5));
        assertTrue(k.core.describe(irq).spuriousDisabled());
        assertEquals(1, k.harness.trace().messages("genirq.nobody_cared").size());
        List<TraceEvent.KernelMessage> printed = k.harness.trace().of(TraceEvent.KernelMessage.class);
        assertEquals(List.of("genirq.nobody_cared", "genirq.bad_irq_handlers", "genirq.disabling"),
                printed.stream().map(TraceEvent.KernelMessage::key).toList(),
                "__report_bad_irq (nobody cared, handlers:, an entry per action), then pr_emerg Disabling IRQ");
        assertEquals(1, printed.stream().mapToLong(TraceEvent::time).distinct().count(), "printed at one instant");
        List<TraceEvent.IrqFlow> flows = k.flows();
        assertEquals(100_000, flows.stream().filter(f -> f.outcome() == FlowOutcome.HANDLED).count());
        assertEquals(FlowOutcome.DISABLED_PENDING, flows.get(flows.size() - 1).outcome(),
                "the lazily disabled line is masked by the next interrupt");
        assertTrue(k.core.describe(irq).masked());
        assertEquals(100_001, ctl.acks, "no interrupt after the mask");
    }

    @Test
    void aThreadedHandlerReturningNoneIsCountedOneInterruptLate() {
        RecordingController ctl = new RecordingController();
        KernelFixture k = new KernelFixture(ctl);
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        k.core.requestThreadedIrq(irq, null, (i, done) -> {
            ctl.setLine(40, false);
            done.complete(IrqReturn.NONE);
        }, Set.of(IrqFlag.ONESHOT), "dev", this);
        ctl.setLine(40, true);
        k.runFor(SimHarness.ms(1));
        assertEquals(0, k.core.describe(irq).irqsUnhandled());
        ctl.setLine(40, true);
        k.runFor(SimHarness.ms(1));
        assertEquals(1, k.core.describe(irq).irqsUnhandled());
    }

    @Test
    void noirqdebugTurnsNoteInterruptOff() {
        RecordingController ctl = new RecordingController();
        KernelFixture k = new KernelFixture(ctl, Map.of(GenirqConfig.NOIRQDEBUG, true));
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        k.core.requestIrq(irq, i -> {
            ctl.setLine(40, false);
            return IrqReturn.NONE;
        }, Set.of(), "dev", this);
        ctl.setLine(40, true);
        k.runFor(SimHarness.ms(1));
        assertEquals(0, k.core.describe(irq).irqsUnhandled());
        assertEquals(0, k.core.describe(irq).irqCount());
    }

    /** spurious.c note_interrupt: irqs_unhandled and irq_count are traced as they run. */
    @Test
    void theRunningCountsAreTracedSoTheDistanceToNobodyCaredShows() {
        interrupts(3, 2);
        List<TraceEvent.StateChanged> unhandled = harness.trace().of(TraceEvent.StateChanged.class,
                e -> e.field().equals("irqs_unhandled"));
        assertEquals(List.of("1", "2", "3"), unhandled.stream().map(TraceEvent.StateChanged::to).toList());
        assertEquals("note_interrupt", unhandled.get(0).cause());
        List<TraceEvent.StateChanged> count = harness.trace().of(TraceEvent.StateChanged.class,
                e -> e.field().equals("irq_count"));
        assertEquals(List.of("1", "2", "3", "4", "5"), count.stream().map(TraceEvent.StateChanged::to).toList());
        assertEquals("irq 7", count.get(0).subject());
    }

    /** spurious.c note_interrupt: a window that ends without the verdict resets both counts. */
    @Test
    void theEndOfAWindowIsTracedAsAResetToZero() {
        interrupts(10, 99_990);
        List<TraceEvent.StateChanged> count = harness.trace().of(TraceEvent.StateChanged.class,
                e -> e.field().equals("irq_count"));
        assertEquals("100000", count.get(count.size() - 2).to(), "irq_count++ reaches 100,000, then the verdict");
        assertEquals("0", count.get(count.size() - 1).to());
        List<TraceEvent.StateChanged> unhandled = harness.trace().of(TraceEvent.StateChanged.class,
                e -> e.field().equals("irqs_unhandled"));
        assertEquals("10", unhandled.get(unhandled.size() - 1).from());
        assertEquals("0", unhandled.get(unhandled.size() - 1).to());
        assertFalse(desc.spuriousDisabled);
    }
}
