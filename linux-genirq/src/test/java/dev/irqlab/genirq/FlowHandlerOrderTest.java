package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.trace.FlowOutcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * The exact order of chip callbacks and driver functions for each flow handler of kernel/irq/chip.c,
 * against a Mockito mock {@link IrqChip} (InOrder) or the recording {@link RecordingController}.
 */
class FlowHandlerOrderTest {

    private static final int HW = 40;

    private IrqChip chip;
    private InterruptController controller;
    private KernelFixture k;

    private void mockController(Set<ChipFlag> flags, FlowType flow) {
        chip = mock(IrqChip.class);
        when(chip.name()).thenReturn("GICv3");
        when(chip.flags()).thenReturn(flags);
        when(chip.flowFor(anyInt(), any())).thenReturn(flow);
        when(chip.setType(anyInt(), any())).thenReturn(0);
        doCallRealMethod().when(chip).handleArchIrq(any(), anyInt(), any());
        controller = mock(InterruptController.class);
        when(controller.chip()).thenReturn(chip);
        when(controller.name()).thenReturn("mock");
        k = new KernelFixture(controller);
        CpuIrqLine line = k.core.cpuLine(0);
        // One interrupt: the CPU interface hands out hwirq 40 once and drops the CPU line.
        when(controller.acknowledge(0)).thenAnswer(inv -> {
            line.set(false);
            return HW;
        });
    }

    private static IrqThreadFn completing(IrqReturn r) {
        IrqThreadFn fn = mock(IrqThreadFn.class);
        doAnswer(inv -> {
            inv.<IrqThreadFn.Completion>getArgument(1).complete(r);
            return null;
        }).when(fn).run(anyInt(), any());
        return fn;
    }

    @Test
    void handleFasteoiIrqOneshotWithoutEoiThreadedMasksRunsPrimaryEoisThenThreadThenUnmasks() {
        mockController(EnumSet.noneOf(ChipFlag.class), FlowType.FASTEOI);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        IrqHandler primary = mock(IrqHandler.class);
        when(primary.handle(irq)).thenReturn(IrqReturn.WAKE_THREAD);
        IrqThreadFn thread = completing(IrqReturn.HANDLED);
        assertEquals(0, k.core.requestThreadedIrq(irq, primary, thread, Set.of(IrqFlag.ONESHOT), "dev", this));
        InOrder startup = inOrder(chip);
        startup.verify(chip).unmask(HW); // irq_startup → irq_enable → unmask_irq

        k.core.cpuLine(0).set(true);
        k.runFor(KernelFixture.us(100));

        InOrder order = inOrder(chip, primary, thread);
        order.verify(chip).mask(HW);
        order.verify(primary).handle(irq);
        order.verify(chip).eoi(HW);
        order.verify(thread).run(eq(irq), any());
        order.verify(chip).unmask(HW);
        verify(chip, times(1)).eoi(HW);
        verify(chip, times(1)).mask(HW);
        verify(chip, times(2)).unmask(HW);
    }

    @Test
    void handleFasteoiIrqOneshotWithEoiThreadedDefersEoiToUnmaskThreadedIrq() {
        mockController(EnumSet.of(ChipFlag.EOI_THREADED), FlowType.FASTEOI);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        IrqHandler primary = mock(IrqHandler.class);
        when(primary.handle(irq)).thenReturn(IrqReturn.WAKE_THREAD);
        IrqThreadFn thread = completing(IrqReturn.HANDLED);
        k.core.requestThreadedIrq(irq, primary, thread, Set.of(IrqFlag.ONESHOT), "dev", this);

        k.core.cpuLine(0).set(true);
        k.runFor(KernelFixture.us(100));

        InOrder order = inOrder(chip, primary, thread);
        order.verify(chip).mask(HW);
        order.verify(primary).handle(irq);
        order.verify(thread).run(eq(irq), any());
        order.verify(chip).eoi(HW);
        order.verify(chip).unmask(HW);
        verify(chip, times(1)).eoi(HW);
    }

    @Test
    void condUnmaskEoiIrqOneshotPrimaryHandledWithoutThreadEoisAndUnmasksAtOnce() {
        mockController(EnumSet.noneOf(ChipFlag.class), FlowType.FASTEOI);
        int irq = k.core.createMapping(HW, Trigger.LEVEL_HIGH);
        IrqHandler primary = mock(IrqHandler.class);
        when(primary.handle(irq)).thenReturn(IrqReturn.HANDLED);
        IrqThreadFn thread = completing(IrqReturn.HANDLED);
        k.core.requestThreadedIrq(irq, primary, thread, Set.of(IrqFlag.ONESHOT), "dev", this);

        k.core.cpuLine(0).set(true);
        k.runFor(KernelFixture.us(100));

        InOrder order = inOrder(chip, primary);
        order.verify(chip).mask(HW);
        order.verify(primary).handle(irq);
        order.verify(chip).eoi(HW);
        order.verify(chip).unmask(HW);
        verify(thread, never()).run(anyInt(), any());
    }

