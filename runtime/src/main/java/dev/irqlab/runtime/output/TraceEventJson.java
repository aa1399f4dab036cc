package dev.irqlab.runtime.output;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of one trace event, encoded straight to bytes: {@code "type"} (the record's simple
 * name) first, then {@code "time"}, {@code "component"} and the record's other components in
 * declaration order, no whitespace. Enums are written by name, except {@code ExitCause}, which is
 * written by its report label ("apic-eoi"), as in scenario files and metric names. The constant
 * parts of each line (type, member names, punctuation) are encoded once; the rest is encoded from the
 * fields the models pass to the trace's typed methods, with no record built.
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

    // One method per event type, from the event's fields: the writer needs no record. Each appends one
    // complete JSON object (no newline).

    static void stateChanged(JsonBytes w, long time, String component, String subject, String field, String from,
            String to, String cause) {
        begin(w, STATE_CHANGED, time, component).raw(SUBJECT).string(subject).raw(FIELD).string(field).raw(FROM)
            .string(from).raw(TO).string(to).raw(CAUSE).string(cause).raw('}');
    }

    /** {@link #stateChanged} with {@code from} and {@code to} as decimal strings, written without building them. */
    static void counterChanged(JsonBytes w, long time, String component, String subject, String field, long from,
            long to, String cause) {
        begin(w, STATE_CHANGED, time, component).raw(SUBJECT).string(subject).raw(FIELD).string(field).raw(FROM)
            .raw('"').number(from).raw('"').raw(TO).raw('"').number(to).raw('"').raw(CAUSE).string(cause).raw('}');
    }

    static void deviceAsserted(JsonBytes w, long time, String component, long event) {
        begin(w, DEVICE_ASSERTED, time, component).raw(EVENT).number(event).raw('}');
    }

    static void deviceServed(JsonBytes w, long time, String component, long event) {
        begin(w, DEVICE_SERVED, time, component).raw(EVENT).number(event).raw('}');
    }

    static void irqFlow(JsonBytes w, long time, String component, int irq, String flow, FlowOutcome outcome) {
        begin(w, IRQ_FLOW, time, component).raw(IRQ).number(irq).raw(FLOW).string(flow).raw(OUTCOME)
            .string(outcome.name()).raw('}');
    }

    static void handlerRan(JsonBytes w, long time, String component, int irq, String action, HandlerStage stage,
            IrqReturn result) {
        begin(w, HANDLER_RAN, time, component).raw(IRQ).number(irq).raw(ACTION).string(action).raw(STAGE)
            .string(stage.name()).raw(RESULT).string(result.name()).raw('}');
    }

    static void driverOutcome(JsonBytes w, long time, String component, String driver, String device, int irq,
            int eventsServed) {
        begin(w, DRIVER_OUTCOME, time, component).raw(DRIVER).string(driver).raw(DEVICE).string(device).raw(IRQ)
            .number(irq).raw(EVENTS_SERVED).number(eventsServed).raw('}');
    }

    static void vmExit(JsonBytes w, long time, String component, ExitCause cause, String detail, long costNs,
            boolean boot) {
        begin(w, VM_EXIT, time, component).raw(CAUSE).string(cause.label()).raw(DETAIL).string(detail).raw(COST_NS)
            .number(costNs).raw(BOOT).raw(boot ? TRUE : FALSE).raw('}');
    }

    static void spanBegin(JsonBytes w, long time, String component, String track, String name) {
        begin(w, SPAN_BEGIN, time, component).raw(TRACK).string(track).raw(NAME).string(name).raw('}');
    }

    static void spanEnd(JsonBytes w, long time, String component, String track, String name) {
        begin(w, SPAN_END, time, component).raw(TRACK).string(track).raw(NAME).string(name).raw('}');
    }

    static void kernelMessage(JsonBytes w, long time, String component, String key, String text) {
        begin(w, KERNEL_MESSAGE, time, component).raw(KEY).string(key).raw(TEXT).string(text).raw('}');
    }

    private static JsonBytes begin(JsonBytes w, byte[] head, long time, String component) {
        return w.raw(head).number(time).raw(COMPONENT).string(component);
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
