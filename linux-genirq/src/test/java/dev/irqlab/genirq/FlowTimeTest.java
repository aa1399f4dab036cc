package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Time where the kernel spends it: a flow's chip calls ({@code irq-chip-ops}), then each primary
 * handler ({@code hard-handler}, {@code irq_handler_entry} to {@code irq_handler_exit}), then the rest
 * of the flow; the CPU runs nothing else meanwhile.
 */
class FlowTimeTest {

    private final RecordingController fake = new RecordingController();
    private final KernelFixture k = new KernelFixture(fake, Map.of(GenirqConfig.IRQ_ENTRY, 1_000L,
            GenirqConfig.IRQ_CHIP_OPS, 500L, GenirqConfig.HARD_HANDLER, 2_000L));

    private long spanTime(Class<? extends TraceEvent> kind, String name) {
        return k.harness.trace().all().stream().filter(kind::isInstance)
                .filter(e -> e instanceof TraceEvent.SpanBegin b ? b.name().equals(name)
                        : ((TraceEvent.SpanEnd) e).name().equals(name))
                .mapToLong(TraceEvent::time).findFirst().orElseThrow();
    }

    @Test
    void aHardHandlerStartsAfterTheChipCallsAndReturnsAfterItsRunTime() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        List<Long> ran = new ArrayList<>();
        k.core.requestIrq(irq, i -> {
            ran.add(k.harness.now());
            fake.setLine(40, false);
            return IrqReturn.HANDLED;
        }, Set.of(), "dev", this);
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(20));

        assertEquals(List.of(3_500L), ran, "the handler's body runs at its return: what it does is seen from then on");
        assertEquals(1_000L, spanTime(TraceEvent.SpanBegin.class, "irq 1 handle_fasteoi_irq"));
        assertEquals(1_500L, spanTime(TraceEvent.SpanBegin.class, "irq 1 dev"));
        assertEquals(3_500L, spanTime(TraceEvent.SpanEnd.class, "irq 1 dev"));
        assertEquals(3_500L, spanTime(TraceEvent.SpanEnd.class, "irq 1 handle_fasteoi_irq"));
        assertEquals(3_500L, k.handlerRuns().get(0).time(), "the result is known when the handler returns");
        assertEquals(3_500L, k.flows().get(0).time());
    }

    @Test
    void sharedActionsRunOneAfterTheOtherAndTheEoiFollowsTheLast() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        List<Long> ran = new ArrayList<>();
        k.core.requestIrq(irq, i -> {
            ran.add(k.harness.now());
            return IrqReturn.NONE;
        }, Set.of(IrqFlag.SHARED), "a", "a");
        k.core.requestIrq(irq, i -> {
            ran.add(k.harness.now());
            fake.setLine(40, false);
            return IrqReturn.HANDLED;
        }, Set.of(IrqFlag.SHARED), "b", "b");
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(20));

        assertEquals(List.of(3_500L, 5_500L), ran);
        assertEquals(5_500L, spanTime(TraceEvent.SpanEnd.class, "irq 1 b"));
        assertEquals(List.of(IrqReturn.NONE, IrqReturn.HANDLED),
                k.handlerRuns().stream().map(TraceEvent.HandlerRan::result).toList());
        assertEquals(List.of(3_500L, 5_500L), k.handlerRuns().stream().map(TraceEvent::time).toList());
    }

    @Test
    void workDueOnACpuInAHardHandlerRunsWhenTheFlowEnds() {
        int irq = k.core.createMapping(40, Trigger.LEVEL_HIGH);
        k.core.requestIrq(irq, i -> {
            fake.setLine(40, false);
            return IrqReturn.HANDLED;
        }, Set.of(), "dev", this);
        List<Long> other = new ArrayList<>();
        k.cpus.run(0, 2_000L, "other work", () -> other.add(k.harness.now()));
        fake.setLine(40, true);
        k.runFor(KernelFixture.us(20));

        assertEquals(List.of(3_500L), other, "due at 2 us, the CPU is in the handler until 3.5 us");
    }

    @Test
    void withoutHandlerTimeTheFlowRunsAtTheEntrysInstant() {
        KernelFixture z = new KernelFixture(new RecordingController(), Map.of(GenirqConfig.IRQ_ENTRY, 1_000L));
        RecordingController f = (RecordingController) z.controller;
        int irq = z.core.createMapping(40, Trigger.LEVEL_HIGH);
        z.core.requestIrq(irq, i -> {
            f.setLine(40, false);
            return IrqReturn.HANDLED;
        }, Set.of(), "dev", this);
        f.setLine(40, true);
        z.runFor(KernelFixture.us(20));

        assertEquals(1_000L, z.handlerRuns().get(0).time());
        assertEquals(1_000L, z.flows().get(0).time());
    }
}
