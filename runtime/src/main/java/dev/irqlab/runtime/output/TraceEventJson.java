package dev.irqlab.runtime.output;

import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import dev.irqlab.api.trace.TraceEvent.DeviceServed;
import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import dev.irqlab.api.trace.TraceEvent.HandlerRan;
import dev.irqlab.api.trace.TraceEvent.IrqFlow;
import dev.irqlab.api.trace.TraceEvent.KernelMessage;
import dev.irqlab.api.trace.TraceEvent.SpanBegin;
import dev.irqlab.api.trace.TraceEvent.SpanEnd;
import dev.irqlab.api.trace.TraceEvent.StateChanged;
import dev.irqlab.api.trace.TraceEvent.VmExit;

/**
 * The JSON form of one trace event: {@code "type"} (the record's simple name) first, then the
 * record's components in declaration order. Enums are written by name, except {@code ExitCause},
 * which is written by its report label ("apic-eoi"), as in scenario files and metric names.
 */
final class TraceEventJson {

    private TraceEventJson() {
    }

    /** The simple type name of {@code e}, as written in {@code "type"}. */
    static String typeName(TraceEvent e) {
        return e.getClass().getSimpleName();
    }

    /** Writes {@code e} as a complete JSON object. */
    static void write(TraceEvent e, JsonWriter w) {
        w.beginObject();
        w.name("type").value(typeName(e));
        w.name("time").value(e.time());
        w.name("component").value(e.component());
        fields(e, w);
        w.endObject();
    }

    /** Writes the members of {@code e} after time and component, into an open object. */
    static void fields(TraceEvent e, JsonWriter w) {
        if (e instanceof StateChanged s) {
            w.name("subject").value(s.subject()).name("field").value(s.field()).name("from").value(s.from())
                .name("to").value(s.to()).name("cause").value(s.cause());
        } else if (e instanceof DeviceAsserted a) {
            w.name("event").value(a.event());
        } else if (e instanceof DeviceServed s) {
            w.name("event").value(s.event());
        } else if (e instanceof IrqFlow f) {
            w.name("irq").value(f.irq()).name("flow").value(f.flow()).name("outcome").value(f.outcome().name());
        } else if (e instanceof HandlerRan h) {
            w.name("irq").value(h.irq()).name("action").value(h.action()).name("stage").value(h.stage().name())
                .name("result").value(h.result().name());
        } else if (e instanceof DriverOutcome d) {
            w.name("driver").value(d.driver()).name("device").value(d.device()).name("irq").value(d.irq())
                .name("eventsServed").value(d.eventsServed());
        } else if (e instanceof VmExit x) {
            w.name("cause").value(x.cause().label()).name("detail").value(x.detail()).name("costNs")
                .value(x.costNs());
        } else if (e instanceof SpanBegin b) {
            w.name("track").value(b.track()).name("name").value(b.name());
        } else if (e instanceof SpanEnd b) {
            w.name("track").value(b.track()).name("name").value(b.name());
        } else if (e instanceof KernelMessage m) {
            w.name("key").value(m.key()).name("text").value(m.text());
        } else {
            throw new IllegalStateException("trace event type without a JSON form: " + typeName(e));
        }
    }
}
