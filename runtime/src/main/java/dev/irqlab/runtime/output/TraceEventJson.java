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
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of one trace event, encoded straight to bytes: {@code "type"} (the record's simple
 * name) first, then {@code "time"}, {@code "component"} and the record's other components in
 * declaration order, no whitespace. Enums are written by name, except {@code ExitCause}, which is
 * written by its report label ("apic-eoi"), as in scenario files and metric names. The constant
 * parts of each line (type, member names, punctuation) are encoded once.
 */
final class TraceEventJson {

    private static final byte[] STATE_CHANGED = head("StateChanged");
    private static final byte[] DEVICE_ASSERTED = head("DeviceAsserted");
    private static final byte[] DEVICE_SERVED = head("DeviceServed");
    private static final byte[] IRQ_FLOW = head("IrqFlow");
    private static final byte[] HANDLER_RAN = head("HandlerRan");
    private static final byte[] DRIVER_OUTCOME = head("DriverOutcome");
    private static final byte[] VM_EXIT = head("VmExit");
    private static final byte[] SPAN_BEGIN = head("SpanBegin");
    private static final byte[] SPAN_END = head("SpanEnd");
    private static final byte[] KERNEL_MESSAGE = head("KernelMessage");

    private static final byte[] COMPONENT = name("component");
    private static final byte[] SUBJECT = name("subject");
    private static final byte[] FIELD = name("field");
    private static final byte[] FROM = name("from");
    private static final byte[] TO = name("to");
    private static final byte[] CAUSE = name("cause");
    private static final byte[] EVENT = name("event");
    private static final byte[] IRQ = name("irq");
    private static final byte[] FLOW = name("flow");
    private static final byte[] OUTCOME = name("outcome");
    private static final byte[] ACTION = name("action");
    private static final byte[] STAGE = name("stage");
    private static final byte[] RESULT = name("result");
    private static final byte[] DRIVER = name("driver");
    private static final byte[] DEVICE = name("device");
    private static final byte[] EVENTS_SERVED = name("eventsServed");
    private static final byte[] DETAIL = name("detail");
    private static final byte[] COST_NS = name("costNs");
    private static final byte[] BOOT = name("boot");
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TRACK = name("track");
    private static final byte[] NAME = name("name");
    private static final byte[] KEY = name("key");
    private static final byte[] TEXT = name("text");

    private TraceEventJson() {
    }

    /** Appends {@code e} as one complete JSON object (no newline). */
    static void write(TraceEvent e, JsonBytes w) {
        if (e instanceof StateChanged s) {
            begin(STATE_CHANGED, e, w);
            w.raw(SUBJECT).string(s.subject()).raw(FIELD).string(s.field()).raw(FROM).string(s.from())
                .raw(TO).string(s.to()).raw(CAUSE).string(s.cause());
        } else if (e instanceof DeviceAsserted a) {
            begin(DEVICE_ASSERTED, e, w);
            w.raw(EVENT).number(a.event());
        } else if (e instanceof DeviceServed s) {
            begin(DEVICE_SERVED, e, w);
            w.raw(EVENT).number(s.event());
        } else if (e instanceof IrqFlow f) {
            begin(IRQ_FLOW, e, w);
            w.raw(IRQ).number(f.irq()).raw(FLOW).string(f.flow()).raw(OUTCOME).string(f.outcome().name());
        } else if (e instanceof HandlerRan h) {
            begin(HANDLER_RAN, e, w);
            w.raw(IRQ).number(h.irq()).raw(ACTION).string(h.action()).raw(STAGE).string(h.stage().name())
                .raw(RESULT).string(h.result().name());
        } else if (e instanceof DriverOutcome d) {
            begin(DRIVER_OUTCOME, e, w);
            w.raw(DRIVER).string(d.driver()).raw(DEVICE).string(d.device()).raw(IRQ).number(d.irq())
                .raw(EVENTS_SERVED).number(d.eventsServed());
        } else if (e instanceof VmExit x) {
            begin(VM_EXIT, e, w);
            w.raw(CAUSE).string(x.cause().label()).raw(DETAIL).string(x.detail()).raw(COST_NS).number(x.costNs())
                .raw(BOOT).raw(x.boot() ? TRUE : FALSE);
        } else if (e instanceof SpanBegin b) {
            begin(SPAN_BEGIN, e, w);
            w.raw(TRACK).string(b.track()).raw(NAME).string(b.name());
        } else if (e instanceof SpanEnd b) {
            begin(SPAN_END, e, w);
            w.raw(TRACK).string(b.track()).raw(NAME).string(b.name());
        } else if (e instanceof KernelMessage m) {
            begin(KERNEL_MESSAGE, e, w);
            w.raw(KEY).string(m.key()).raw(TEXT).string(m.text());
        } else {
            throw new IllegalStateException("trace event type without a JSON form: " + e.getClass().getSimpleName());
        }
        w.raw('}');
    }

    private static void begin(byte[] head, TraceEvent e, JsonBytes w) {
        w.raw(head).number(e.time()).raw(COMPONENT).string(e.component());
    }

    /** The opening of a line of type T: a brace, then the type and time members up to the time value. */
    private static byte[] head(String type) {
        return ("{\"type\":" + Json.quote(type) + ",\"time\":").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code ,"n":} for member n. */
    private static byte[] name(String member) {
        return ("," + Json.quote(member) + ":").getBytes(StandardCharsets.UTF_8);
    }
}
