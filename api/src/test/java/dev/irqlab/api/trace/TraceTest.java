package dev.irqlab.api.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The typed methods and the records are one event: a typed call to a sink that only implements
 * {@link Trace#emit} arrives as the record, and {@link Trace#dispatch} turns a record back into the
 * typed call with the same fields.
 */
class TraceTest {

    /** One event of every type, with fields that differ from each other. */
    private static List<TraceEvent> oneOfEach() {
        return List.of(
            new TraceEvent.StateChanged(1, "host", "irq 40 (hwirq 40)", "masked", "0", "1", "mask_irq"),
            new TraceEvent.DeviceAsserted(2, "dev", 7),
            new TraceEvent.DeviceServed(3, "dev", 7),
            new TraceEvent.IrqFlow(4, "guest", 33, "handle_fasteoi_irq", FlowOutcome.DISABLED_PENDING),
            new TraceEvent.HandlerRan(5, "guest", 33, "drv", HandlerStage.THREAD, IrqReturn.WAKE_THREAD),
            new TraceEvent.DriverOutcome(6, "guest", "drv", "dev", 33, 2),
            new TraceEvent.VmExit(7, "vm0.vcpu1", ExitCause.APIC_EOI, "vector 0x21", 1_500, true),
            new TraceEvent.SpanBegin(8, "guest", "guest cpu0", "irq 33"),
            new TraceEvent.SpanEnd(9, "guest", "guest cpu0", "irq 33"),
            new TraceEvent.KernelMessage(10, "guest", "genirq.nobody_cared", "irq 33: nobody cared"));
    }

    @Test
    void theSampleHasEveryEventType() {
        Set<String> permitted = Stream.of(TraceEvent.class.getPermittedSubclasses()).map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));
        Set<String> sampled = oneOfEach().stream().map(e -> e.getClass().getSimpleName())
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(permitted, sampled);
    }

    @Test
    void aRecordDispatchedToARecordSinkArrivesAsAnEqualRecord() {
        List<TraceEvent> got = new ArrayList<>();
        Trace records = got::add;
        oneOfEach().forEach(e -> Trace.dispatch(e, records));
        assertEquals(oneOfEach(), got);
    }

    @Test
    void dispatchCallsTheTypedMethodOfTheRecordsType() {
        List<String> calls = new ArrayList<>();
        Trace typed = new Trace() {
            @Override
            public void emit(TraceEvent event) {
                calls.add("emit " + event);
            }

            @Override
            public void vmExit(long time, String component, ExitCause cause, String detail, long costNs,
                    boolean boot) {
                calls.add("vmExit " + time + " " + component + " " + cause + " " + detail + " " + costNs + " " + boot);
            }

            @Override
            public void irqFlow(long time, String component, int irq, String flow, FlowOutcome outcome) {
                calls.add("irqFlow " + time + " " + component + " " + irq + " " + flow + " " + outcome);
            }

            @Override
            public void kernelMessage(long time, MessageKey key, String text) {
                calls.add("kernelMessage " + time + " " + key.component().text() + " " + key.key() + " " + text);
            }
        };
        Trace.dispatch(new TraceEvent.VmExit(7, "vm0.vcpu1", ExitCause.APIC_EOI, "vector 0x21", 1_500, true), typed);
        Trace.dispatch(new TraceEvent.IrqFlow(4, "guest", 33, "handle_fasteoi_irq", FlowOutcome.HANDLED), typed);
        Trace.dispatch(new TraceEvent.DeviceAsserted(2, "dev", 7), typed);
        Trace.dispatch(new TraceEvent.KernelMessage(10, "guest", "genirq.nobody_cared", "irq 33"), typed);
        assertEquals(List.of("vmExit 7 vm0.vcpu1 APIC_EOI vector 0x21 1500 true",
            "irqFlow 4 guest 33 handle_fasteoi_irq HANDLED",
            "emit DeviceAsserted[time=2, component=dev, event=7]",
            "kernelMessage 10 guest genirq.nobody_cared irq 33"), calls);
    }

    @Test
    void aCounterChangeIsAStateChangeWithItsValuesInDecimal() {
        List<TraceEvent> got = new ArrayList<>();
        Trace records = got::add;
        records.counterChanged(5, "guest", "irq 33 (pin 16)", "irq_count", 99_999, 0, "note_interrupt");
        records.counterChanged(6, "guest", "irq 33 (pin 16)", "x", -1, Long.MIN_VALUE, "c");
        assertEquals(List.of(
            new TraceEvent.StateChanged(5, "guest", "irq 33 (pin 16)", "irq_count", "99999", "0", "note_interrupt"),
            new TraceEvent.StateChanged(6, "guest", "irq 33 (pin 16)", "x", "-1", "-9223372036854775808", "c")), got);
    }

    /**
     * The typed methods of {@link Trace} a sink overrides: its default methods that take a handle (those by
     * text resolve the handles and call them, as a message by its key's text does its key).
     */
    static List<java.lang.reflect.Method> typedMethods() {
        return Stream.of(Trace.class.getDeclaredMethods())
            .filter(m -> m.isDefault() && !m.getName().endsWith("Key") && Stream.of(m.getParameterTypes())
                .anyMatch(p -> p == TraceName.class || p == StateKey.class || p == MessageKey.class))
            .filter(m -> !(m.getName().equals("kernelMessage") && m.getParameterTypes()[1] == TraceName.class))
            .toList();
    }

    @Test
    void discardOverridesEveryTypedMethodSoThatItBuildsNoRecord() throws NoSuchMethodException {
        assertEquals(11, typedMethods().size(), "one typed method per event type, and the counter change");
        for (java.lang.reflect.Method m : typedMethods()) {
            assertEquals(Trace.Discard.class, Trace.Discard.class.getMethod(m.getName(), m.getParameterTypes())
                .getDeclaringClass(), m.getName());
        }
        assertTrue(!Trace.discard().wantsDetail());
    }
}
