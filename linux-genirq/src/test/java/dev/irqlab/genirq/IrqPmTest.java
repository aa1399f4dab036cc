package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqDescState;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kernel/irq/pm.c and kernel/irq/manage.c {@code irq_set_irq_wake}. */
class IrqPmTest {

    private final List<String> log = new ArrayList<>();
    private final RecordingController fake = new RecordingController(log);
    private final KernelFixture k = new KernelFixture(fake);
    private int wakeRuns;
    private int otherRuns;
    private final int wakeIrq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
    private final int otherIrq = k.core.createMapping(41, Trigger.LEVEL_HIGH);

    private void requestBoth() {
        k.core.requestIrq(wakeIrq, i -> {
            wakeRuns++;
            return IrqReturn.HANDLED;
        }, Set.of(), "cros_ec", this);
        k.core.requestIrq(otherIrq, i -> {
            otherRuns++;
            return IrqReturn.HANDLED;
        }, Set.of(), "other", log);
        fake.setWakeResult = 0;
        assertEquals(0, k.core.irqSetIrqWake(wakeIrq, true));
    }

    @Test
    void suspendDeviceIrqsArmsWakeIrqsAndDisablesTheOthersWithIrqsSuspended() {
        requestBoth();
        k.core.pm().suspendDeviceIrqs();
        IrqDescState wake = k.core.describe(wakeIrq);
        assertTrue(wake.wakeupArmed());
        assertEquals(0, wake.depth());
        IrqDescState other = k.core.describe(otherIrq);
        assertEquals(1, other.depth());
        assertTrue(other.disabled());
        assertFalse(other.masked(), "lazy: no IRQCHIP_MASK_ON_SUSPEND");
    }

    @Test
    void irqchipMaskOnSuspendMasksTheNonWakeIrqsInHardware() {
        fake.flags.add(ChipFlag.MASK_ON_SUSPEND);
        requestBoth();
        k.core.pm().suspendDeviceIrqs();
        assertTrue(k.core.describe(otherIrq).masked());
        assertFalse(k.core.describe(wakeIrq).masked());
    }

    @Test
    void anArmedWakeIrqFiringAbortsTheSuspendThroughIrqPmHandleWakeup() {
        requestBoth();
        k.core.pm().suspendDeviceIrqs();
        assertFalse(k.core.pm().wakeupPending());
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(10));
        assertEquals(0, wakeRuns, "the handler does not run");
        assertTrue(k.core.pm().wakeupPending());
        assertEquals(wakeIrq, k.core.pm().wakeupIrq());
        IrqDescState s = k.core.describe(wakeIrq);
        assertFalse(s.wakeupArmed());
        assertTrue(s.pending());
        assertEquals(1, s.depth());
        assertTrue(s.disabled());
        List<TraceEvent.IrqFlow> flows = k.flows();
        assertEquals(FlowOutcome.WAKEUP_ABORT, flows.get(0).outcome());
        assertEquals(FlowOutcome.DISABLED_PENDING, flows.get(1).outcome(),
                "irq_disable is lazy: the asserted line is masked by the next interrupt");
    }

    /** wakeup.c pm_system_irq_wakeup prints with pm_pr_dbg: nothing unless pm_debug_messages. */
    @Test
    void theWakeupIsPrintedOnlyWithPmDebugMessages() {
        requestBoth();
        k.core.pm().suspendDeviceIrqs();
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(10));
        assertTrue(k.core.pm().wakeupPending());
        assertEquals(List.of(), k.harness.trace().messages("pm.irq_wakeup"));

        RecordingController f = new RecordingController();
        KernelFixture d = new KernelFixture(f, java.util.Map.of(GenirqConfig.PM_DEBUG_MESSAGES, true));
        int irq = d.core.createMapping(40, Trigger.LEVEL_HIGH);
        d.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "cros_ec", this);
        f.setWakeResult = 0;
        assertEquals(0, d.core.irqSetIrqWake(irq, true));
        d.core.pm().suspendDeviceIrqs();
        f.setLine(40, true);
        d.runFor(KernelFixture.us(10));
        assertEquals(List.of("PM: Triggering wakeup from IRQ " + irq),
                d.harness.trace().messages("pm.irq_wakeup").stream().map(TraceEvent.KernelMessage::text).toList());
    }

    @Test
    void resumeDeviceIrqsReenablesAndTheStillAssertedLevelWakeIrqIsHandled() {
        requestBoth();
        k.core.pm().suspendDeviceIrqs();
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(10));
        k.core.pm().resumeDeviceIrqs();
        assertEquals(0, k.core.describe(wakeIrq).depth());
        assertEquals(0, k.core.describe(otherIrq).depth());
        assertFalse(k.core.describe(wakeIrq).pending(), "level: check_irq_resend clears IRQS_PENDING");
        k.runFor(KernelFixture.us(1)); // one irq-entry latency after the unmask
        assertEquals(1, wakeRuns);
    }

    @Test
    void irqfNoSuspendLinesStayEnabledAcrossSuspend() {
        k.core.requestIrq(otherIrq, i -> IrqReturn.HANDLED, Set.of(IrqFlag.NO_SUSPEND), "timer", this);
        k.core.pm().suspendDeviceIrqs();
        assertEquals(0, k.core.describe(otherIrq).depth());
    }

    @Test
    void enableIrqOnASuspendedIrqWarnsUnbalanced() {
        requestBoth();
        k.core.pm().suspendDeviceIrqs();
        k.core.enableIrq(otherIrq);
        assertEquals(1, k.harness.trace().messages("genirq.unbalanced_enable").size());
        assertEquals(1, k.core.describe(otherIrq).depth());
    }

    @Test
    void irqSetIrqWakeNestsCallsTheChipOnTheOuterTransitionsAndRestoresDepthOnError() {
        k.core.requestIrq(wakeIrq, i -> IrqReturn.HANDLED, Set.of(), "dev", this);
        assertEquals(0, k.core.irqSetIrqWake(wakeIrq, true));
        assertEquals(0, k.core.irqSetIrqWake(wakeIrq, true));
        assertEquals(2, k.core.describe(wakeIrq).wakeDepth());
        assertEquals(0, k.core.irqSetIrqWake(wakeIrq, false));
        assertEquals(0, k.core.irqSetIrqWake(wakeIrq, false));
        assertEquals(List.of("set_wake 40 true", "set_wake 40 false"),
                log.stream().filter(s -> s.startsWith("set_wake")).toList());
        k.core.irqSetIrqWake(wakeIrq, false);
        assertEquals("Unbalanced IRQ " + wakeIrq + " wake disable",
                k.harness.trace().messages("genirq.unbalanced_wake_disable").get(0).text());
        fake.setWakeResult = -Errno.ENOSYS;
        assertEquals(-Errno.ENOSYS, k.core.irqSetIrqWake(wakeIrq, true));
        assertEquals(0, k.core.describe(wakeIrq).wakeDepth());
    }

    @Test
    void irqchipSkipSetWakeNeedsNoChipCallback() {
        fake.flags.add(ChipFlag.SKIP_SET_WAKE);
        fake.setWakeResult = -Errno.ENOSYS;
        assertEquals(0, k.core.irqSetIrqWake(wakeIrq, true));
        assertTrue(log.stream().noneMatch(s -> s.startsWith("set_wake")));
    }
}
