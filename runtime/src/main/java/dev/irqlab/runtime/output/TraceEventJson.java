package dev.irqlab.runtime.output;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.TraceName;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of one trace event, encoded straight to bytes: {@code "type"} (the record's simple
 * name) first, then {@code "time"}, {@code "component"} and the record's other components in
 * declaration order, no whitespace. Enums are written by name, except {@code ExitCause}, which is
 * written by its report label ("apic-eoi"), as in scenario files and metric names. The constant
 * parts of each line (type, member names, punctuation) are encoded once; the rest is encoded from the
 * fields the models pass to the trace's typed methods, with no record built. Each line ends with its
 * newline. A line whose arguments came before is the whole line as it was written then, copied in one
 * piece, with the new time's digits written over the old ({@link JsonBytes#line}), found by the
 * handle of its fixed part — its {@link StateKey}, or its component's {@link TraceName} — and the
 * identity of its other strings ({@link HandleLines}); a state change kept but for its cause (one
 * built per event) is the kept line up to its cause, then the cause; in other lines, a string member and the value
 * it had before are copied as one piece ({@link JsonBytes.Member}). The time is copied from the line before when it has
 * not moved ({@link JsonBytes#repeatedNumber}).
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
    /** The end of an object and of its line. */
    private static final byte[] CLOSE = {'}', '\n'};
    /** Between a counter's two values: {@code ","to":"}. */
    private static final byte[] COUNTER_TO = "\",\"to\":\"".getBytes(StandardCharsets.UTF_8);

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
    // The kinds of line in the table: one per shape of key.
    private static final int STATE = 0;
    private static final int COUNTER = 1;
    private static final int FLOW = 2;
    private static final int HANDLER = 3;
    private static final int DRIVER = 4;
    private static final int EXIT = 5;
    private static final int BEGIN = 6;
    private static final int END = 7;
    /** The lines written before, by kind and the handle of their fixed part. */
    private final HandleLines lines = new HandleLines(8);

    private final JsonBytes w;

    /** Encodes into {@code w}. */
    TraceEventJson(JsonBytes w) {
        this.w = w;
    }

    // One method per event type, from the event's fields: the writer needs no record. Each appends one
    // line, a complete JSON object and its newline: from the lines of its handle when the same arguments
    // came before, else member by member.

    void stateChanged(long time, StateKey k, String from, String to, String cause) {
        if (predicted(STATE, k, from, to, cause, 0, 0, time)) {
            return;
        }
        int id = k.id();
        HandleLines.Line l = lines.find(STATE, k, id, from, to, cause, 0, 0);
        if (l != null) {
            lines.write(l, time, w);
            return;
        }
        HandleLines.Line like = lines.like(STATE, k, id, from, to);
        if (like != null) {
            // the same change for another cause (one built per event): the kept line up to its cause
            int start = begin(STATE_CHANGED, time);
            w.raw(like.bytes, 0, like.split).raw(this.cause.name).string(cause).raw(CLOSE);
            if (lines.again(STATE, k, id, cause)) {
                lines.keep(STATE, k, id, from, to, cause, 0, 0, STATE_CHANGED, w.copy(start, w.size()), like.split);
            }
            return;
        }
        int start = begin(STATE_CHANGED, time);
        w.member(this.component, k.component().text()).member(this.subject, k.subject()).member(this.field, k.field())
            .member(this.from, from).member(this.to, to);
        int causeAt = w.size() - start;
        w.member(this.cause, cause).raw(CLOSE);
        lines.keep(STATE, k, id, from, to, cause, 0, 0, STATE_CHANGED, w.copy(start, w.size()), causeAt);
    }

    /**
     * {@link #stateChanged} with {@code from} and {@code to} as decimal strings, written without building
     * them: the kept line of the key and cause has its hole where they go.
     */
    void counterChanged(long time, StateKey k, long from, long to, String cause) {
        HandleLines.Line l = lines.predicted();
        if (l != null && l.is(COUNTER, k, cause, null, null, 0, 0)) {
            lines.followPredicted(l);
        } else {
            l = lines.find(COUNTER, k, k.id(), cause, null, null, 0, 0);
        }
        if (l != null) {
            w.raw(STATE_CHANGED).repeatedNumber(time).raw(l.bytes, 0, l.split).number(from).raw(COUNTER_TO)
                .number(to).raw(l.bytes, l.split, l.bytes.length);
            return;
        }
        int start = begin(STATE_CHANGED, time);
        w.member(this.component, k.component().text()).member(this.subject, k.subject()).member(this.field, k.field())
            .raw(this.from.name).raw('"');
        int split = w.size();
        w.number(from).raw(COUNTER_TO).number(to);
        int suffix = w.size();
        w.raw('"').member(this.cause, cause).raw(CLOSE);
        lines.keep(COUNTER, k, k.id(), cause, null, null, 0, 0, STATE_CHANGED, w.copy(start, split, suffix, w.size()),
            split - start);
    }

    void deviceAsserted(long time, TraceName component, long event) {
        w.raw(DEVICE_ASSERTED).repeatedNumber(time).member(this.component, component.text()).raw(EVENT)
            .number(event).raw(CLOSE);
    }

    void deviceServed(long time, TraceName component, long event) {
        w.raw(DEVICE_SERVED).repeatedNumber(time).member(this.component, component.text()).raw(EVENT)
            .number(event).raw(CLOSE);
    }

    void irqFlow(long time, TraceName c, int irq, String flow, FlowOutcome outcome) {
        String outcomeName = outcome.name();
        if (predicted(FLOW, c, flow, outcomeName, null, irq, 0, time)) {
            return;
        }
        HandleLines.Line l = lines.find(FLOW, c, c.id(), flow, outcomeName, null, irq, 0);
        if (l != null) {
            lines.write(l, time, w);
            return;
        }
        int start = begin(IRQ_FLOW, time);
        w.member(this.component, c.text()).raw(IRQ).number(irq).member(this.flow, flow)
            .member(this.outcome, outcomeName).raw(CLOSE);
        lines.keep(FLOW, c, c.id(), flow, outcomeName, null, irq, 0, IRQ_FLOW, w.copy(start, w.size()), 0);
    }

    void handlerRan(long time, TraceName c, int irq, String action, HandlerStage stage, IrqReturn result) {
        String stageName = stage.name();
        String resultName = result.name();
        if (predicted(HANDLER, c, action, stageName, resultName, irq, 0, time)) {
            return;
        }
        HandleLines.Line l = lines.find(HANDLER, c, c.id(), action, stageName, resultName, irq, 0);
        if (l != null) {
            lines.write(l, time, w);
            return;
        }
        int start = begin(HANDLER_RAN, time);
        w.member(this.component, c.text()).raw(IRQ).number(irq).member(this.action, action)
            .member(this.stage, stageName).member(this.result, resultName).raw(CLOSE);
        lines.keep(HANDLER, c, c.id(), action, stageName, resultName, irq, 0, HANDLER_RAN, w.copy(start, w.size()), 0);
    }

    void driverOutcome(long time, TraceName c, TraceName driver, TraceName device, int irq, int eventsServed) {
        String driverText = driver.text();
        String deviceText = device.text();
        if (predicted(DRIVER, c, driverText, deviceText, null, irq, eventsServed, time)) {
            return;
        }
        HandleLines.Line l = lines.find(DRIVER, c, c.id(), driverText, deviceText, null, irq, eventsServed);
        if (l != null) {
            lines.write(l, time, w);
            return;
        }
        int start = begin(DRIVER_OUTCOME, time);
        w.member(this.component, c.text()).member(this.driver, driverText).member(this.device, deviceText)
            .raw(IRQ).number(irq).raw(EVENTS_SERVED).number(eventsServed).raw(CLOSE);
        lines.keep(DRIVER, c, c.id(), driverText, deviceText, null, irq, eventsServed, DRIVER_OUTCOME,
            w.copy(start, w.size()), 0);
    }

    void vmExit(long time, TraceName c, ExitCause cause, String detail, long costNs, boolean boot) {
        String label = cause.label();
        if (predicted(EXIT, c, label, detail, null, costNs, boot ? 1 : 0, time)) {
            return;
        }
        HandleLines.Line l = lines.find(EXIT, c, c.id(), label, detail, null, costNs, boot ? 1 : 0);
        if (l != null) {
            lines.write(l, time, w);
            return;
        }
        int start = begin(VM_EXIT, time);
        w.member(this.component, c.text()).member(this.cause, label).member(this.detail, detail).raw(COST_NS)
            .number(costNs).raw(boot ? BOOT_TRUE : BOOT_FALSE).raw(CLOSE);
        lines.keep(EXIT, c, c.id(), label, detail, null, costNs, boot ? 1 : 0, VM_EXIT, w.copy(start, w.size()), 0);
    }

    void spanBegin(long time, TraceName c, String track, String name) {
        span(BEGIN, SPAN_BEGIN, time, c, track, name);
    }

    void spanEnd(long time, TraceName c, String track, String name) {
        span(END, SPAN_END, time, c, track, name);
    }

    private void span(int kind, byte[] head, long time, TraceName c, String track, String name) {
        if (predicted(kind, c, track, name, null, 0, 0, time)) {
            return;
        }
        HandleLines.Line l = lines.find(kind, c, c.id(), track, name, null, 0, 0);
        if (l != null) {
            lines.write(l, time, w);
            return;
        }
        int start = begin(head, time);
        w.member(this.component, c.text()).member(this.track, track).member(this.name, name).raw(CLOSE);
        lines.keep(kind, c, c.id(), track, name, null, 0, 0, head, w.copy(start, w.size()), 0);
    }

    /** Member by member: a kernel message is rare, and its text often built for it. */
    void kernelMessage(long time, MessageKey k, String text) {
        begin(KERNEL_MESSAGE, time);
        w.member(this.component, k.component().text()).member(this.key, k.key()).member(this.text, text).raw(CLOSE);
    }

    /**
     * Whether the line the table predicts ({@link HandleLines#predicted}) is the one of these parts, by
     * identity; then it is written, at {@code time}.
     */
    private boolean predicted(int kind, Object handle, String a, String b, String c, long n0, long n1, long time) {
        HandleLines.Line l = lines.predicted();
        if (l != null && l.is(kind, handle, a, b, c, n0, n1)) {
            lines.writePredicted(l, time, w);
            return true;
        }
        return false;
    }

    /** The opening and time of a line whose tail is encoded next; returns where the tail starts. */
    private int begin(byte[] head, long time) {
        w.raw(head).repeatedNumber(time);
        return w.size();
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
