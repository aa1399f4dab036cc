package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqDescState;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kernel/irq/manage.c {@code __disable_irq} / {@code __enable_irq} nesting. */
class DisableDepthTest {

    private final List<String> log = new ArrayList<>();
    private final RecordingController fake = new RecordingController(log);
    private final KernelFixture k = new KernelFixture(fake);
    private final int irq = k.core.createMapping(33, Trigger.LEVEL_HIGH);

    @Test
    void nestedDisableIrqAndEnableIrqUnmaskOnlyAtTheLastEnable() {
        k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "dev", this);
        k.core.setDisableUnlazy(irq, true);
        log.clear();
        k.core.disableIrq(irq);
        k.core.disableIrqNosync(irq);
        assertEquals(2, k.core.describe(irq).depth());
        assertEquals(List.of("mask 33"), log, "only the 0→1 transition calls irq_disable");
        k.core.enableIrq(irq);
        IrqDescState one = k.core.describe(irq);
        assertEquals(1, one.depth());
        assertTrue(one.disabled());
        assertTrue(one.masked());
        k.core.enableIrq(irq);
        IrqDescState zero = k.core.describe(irq);
        assertEquals(0, zero.depth());
        assertFalse(zero.disabled());
        assertFalse(zero.masked());
        assertEquals(List.of("mask 33", "unmask 33"), log);
    }

    @Test
    void unbalancedEnableIrqWarnsAndChangesNothing() {
        k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "dev", this);
        log.clear();
        IrqDescState before = k.core.describe(irq);
        k.core.enableIrq(irq);
        assertEquals(before, k.core.describe(irq));
        assertEquals(List.of(), log);
        List<TraceEvent.KernelMessage> warn = k.harness.trace().messages("genirq.unbalanced_enable");
        assertEquals(1, warn.size());
        assertEquals("Unbalanced enable for IRQ " + irq, warn.get(0).text());
    }

    @Test
    void irqfNoAutoenLeavesDepth1NotStartedUntilEnableIrq() {
        k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(IrqFlag.NO_AUTOEN), "dev", this);
        IrqDescState s = k.core.describe(irq);
        assertEquals(1, s.depth());
        assertTrue(s.disabled());
        assertTrue(s.masked());
        assertFalse(log.contains("unmask 33"));
        k.core.enableIrq(irq);
        assertEquals(0, k.core.describe(irq).depth());
        assertTrue(log.contains("unmask 33"));
    }

    @Test
    void depthDisabledAndMaskedChangesAreTracedWithTheKernelFunctionAsCause() {
        k.core.requestIrq(irq, i -> IrqReturn.HANDLED, Set.of(), "dev", this);
        k.harness.trace().clear();
        k.core.setDisableUnlazy(irq, true);
        k.core.disableIrqNosync(irq);
        List<TraceEvent.StateChanged> depth = k.harness.trace().changes("guest", "depth");
        assertEquals(1, depth.size());
        assertEquals("irq " + irq + " (hwirq 33)", depth.get(0).subject(), "the Linux irq and its hwirq");
        assertEquals("0", depth.get(0).from());
        assertEquals("1", depth.get(0).to());
        assertEquals("disable_irq_nosync", depth.get(0).cause());
        assertEquals(1, k.harness.trace().changes("guest", "disabled").size());
        assertEquals(1, k.harness.trace().changes("guest", "masked").size());
    }
}
