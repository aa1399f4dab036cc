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
 * fields the models pass to the trace's typed methods, with no record built. A string member and the
 * value it had before are copied as one piece ({@link JsonBytes.Member}); the time, as it was on the
 * line before when it has not moved ({@link JsonBytes#repeatedNumber}).
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

    private static final byte[] EVENT = name("event");
    private static final byte[] IRQ = name("irq");
    private static final byte[] EVENTS_SERVED = name("eventsServed");
    private static final byte[] COST_NS = name("costNs");
    private static final byte[] BOOT_TRUE = ",\"boot\":true".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BOOT_FALSE = ",\"boot\":false".getBytes(StandardCharsets.UTF_8);

    // The string members, each with the table of its values' encodings: one set per writer.
    private final JsonBytes.Member component = new JsonBytes.Member("component");
    private final JsonBytes.Member subject = new JsonBytes.Member("subject");
    private final JsonBytes.Member field = new JsonBytes.Member("field");
    private final JsonBytes.Member from = new JsonBytes.Member("from");
    private final JsonBytes.Member to = new JsonBytes.Member("to");
    private final JsonBytes.Member cause = new JsonBytes.Member("cause");
    private final JsonBytes.Member flow = new JsonBytes.Member("flow");
    private final JsonBytes.Member outcome = new JsonBytes.Member("outcome");
    private final JsonBytes.Member action = new JsonBytes.Member("action");
    private final JsonBytes.Member stage = new JsonBytes.Member("stage");
    private final JsonBytes.Member result = new JsonBytes.Member("result");
    private final JsonBytes.Member driver = new JsonBytes.Member("driver");
    private final JsonBytes.Member device = new JsonBytes.Member("device");
    private final JsonBytes.Member detail = new JsonBytes.Member("detail");
    private final JsonBytes.Member track = new JsonBytes.Member("track");
    private final JsonBytes.Member name = new JsonBytes.Member("name");
    private final JsonBytes.Member key = new JsonBytes.Member("key");
    private final JsonBytes.Member text = new JsonBytes.Member("text");


    private final JsonBytes w;

    /** Encodes into {@code w}. */
    TraceEventJson(JsonBytes w) {
        this.w = w;
    }

    // One method per event type, from the event's fields: the writer needs no record. Each appends one
    // complete JSON object (no newline).

    void stateChanged(long time, String component, String subject, String field, String from, String to,
            String cause) {
        begin(STATE_CHANGED, time, component).member(this.subject, subject).member(this.field, field)
            .member(this.from, from).member(this.to, to).member(this.cause, cause).raw('}');
    }

    /** {@link #stateChanged} with {@code from} and {@code to} as decimal strings, written without building them. */
    void counterChanged(long time, String component, String subject, String field, long from, long to,
            String cause) {
        begin(STATE_CHANGED, time, component).member(this.subject, subject).member(this.field, field)
            .raw(this.from.name).raw('"').number(from).raw('"').raw(this.to.name).raw('"').number(to).raw('"')
            .member(this.cause, cause).raw('}');
    }

    void deviceAsserted(long time, String component, long event) {
        begin(DEVICE_ASSERTED, time, component).raw(EVENT).number(event).raw('}');
    }

    void deviceServed(long time, String component, long event) {
        begin(DEVICE_SERVED, time, component).raw(EVENT).number(event).raw('}');
    }

    void irqFlow(long time, String component, int irq, String flow, FlowOutcome outcome) {
        begin(IRQ_FLOW, time, component).raw(IRQ).number(irq).member(this.flow, flow)
            .member(this.outcome, outcome.name()).raw('}');
    }

    void handlerRan(long time, String component, int irq, String action, HandlerStage stage, IrqReturn result) {
        begin(HANDLER_RAN, time, component).raw(IRQ).number(irq).member(this.action, action)
            .member(this.stage, stage.name()).member(this.result, result.name()).raw('}');
    }

    void driverOutcome(long time, String component, String driver, String device, int irq, int eventsServed) {
        begin(DRIVER_OUTCOME, time, component).member(this.driver, driver).member(this.device, device).raw(IRQ)
            .number(irq).raw(EVENTS_SERVED).number(eventsServed).raw('}');
    }

    void vmExit(long time, String component, ExitCause cause, String detail, long costNs, boolean boot) {
        begin(VM_EXIT, time, component).member(this.cause, cause.label()).member(this.detail, detail).raw(COST_NS)
            .number(costNs).raw(boot ? BOOT_TRUE : BOOT_FALSE).raw('}');
    }

    void spanBegin(long time, String component, String track, String name) {
        begin(SPAN_BEGIN, time, component).member(this.track, track).member(this.name, name).raw('}');
    }

    void spanEnd(long time, String component, String track, String name) {
        begin(SPAN_END, time, component).member(this.track, track).member(this.name, name).raw('}');
    }

    void kernelMessage(long time, String component, String key, String text) {
        begin(KERNEL_MESSAGE, time, component).member(this.key, key).member(this.text, text).raw('}');
    }

    private JsonBytes begin(byte[] head, long time, String component) {
        return w.raw(head).repeatedNumber(time).member(this.component, component);
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
