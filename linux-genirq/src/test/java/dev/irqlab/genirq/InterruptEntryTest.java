package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CPU interrupt entry: irq-gic-v3.c {@code gic_handle_irq} / {@code __gic_handle_irq}. */
class InterruptEntryTest {

    @Test
    void theSpuriousIntidIsIgnoredWithoutEoi() {
        IrqChip chip = mock(IrqChip.class);
        when(chip.name()).thenReturn("GICv3");
        doCallRealMethod().when(chip).handleArchIrq(any(), anyInt(), any());
        InterruptController ctl = mock(InterruptController.class);
        when(ctl.chip()).thenReturn(chip);
        when(ctl.acknowledge(0)).thenReturn(InterruptController.SPURIOUS);
        KernelFixture k = new KernelFixture(ctl);
        k.core.cpuLine(0).set(true);
        k.core.cpuLine(0).set(false);
        k.runFor(KernelFixture.us(10));
        verify(ctl, times(1)).acknowledge(0);
        verify(chip, never()).eoi(anyInt());
        assertEquals(FlowOutcome.SPURIOUS_VECTOR, k.flows().get(0).outcome());
    }

    @Test
    void theEntryIsTheOneTheChipDriverInstallsHereTheDefaultThatEoiesAnUnmappedHwirq() {
        List<String> log = new ArrayList<>();
        RecordingController fake = new RecordingController(log);
        KernelFixture k = new KernelFixture(fake);
        fake.queueAck(99);
        k.runFor(KernelFixture.us(10));
        fake.queueAck(99);
        k.runFor(KernelFixture.us(10));
        assertEquals(List.of("ack 99", "eoi 99", "ack 99", "eoi 99"), log);
        assertEquals(List.of(), k.harness.trace().messages("genirq.unexpected_irq"),
                "the messages belong to the architecture's entry (irq-gic-v3.c, arch/x86/kernel/irq.c)");
        assertEquals(FlowOutcome.SPURIOUS_VECTOR, k.flows().get(0).outcome());
    }

    @Test
    void oneEntryPerCpuIsPendingHoweverOftenTheLineIsAsserted() {
        InterruptController ctl = mock(InterruptController.class);
        IrqChip chip = mock(IrqChip.class);
        doCallRealMethod().when(chip).handleArchIrq(any(), anyInt(), any());
        when(ctl.chip()).thenReturn(chip);
        KernelFixture k = new KernelFixture(ctl);
        when(ctl.acknowledge(0)).thenAnswer(inv -> {
            k.core.cpuLine(0).set(false);
            return InterruptController.SPURIOUS;
        });
        k.core.cpuLine(0).set(true);
        k.core.cpuLine(0).set(true);
        k.core.cpuLine(0).set(true);
        k.runFor(KernelFixture.us(10));
        verify(ctl, times(1)).acknowledge(0);
    }

    @Test
    void theEntryAcknowledgesAfterTheIrqEntryLatencyAndReentersWhileTheLineStaysAsserted() {
        RecordingController fake = new RecordingController();
        KernelFixture k = new KernelFixture(fake, Map.of(GenirqConfig.IRQ_ENTRY, 5_000L,
                GenirqConfig.IRQ_CHIP_OPS, 500L, GenirqConfig.HARD_HANDLER, 2_000L));
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        List<Long> times = new ArrayList<>();
        k.core.requestIrq(irq, i -> {
            times.add(k.harness.now());
            if (times.size() == 3) {
                fake.setLine(40, false);
            }
            return IrqReturn.HANDLED;
        }, Set.of(), "dev", this);
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(100));
        // acknowledge at 5 us, the handler from 5.5 us returns at 7.5 us, EOI then; the line is
        // signalled again after the EOI and the next entry comes irq-entry later
        assertEquals(List.of(7_500L, 15_000L, 22_500L), times);
    }

    @Test
    void cpuLineOfAMissingCpuIsRefused() {
        KernelFixture k = new KernelFixture(new RecordingController());
        assertThrows(IllegalArgumentException.class, () -> k.core.cpuLine(1));
    }

    @Test
    void handleFasteoiIrqWithoutAnActionSetsIrqsPendingMasksAndEois() {
        List<String> log = new ArrayList<>();
        RecordingController fake = new RecordingController(log);
        KernelFixture k = new KernelFixture(fake);
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        fake.queueAck(40); // no request_irq yet: the descriptor is still masked, mask_irq is a no-op
        k.runFor(KernelFixture.us(10));
        assertEquals(List.of("ack 40", "eoi 40"), log, "no irq_set_type before the first request (4.11+)");
        assertEquals(FlowOutcome.NO_ACTION, k.flows().get(0).outcome());
        assertEquals(true, k.core.describe(irq).pending());
    }
}
