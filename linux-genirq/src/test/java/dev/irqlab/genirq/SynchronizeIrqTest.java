package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * kernel/irq/manage.c {@code synchronize_irq} / {@code __synchronize_irq} ({@code wait_event(
 * desc->wait_for_threads, !atomic_read(&desc->threads_active))}) as {@code disable_irq}, {@code free_irq}
 * and kernel/irq/pm.c {@code suspend_device_irqs} use it, and {@code wake_threads_waitq}.
 */
class SynchronizeIrqTest {

    private static final int HW = 40;
    private final List<String> log = new ArrayList<>();
    private final RecordingController fake = new RecordingController(log);
    private final KernelFixture k = new KernelFixture(fake);
    private final List<IrqThreadFn.Completion> pending = new ArrayList<>();
    private final IrqThreadFn slowThread = (i, done) -> pending.add(done);
    private final List<Long> returned = new ArrayList<>();

    private int threadedIrqWithARunningThread() {
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestThreadedIrq(irq, null, slowThread, Set.of(IrqFlag.ONESHOT), "dev", this);
        fake.setLine(HW, true);
        k.runFor(KernelFixture.ms(1));
        assertEquals(1, pending.size(), "the thread is running (sleeping on its bus)");
        assertEquals(1, k.core.threadsActive(irq));
        return irq;
    }

    /** manage.c disable_irq: returns only once threads_active is 0; traced as disable_irq itself. */
    @Test
    void disableIrqReturnsWhenTheRunningThreadHasFinished() {
        int irq = threadedIrqWithARunningThread();
        k.core.disableIrq(irq, () -> returned.add(k.harness.now()));
        assertTrue(returned.isEmpty(), "disable_irq is waiting in synchronize_irq");
        assertEquals(1, k.core.describe(irq).depth(), "__disable_irq_nosync happened before the wait");
        k.runFor(KernelFixture.ms(1));
        long finishAt = k.harness.now();
        fake.setLine(HW, false);
        pending.get(0).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.us(1));
        assertEquals(List.of(finishAt), returned, "returns as the thread finishes, in virtual time");
        List<TraceEvent.StateChanged> depth = k.harness.trace().of(TraceEvent.StateChanged.class,
                e -> e.field().equals("depth") && e.to().equals("1"));
        assertEquals("disable_irq", depth.get(depth.size() - 1).cause());
        assertEquals(1, k.harness.trace().of(TraceEvent.SpanBegin.class,
                e -> e.name().equals("disable_irq: synchronize_irq")).size());
    }

    /** manage.c synchronize_irq: nothing woken or running → returns at once, nothing traced. */
    @Test
    void synchronizeIrqWithoutActiveThreadsReturnsAtOnce() {
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        k.core.requestThreadedIrq(irq, null, slowThread, Set.of(IrqFlag.ONESHOT), "dev", this);
        k.core.synchronizeIrq(irq, () -> returned.add(k.harness.now()));
        assertEquals(List.of(0L), returned);
        assertTrue(k.harness.trace().of(TraceEvent.SpanBegin.class).isEmpty());
    }

    /** manage.c disable_irq_nosync: no wait; its cause stays disable_irq_nosync. */
    @Test
    void disableIrqNosyncDoesNotWait() {
        int irq = threadedIrqWithARunningThread();
        k.core.disableIrqNosync(irq);
        List<TraceEvent.StateChanged> depth = k.harness.trace().of(TraceEvent.StateChanged.class,
                e -> e.field().equals("depth"));
        assertEquals("disable_irq_nosync", depth.get(depth.size() - 1).cause());
    }

    /** manage.c __free_irq: shutdown first, then __synchronize_irq, then irq_domain_deactivate_irq. */
    @Test
    void freeIrqWaitsForTheThreadBeforeDeactivatingAndReturning() {
        int irq = threadedIrqWithARunningThread();
        k.core.freeIrq(irq, this, () -> returned.add(k.harness.now()));
        assertTrue(log.contains("mask " + HW) || k.core.describe(irq).masked(), "irq_shutdown happened");
        assertFalse(log.contains("deactivate " + HW));
        assertTrue(returned.isEmpty());
        pending.get(0).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.us(1));
        assertEquals(1, returned.size());
        assertEquals("deactivate " + HW, log.get(log.size() - 1));
    }

    /** pm.c suspend_device_irqs: synchronize_irq for every irq it disabled. */
    @Test
    void suspendDeviceIrqsReturnsAfterTheThreadsOfTheDisabledIrqs() {
        int irq = threadedIrqWithARunningThread();
        k.core.pm().suspendDeviceIrqs(() -> returned.add(k.harness.now()));
        assertTrue(returned.isEmpty());
        assertTrue(k.core.describe(irq).disabled());
        pending.get(0).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.us(1));
        assertEquals(1, returned.size());
    }

    /** handle.c __irq_wake_thread while running: threads_active stays 1 until the second run ends. */
    @Test
    void aThreadWokenAgainWhileRunningKeepsTheWaiterWaiting() {
        KernelFixture edgeK = new KernelFixture(fake);
        int irq = edgeK.core.createMapping(41, Trigger.EDGE_RISING);
        edgeK.core.requestThreadedIrq(irq, null, slowThread, Set.of(IrqFlag.ONESHOT), "dev", this);
        fake.setLine(41, true);
        edgeK.runFor(KernelFixture.ms(1));
        fake.setLine(41, false);
        edgeK.core.synchronizeIrq(irq, () -> returned.add(edgeK.harness.now()));
        fake.setLine(41, true); // a second edge while the thread runs: IRQTF_RUNTHREAD set again
        edgeK.runFor(KernelFixture.ms(1));
        pending.get(0).complete(IrqReturn.HANDLED);
        edgeK.runFor(KernelFixture.us(1));
        assertTrue(returned.isEmpty(), "the thread runs again at once: still active");
        assertEquals(2, pending.size());
        pending.get(1).complete(IrqReturn.HANDLED);
        edgeK.runFor(KernelFixture.us(1));
        assertEquals(1, returned.size());
    }
}
