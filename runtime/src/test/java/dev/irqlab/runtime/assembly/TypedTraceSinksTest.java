package dev.irqlab.runtime.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceName;
import dev.irqlab.runtime.metrics.MetricsCollector;
import dev.irqlab.runtime.metrics.MetricsSpec;
import dev.irqlab.runtime.output.FanOut;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sinks on a run's hot path take the models' typed calls as they are: the tap, the fan-out and
 * the JSON Lines writer pass them on or encode them, the metrics count them, and none has a record
 * built on its behalf (a typed method it did not override would build one).
 */
class TypedTraceSinksTest {

    /**
     * The typed methods that take a handle: those by text resolve the handles and call them, as a
     * message by its key's text does its key.
     */
    private static List<Method> typedMethods() {
        return Stream.of(Trace.class.getDeclaredMethods())
            .filter(m -> m.isDefault() && Stream.of(m.getParameterTypes())
                .anyMatch(p -> p == TraceName.class || p == StateKey.class || p == MessageKey.class))
            .filter(m -> !m.getName().endsWith("Key"))
            .filter(m -> !(m.getName().equals("kernelMessage") && m.getParameterTypes()[1] == TraceName.class))
            .toList();
    }

    @Test
    void everyHotPathSinkOverridesEveryTypedMethod() throws NoSuchMethodException {
        assertEquals(11, typedMethods().size(), "a typed method per event type, and the counter's");
        for (Class<?> sink : List.of(MetricsTap.class, FanOut.class, JsonlTraceWriter.class, MetricsCollector.class)) {
            for (Method m : typedMethods()) {
                assertEquals(sink, sink.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass(),
                    sink.getSimpleName() + "." + m.getName());
            }
        }
    }

    /** The run's trace numbers each name once, and the collector answers the same numbering. */
    @Test
    @SuppressWarnings("ReferenceEquality") // the same handle object, not an equal one
    void theTapNumbersNamesAndKeysOnceForTheRun() {
        MetricsTap tap = new MetricsTap(Trace.discard());
        TraceName host = tap.name("host");
        TraceName guest = tap.name("guest");
        assertEquals(List.of(0, 1), List.of(host.id(), guest.id()));
        assertTrue(tap.name("host") == host);
        StateKey masked = tap.stateKey(host, "irq 1", "masked");
        assertTrue(tap.stateKey(host, "irq 1", "masked") == masked);
        assertEquals(1, tap.stateKey(guest, "irq 1", "masked").id());
        MessageKey cared = tap.messageKey(guest, "genirq.nobody_cared");
        assertTrue(tap.messageKey(guest, "genirq.nobody_cared") == cared);
        assertEquals(List.of(0, 1), List.of(cared.id(), tap.messageKey(host, "genirq.nobody_cared").id()));
        MetricsCollector metrics = new MetricsCollector(
            new MetricsSpec(Set.of("guest"), Set.of("host"), Map.of(), Map.of(), List.of(), 1), tap.names());
        assertTrue(metrics.name("guest") == guest);
    }

    /** Logs typed calls of two kinds and records. */
    private static final class Log implements Trace {
        final List<String> calls;
        final String name;

        Log(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        @Override
        public void emit(TraceEvent event) {
            calls.add(name + " record " + event.getClass().getSimpleName() + " " + event.time());
        }

        @Override
        public void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs,
                boolean boot) {
            calls.add(name + " vmExit " + time);
        }

        @Override
        public void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
            calls.add(name + " irqFlow " + time);
        }
    }

    @Test
    void theTapHoldsTypedCallsUntilTheCollectorExistsThenPassesThemToBoth() {
        List<String> calls = new ArrayList<>();
        MetricsTap tap = new MetricsTap(new Log("out", calls));
        tap.vmExit(1, "vm0.vcpu0", ExitCause.MMIO, "GICD_CTLR", 100, true);
        tap.deviceAsserted(2, "dev", 1);
        tap.attach(new Log("metrics", calls));
        tap.irqFlow(3, "guest", 33, "handle_fasteoi_irq", FlowOutcome.HANDLED);
        assertEquals(List.of("out vmExit 1", "out record DeviceAsserted 2", // typed calls to the output
            "metrics vmExit 1", "metrics record DeviceAsserted 2", // held, replayed as the same calls at attach
            "metrics irqFlow 3", "out irqFlow 3"), calls); // then typed to both
    }

    /**
     * A tap whose collector reads no detail hands the models its writer for their detail calls; one
     * whose collector may read it, itself; with no writer, none.
     */
    @Test
    @SuppressWarnings("ReferenceEquality") // the writer object itself
    void theModelsDetailGoesToTheWriterWhenTheCollectorReadsNone() {
        List<String> calls = new ArrayList<>();
        Log out = new Log("out", calls);
        assertTrue(new MetricsTap(out, false).detailTrace() == out);
        MetricsTap mayRead = new MetricsTap(out, true);
        assertTrue(mayRead.detailTrace() == mayRead);
        assertNull(new MetricsTap(Trace.discard(), false).detailTrace());
        MetricsTap none = new MetricsTap(out, false);
        assertThrows(IllegalArgumentException.class, () -> none.attach(out), "a collector that reads detail");
    }

    /** Held detail reaches the collector only if it reads detail, as detail after the attachment does. */
    @Test
    void heldDetailIsReplayedAsTheCollectorAnswersWantsDetail() {
        for (boolean wants : List.of(false, true)) {
            List<TraceEvent> got = new ArrayList<>();
            MetricsTap tap = new MetricsTap(Trace.discard());
            TraceName guest = tap.name("guest");
            tap.stateChanged(1, tap.stateKey(guest, "irq 33", "masked"), "0", "1", "mask_irq");
            tap.spanBegin(2, guest, "guest cpu0", "irq 33");
            tap.counterChanged(3, tap.stateKey(guest, "irq 33", "irq_count"), 0, 1, "note_interrupt");
            tap.attach(new Trace() {
                @Override
                public void emit(TraceEvent event) {
                    got.add(event);
                }

                @Override
                public boolean wantsDetail() {
                    return wants;
                }
            });
            List<TraceEvent> counter = List.of(
                new TraceEvent.StateChanged(3, "guest", "irq 33", "irq_count", "0", "1", "note_interrupt"));
            assertEquals(wants ? List.of(
                new TraceEvent.StateChanged(1, "guest", "irq 33", "masked", "0", "1", "mask_irq"),
                new TraceEvent.SpanBegin(2, "guest", "guest cpu0", "irq 33"), counter.get(0)) : counter, got);
        }
    }

    @Test
    void theFanOutPassesATypedCallToEachTargetAsATypedCall() {
        List<String> calls = new ArrayList<>();
        FanOut fan = FanOut.of(new Log("a", calls), new Log("b", calls));
        fan.vmExit(1, "vm0.vcpu0", ExitCause.MMIO, "x", 100, false);
        fan.deviceServed(2, "dev", 1);
        assertEquals(List.of("a vmExit 1", "b vmExit 1", "a record DeviceServed 2", "b record DeviceServed 2"), calls);
    }
}
