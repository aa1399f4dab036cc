package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * kernel/irq/manage.c {@code irq_setup_forced_threading} (threadirqs / PREEMPT_RT), {@code irq_thread}
 * with {@code irq_forced_thread_fn} and {@code irq_wake_secondary}, {@code irq_finalize_oneshot}'s
 * secondary exception; Linux 6.17.
 */
class ForcedThreadingTest {

    private static final int HW = 40;
    private final List<String> log = new ArrayList<>();
    private final RecordingController fake = new RecordingController(log);
    private final List<String> ran = new ArrayList<>();

    private KernelFixture kernel(String option) {
        return new KernelFixture(fake, Map.of(option, true));
    }

    private IrqReturn plainHandler(int irq) {
        ran.add("handler");
        fake.setLine(HW, false);
        return IrqReturn.HANDLED;
    }

    /** A plain request_irq becomes ONESHOT, its handler the thread function: the line stays masked. */
    @Test
    void threadirqsTurnsAPlainHandlerIntoAOneshotThread() {
        KernelFixture k = kernel(GenirqConfig.THREADIRQS);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        assertEquals(0, k.core.requestIrq(irq, this::plainHandler, Set.of(), "dev", this));
        assertTrue(k.core.describe(irq).oneshot(), "IRQF_ONESHOT added: IRQS_ONESHOT");
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(5));
        assertTrue(ran.isEmpty(), "nothing of the driver ran in hard irq context");
        assertTrue(k.core.describe(irq).masked(), "handle_fasteoi_irq masked the ONESHOT line");
        k.runFor(KernelFixture.us(30));
        assertEquals(List.of("handler"), ran);
        assertFalse(k.core.describe(irq).masked(), "irq_finalize_oneshot unmasked");
        List<TraceEvent.HandlerRan> runs = k.handlerRuns();
        assertEquals(HandlerStage.HARD, runs.get(0).stage());
        assertEquals(IrqReturn.WAKE_THREAD, runs.get(0).result(), "irq_default_primary_handler");
        assertEquals(HandlerStage.THREAD, runs.get(1).stage());
        assertEquals(IrqReturn.HANDLED, runs.get(1).result());
        assertEquals(1, k.harness.trace().of(TraceEvent.SpanBegin.class,
                s -> s.name().equals("irq/" + irq + "-dev")).size());
    }

    /** PREEMPT_RT forces threading as threadirqs does. */
    @Test
    void preemptRtForcesThreadingToo() {
        KernelFixture k = kernel(GenirqConfig.PREEMPT_RT);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        assertEquals(0, k.core.requestIrq(irq, this::plainHandler, Set.of(), "dev", this));
        assertTrue(k.core.describe(irq).oneshot());
    }

    /** The exceptions: IRQF_NO_THREAD and IRQF_PERCPU keep a hard handler. */
    @Test
    void noThreadAndPercpuRequestsAreNotThreaded() {
        for (IrqFlag flag : List.of(IrqFlag.NO_THREAD, IrqFlag.PERCPU)) {
            RecordingController f = new RecordingController();
            KernelFixture k = new KernelFixture(f, Map.of(GenirqConfig.THREADIRQS, true));
            int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
            assertEquals(0, k.core.requestIrq(irq, i -> IrqReturn.HANDLED, EnumSet.of(flag), "dev", this));
            assertFalse(k.core.describe(irq).oneshot(), flag + " is left alone");
            f.setLine(HW, true);
            k.runFor(KernelFixture.us(5));
            assertEquals(IrqReturn.HANDLED, k.handlerRuns().get(0).result(), flag + ": the hard handler ran");
        }
    }

    /** Without threadirqs nothing changes (the default). */
    @Test
    void withoutTheOptionAPlainHandlerStaysAHardHandler() {
        KernelFixture k = new KernelFixture(fake);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        assertEquals(0, k.core.requestIrq(irq, this::plainHandler, Set.of(), "dev", this));
        assertFalse(k.core.describe(irq).oneshot());
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(5));
        assertEquals(List.of("handler"), ran);
    }

    /**
     * A primary + thread_fn request: the thread_fn moves to a secondary "irq/N-s-name" thread, woken
     * when the forced primary thread returns IRQ_WAKE_THREAD (the primary quiesces its device, as a
     * real split handler does: the forced primary's irq_finalize_oneshot unmasks before the secondary
     * runs).
     */
    @Test
    void aDriverThreadFunctionBecomesTheForcedSecondary() {
        KernelFixture k = kernel(GenirqConfig.THREADIRQS);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        assertEquals(0, k.core.requestThreadedIrq(irq, i -> {
            ran.add("primary");
            fake.setLine(HW, false);
            return IrqReturn.WAKE_THREAD;
        }, (i, done) -> {
            ran.add("thread_fn");
            done.complete(IrqReturn.HANDLED);
        }, Set.of(), "dev", this));
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(100));
        assertEquals(List.of("primary", "thread_fn"), ran);
        assertEquals(1, k.harness.trace().of(TraceEvent.SpanBegin.class,
                s -> s.name().equals("irq/" + irq + "-s-dev")).size(), "setup_irq_thread(secondary)");
        assertEquals(0, k.core.threadsActive(irq));
    }

    /** IRQCHIP_ONESHOT_SAFE drops the forced IRQF_ONESHOT after irq_setup_forced_threading. */
    @Test
    void aOneshotSafeChipStillThreadsButDoesNotMask() {
        fake.flags.add(ChipFlag.ONESHOT_SAFE);
        KernelFixture k = kernel(GenirqConfig.THREADIRQS);
        int irq = k.core.createMapping(HW, Trigger.EDGE_RISING);
        assertEquals(0, k.core.requestIrq(irq, this::plainHandler, Set.of(), "dev", this));
        assertFalse(k.core.describe(irq).oneshot());
        fake.setLine(HW, true);
        k.runFor(KernelFixture.us(100));
        assertEquals(List.of("handler"), ran, "run by the thread");
        assertEquals(HandlerStage.THREAD, k.handlerRuns().get(1).stage());
    }
}
