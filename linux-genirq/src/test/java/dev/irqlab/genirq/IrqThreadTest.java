package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Irq threads: kernel/irq/handle.c {@code __irq_wake_thread}, kernel/irq/manage.c {@code irq_thread},
 * {@code irq_wait_for_interrupt}, {@code irq_thread_fn}, {@code irq_finalize_oneshot}.
 */
class IrqThreadTest {

    private static final int HW = 40;
    private final List<String> log = new ArrayList<>();
    private final RecordingController fake = new RecordingController(log);
    private final List<IrqThreadFn.Completion> pending = new ArrayList<>();
    private final IrqThreadFn slowThread = (i, done) -> {
        log.add("thread");
        pending.add(done);
    };

    @Test
    void theThreadRunsAfterTheThreadWakeupLatency() {
        KernelFixture k = new KernelFixture(fake, Map.of(GenirqConfig.THREAD_WAKEUP, 50_000L));
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestThreadedIrq(irq, null, slowThread, Set.of(IrqFlag.ONESHOT), "dev", this);
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(50)); // entry at 1 µs, thread due at 51 µs
        assertTrue(pending.isEmpty());
        k.runFor(KernelFixture.us(1));
        assertEquals(1, pending.size());
    }

    @Test
    void irqFinalizeOneshotKeepsTheLineMaskedWhileTheThreadSleepsOnASlowBus() {
        KernelFixture k = new KernelFixture(fake);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestThreadedIrq(irq, null, slowThread, Set.of(IrqFlag.ONESHOT), "dev", this);
        fake.setLine(HW, true);
        k.runFor(KernelFixture.ms(1));
        assertTrue(k.core.describe(irq).masked());
        assertEquals(1, k.core.describe(irq).threadsOneshot());
        assertEquals(1, k.core.threadsActive(irq));
        fake.setLine(HW, false);
        pending.get(0).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.us(1));
        assertFalse(k.core.describe(irq).masked());
        assertEquals(0, k.core.describe(irq).threadsOneshot());
        assertEquals(0, k.core.threadsActive(irq));
    }

    @Test
    void irqFinalizeOneshotSkipsTheUnmaskWhenTheIrqWasDisabledMeanwhile() {
        KernelFixture k = new KernelFixture(fake);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestThreadedIrq(irq, null, slowThread, Set.of(IrqFlag.ONESHOT), "dev", this);
        fake.setLine(HW, true);
        k.runFor(KernelFixture.ms(1));
        k.core.disableIrq(irq);
        pending.get(0).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.us(1));
        assertTrue(k.core.describe(irq).masked());
        assertEquals(0, k.core.describe(irq).threadsOneshot());
        assertFalse(log.contains("unmask 40") && log.lastIndexOf("unmask 40") > log.indexOf("thread"));
    }

    @Test
    void aOneshotThreadRewokenWhileRunningStaysMaskedAndRunsAgainBeforeUnmasking() {
        KernelFixture k = new KernelFixture(fake);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestThreadedIrq(irq, null, slowThread, Set.of(IrqFlag.ONESHOT), "dev", this);
        fake.setLine(HW, true);
        k.runFor(KernelFixture.ms(1));
        // The same interrupt delivered again while the thread runs (in flight on another CPU).
        fake.queueAck(HW);
        k.runFor(KernelFixture.us(5));
        log.clear();
        pending.get(0).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.us(1));
        assertEquals(List.of("thread"), log, "RUNTHREAD was set: no unmask, run again at once");
        assertTrue(k.core.describe(irq).masked());
        assertEquals(1, k.core.describe(irq).threadsOneshot());
        fake.setLine(HW, false);
        pending.get(1).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.us(1));
        assertEquals(List.of("thread", "unmask 40"), log);
        assertEquals(2, k.core.threadRuns(irq, this));
    }

    @Test
    void wakeupsWhileTheThreadRunsCoalesceIntoOneMoreRun() {
        fake.hasAck = true;
        KernelFixture k = new KernelFixture(fake);
        int irq = k.core.createMapping(HW, Trigger.EDGE_RISING);
        k.core.requestThreadedIrq(irq, i -> IrqReturn.WAKE_THREAD, slowThread, Set.of(), "dev", this);
        fake.pulse(HW);
        k.runFor(KernelFixture.ms(1));
        fake.pulse(HW);
        k.runFor(KernelFixture.us(5));
        fake.pulse(HW);
        k.runFor(KernelFixture.us(5));
        assertEquals(1, pending.size());
        pending.get(0).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.us(1));
        assertEquals(2, pending.size());
        pending.get(1).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.ms(1));
        assertEquals(2, pending.size());
        assertEquals(2, k.core.threadRuns(irq, this));
    }

    @Test
    void handlerRanAndSpansAreTracedForTheHardHandlerAndTheThread() {
        KernelFixture k = new KernelFixture(fake);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestThreadedIrq(irq, i -> IrqReturn.WAKE_THREAD, (i, done) -> {
            fake.setLine(HW, false);
            done.complete(IrqReturn.HANDLED);
        }, Set.of(IrqFlag.ONESHOT), "elan_i2c", this);
        fake.setLine(HW, true);
        k.runFor(KernelFixture.ms(1));
        List<TraceEvent.HandlerRan> ran = k.handlerRuns();
        assertEquals(2, ran.size());
        assertEquals(HandlerStage.HARD, ran.get(0).stage());
        assertEquals(IrqReturn.WAKE_THREAD, ran.get(0).result());
        assertEquals(HandlerStage.THREAD, ran.get(1).stage());
        assertEquals("elan_i2c", ran.get(1).action());
        List<TraceEvent.SpanBegin> spans = k.harness.trace().of(TraceEvent.SpanBegin.class);
        assertEquals("guest cpu0", spans.get(0).track());
        assertEquals("irq " + irq + " handle_fasteoi_irq", spans.get(0).name(), "the flow, around the chip calls");
        assertEquals("guest cpu0", spans.get(1).track());
        assertEquals("irq " + irq + " elan_i2c", spans.get(1).name());
        assertEquals("guest irq/" + irq + "-elan_i2c", spans.get(2).track());
        List<TraceEvent.SpanEnd> ends = k.harness.trace().of(TraceEvent.SpanEnd.class);
        assertEquals(List.of("irq " + irq + " elan_i2c", "irq " + irq + " handle_fasteoi_irq", "irq/" + irq + "-elan_i2c"),
                ends.stream().map(TraceEvent.SpanEnd::name).toList(), "the handler's span ends inside the flow's");
        assertEquals(1_000L, ran.get(0).time());
        assertEquals(21_000L, ran.get(1).time(), "thread-wakeup default 20 µs after the hard irq");
    }

    @Test
    void completingAThreadRunTwiceIsAModelBug() {
        KernelFixture k = new KernelFixture(fake);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestThreadedIrq(irq, null, slowThread, Set.of(IrqFlag.ONESHOT), "dev", this);
        fake.setLine(HW, true);
        k.runFor(KernelFixture.ms(1));
        pending.get(0).complete(IrqReturn.HANDLED);
        assertThrows(IllegalStateException.class, () -> pending.get(0).complete(IrqReturn.HANDLED));
    }

    @Test
    void aPrimaryReturningWakeThreadWithoutThreadFnWarnsOnce() {
        KernelFixture k = new KernelFixture(fake);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestIrq(irq, i -> {
            fake.setLine(HW, false);
            return IrqReturn.WAKE_THREAD;
        }, Set.of(), "bad", this);
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(10));
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(10));
        List<TraceEvent.KernelMessage> m = k.harness.trace().messages("genirq.no_thread_fn");
        assertEquals(1, m.size());
        assertEquals("IRQ " + irq + " device bad returned IRQ_WAKE_THREAD but no thread function available.",
                m.get(0).text());
    }
}
