package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kernel/irq/manage.c {@code request_threaded_irq}/{@code __setup_irq}/{@code free_irq} and the mapping. */
class RequestIrqTest {

    private final List<String> log = new ArrayList<>();
    private final RecordingController fake = new RecordingController(log);
    private final KernelFixture k = new KernelFixture(fake);
    private final IrqThreadFn thread = (i, done) -> done.complete(IrqReturn.HANDLED);
    private final Object devA = new Object();
    private final Object devB = new Object();

    /** kernel/irq/irqdomain.c {@code irq_create_fwspec_mapping}: numbering, reuse, type only stored. */
    @Test
    void irqCreateOfMappingNumbersIrqsFrom1ReusesAMappingAndOnlyStoresTheType() {
        assertEquals(1, k.core.createMapping(40, Trigger.LEVEL_HIGH));
        assertEquals(2, k.core.createMapping(41, Trigger.EDGE_RISING));
        assertEquals(1, k.core.createMapping(40, Trigger.LEVEL_HIGH));
        fake.setTypeResult = -Errno.EINVAL;
        assertEquals(3, k.core.createMapping(42, Trigger.LEVEL_LOW), "the chip is not asked at mapping");
        assertEquals(List.of(), log, "irqd_set_trigger_type only: no chip callback at mapping (since 4.11)");
    }

    /** kernel/irq/irqdomain.c {@code irq_create_fwspec_mapping}: another type for a mapped hwirq. */
    @Test
    void mappingAMappedHwirqWithAnotherTypeWarnsTypeMismatchAndFails() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(-Errno.EINVAL, k.core.createMapping(40, Trigger.EDGE_RISING));
        assertEquals("irq: type mismatch, failed to map hwirq-40 for " + fake.name() + "!",
                k.harness.trace().messages("genirq.type_mismatch").get(0).text());
        assertEquals(0, k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "dev", devA));
        assertEquals(List.of("set_type 40 level-high", "activate 40", "unmask 40"), log,
                "the first mapping's type is the one applied");
    }

    @Test
    void requestThreadedIrqRefusesANullPrimaryWithoutIrqfOneshot() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(-Errno.EINVAL, k.core.requestThreadedIrq(irq, null, thread, Set.of(), "elan_i2c", devA));
        List<TraceEvent.KernelMessage> m = k.harness.trace().messages("genirq.threaded_no_oneshot");
        assertEquals(1, m.size());
        assertEquals("Threaded irq requested with handler=NULL and !ONESHOT for elan_i2c (irq " + irq + ")",
                m.get(0).text());
        assertFalse(log.contains("unmask 40"), "nothing was started");
    }

    @Test
    void aNullPrimaryInstallsIrqDefaultPrimaryHandlerWhichWakesTheThread() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, k.core.requestThreadedIrq(irq, null, thread, Set.of(IrqFlag.ONESHOT), "dev", devA));
        assertTrue(k.core.describe(irq).oneshot());
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(2));
        List<TraceEvent.HandlerRan> ran = k.handlerRuns();
        assertEquals(IrqReturn.WAKE_THREAD, ran.get(0).result());
    }

    @Test
    void anIrqchipOneshotSafeChipDropsIrqfOneshotAndAcceptsANullPrimary() {
        fake.flags.add(ChipFlag.ONESHOT_SAFE);
        int irq = k.core.createMapping(40, Trigger.EDGE_RISING);
        assertEquals(0, k.core.requestThreadedIrq(irq, null, thread, Set.of(IrqFlag.ONESHOT), "msi", devA));
        assertFalse(k.core.describe(irq).oneshot());
    }

    @Test
    void sharedActionsDisagreeingOnIrqfOneshotAreRefusedWithEbusyAndFlagsMismatch() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(0, k.core.requestThreadedIrq(irq, null, thread, Set.of(IrqFlag.SHARED, IrqFlag.ONESHOT), "a",
                devA));
        assertEquals(-Errno.EBUSY, k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(IrqFlag.SHARED), "b", devB));
        List<TraceEvent.KernelMessage> m = k.harness.trace().messages("genirq.flags_mismatch");
        assertEquals("Flags mismatch irq " + irq + ". 00000084 (b) vs. 00002084 (a)", m.get(0).text());
    }

    @Test
    void aSecondRequestWithoutIrqfSharedIsRefusedWithEbusy() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "a", devA);
        assertEquals(-Errno.EBUSY, k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "b", devB));
    }

    @Test
    void sharedOneshotActionsGetDistinctThreadMaskBitsAndTheLineUnmasksAfterBothThreads() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        List<IrqThreadFn.Completion> pending = new ArrayList<>();
        IrqThreadFn later = (i, done) -> pending.add(done);
        assertEquals(0, k.core.requestThreadedIrq(irq, null, later, Set.of(IrqFlag.SHARED, IrqFlag.ONESHOT), "a",
                devA));
        assertEquals(0, k.core.requestThreadedIrq(irq, null, later, Set.of(IrqFlag.SHARED, IrqFlag.ONESHOT), "b",
                devB));
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(50));
        assertEquals(0b11, k.core.describe(irq).threadsOneshot());
        fake.setLine(40, false);
        pending.get(0).complete(IrqReturn.HANDLED);
        k.runFor(KernelFixture.us(1));
        assertEquals(0b10, k.core.describe(irq).threadsOneshot());
        assertTrue(k.core.describe(irq).masked());
        pending.get(1).complete(IrqReturn.NONE);
        k.runFor(KernelFixture.us(1));
        assertEquals(0, k.core.describe(irq).threadsOneshot());
        assertFalse(k.core.describe(irq).masked());
    }

    @Test
    void sharedRequestsNeedADevIdAndCannotBeNoAutoen() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        assertEquals(-Errno.EINVAL, k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(IrqFlag.SHARED), "a", null));
        assertEquals(-Errno.EINVAL, k.core.requestIrq(irq, i -> IrqReturn.HANDLED,
                Set.of(IrqFlag.SHARED, IrqFlag.NO_AUTOEN), "a", devA));
        assertEquals(-Errno.EINVAL, k.core.requestIrq(99, i -> IrqReturn.HANDLED, Set.of(), "a", devA));
        assertEquals(-Errno.EINVAL, k.core.requestThreadedIrq(irq, null, null, Set.of(), "a", devA));
    }

    @Test
    void freeIrqOfTheLastActionShutsTheLineDownAndASecondFreeWarns() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "a", devA);
        k.core.setDisableUnlazy(irq, true);
        log.clear();
        k.core.freeIrq(irq, devA);
        assertEquals(List.of("mask 40", "deactivate 40"), log,
                "irq_shutdown → __irq_disable(desc, true), then irq_domain_deactivate_irq");
        assertEquals(1, k.core.describe(irq).depth());
        assertTrue(k.core.describe(irq).disabled());
        k.core.freeIrq(irq, devA);
        assertEquals("Trying to free already-free IRQ " + irq,
                k.harness.trace().messages("genirq.free_already_free").get(0).text());
        // a new request starts it again
        assertEquals(0, k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "a", devA));
        assertEquals(0, k.core.describe(irq).depth());
        assertFalse(k.core.describe(irq).masked());
    }

    @Test
    void aChipInstallingHandleEdgeIrqWithoutIrqAckIsAModelBug() {
        fake.hasAck = false;
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> k.core.createMapping(41, Trigger.EDGE_RISING));
    }
}