    @Test
    void handleFasteoiIrqWithoutOneshotOnlyEois() {
        List<String> log = new ArrayList<>();
        RecordingController fake = new RecordingController(log);
        KernelFixture f = new KernelFixture(fake);
        int irq = f.core.createMapping(HW, Trigger.LEVEL_HIGH);
        f.core.requestIrq(irq, i -> {
            log.add("primary");
            fake.setLine(HW, false); // the handler services the device
            return IrqReturn.HANDLED;
        }, Set.of(), "dev", this);
        log.clear();
        fake.setLine(HW, true);
        f.runFor(KernelFixture.us(50));
        assertEquals(List.of("ack 40", "primary", "eoi 40"), log);
        assertEquals(List.of(FlowOutcome.HANDLED), f.flows().stream().map(e -> e.outcome()).toList());
        assertEquals("fasteoi", f.flows().get(0).flow());
    }

    @Test
    void handleLevelIrqMasksAndAcksFirstThenUnmasksAfterHandler() {
        List<String> log = new ArrayList<>();
        RecordingController fake = new RecordingController(log);
        fake.levelFlow = FlowType.LEVEL;
        fake.hasAck = true;
        KernelFixture f = new KernelFixture(fake);
        int irq = f.core.createMapping(HW, Trigger.LEVEL_HIGH);
        f.core.requestIrq(irq, i -> {
            log.add("primary");
            fake.setLine(HW, false);
            return IrqReturn.HANDLED;
        }, Set.of(), "dev", this);
        log.clear();
        fake.setLine(HW, true);
        f.runFor(KernelFixture.us(50));
        // mask_ack_irq without irq_mask_ack: mask_irq then irq_ack; cond_unmask_irq afterwards
        assertEquals(List.of("ack 40", "mask 40", "ack_chip 40", "primary", "unmask 40"), log);
        assertEquals("level", f.flows().get(0).flow());
    }

    @Test
    void maskAckIrqUsesIrqMaskAckWhenTheChipHasIt() {
        List<String> log = new ArrayList<>();
        RecordingController fake = new RecordingController(log);
        fake.levelFlow = FlowType.LEVEL;
        fake.hasAck = true;
        fake.hasMaskAck = true;
        KernelFixture f = new KernelFixture(fake);
        int irq = f.core.createMapping(HW, Trigger.LEVEL_HIGH);
        f.core.requestIrq(irq, i -> {
            log.add("primary");
            fake.setLine(HW, false);
            return IrqReturn.HANDLED;
        }, Set.of(), "dev", this);
        log.clear();
        fake.setLine(HW, true);
        f.runFor(KernelFixture.us(50));
        assertEquals(List.of("ack 40", "mask_ack 40", "primary", "unmask 40"), log);
    }

    @Test
    void handleLevelIrqOneshotKeepsTheLineMaskedUntilIrqFinalizeOneshot() {
        List<String> log = new ArrayList<>();
        RecordingController fake = new RecordingController(log);
        fake.levelFlow = FlowType.LEVEL;
        KernelFixture f = new KernelFixture(fake);
        int irq = f.core.createMapping(HW, Trigger.LEVEL_HIGH);
        f.core.requestThreadedIrq(irq, null, (i, done) -> {
            log.add("thread");
            fake.setLine(HW, false);
            done.complete(IrqReturn.HANDLED);
        }, Set.of(IrqFlag.ONESHOT), "dev", this);
        log.clear();
        fake.setLine(HW, true);
        f.runFor(KernelFixture.us(100));
        assertEquals(List.of("ack 40", "mask 40", "ack_chip 40", "thread", "unmask 40"), log);
    }

    @Test
    void handleEdgeIrqAcksThenRunsTheHandlerWithoutMasking() {
        List<String> log = new ArrayList<>();
        RecordingController fake = new RecordingController(log);
        fake.hasAck = true;
        KernelFixture f = new KernelFixture(fake);
        int irq = f.core.createMapping(HW, Trigger.EDGE_RISING);
        f.core.requestIrq(irq, i -> {
            log.add("primary");
            return IrqReturn.HANDLED;
        }, Set.of(), "dev", this);
        log.clear();
        fake.pulse(HW);
        f.runFor(KernelFixture.us(50));
        assertEquals(List.of("ack 40", "ack_chip 40", "primary"), log);
        assertEquals("edge", f.flows().get(0).flow());
        assertEquals(FlowOutcome.HANDLED, f.flows().get(0).outcome());
    }
}
