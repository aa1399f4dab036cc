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
 * fields the models pass to the trace's typed methods, with no record built. Each line ends with its
 * newline. A line whose arguments came before is the whole line as it was written then, copied in one
 * piece, with the new time's digits written over the old ({@link LineTails}, {@link JsonBytes#line});
 * in other lines, a string member and the value it had before are
 * copied as one piece ({@link JsonBytes.Member}). The time is copied from the line before when it has
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

    // The kinds of line in the table of tails: one per shape of key.
    private static final int STATE = 0;
    private static final int COUNTER = 1;
    private static final int FLOW = 2;
    private static final int HANDLER = 3;
    private static final int DRIVER = 4;
    private static final int EXIT = 5;
    private static final int BEGIN = 6;
    private static final int END = 7;
    private static final int MESSAGE = 8;

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
    /** The tails of lines written before, keyed by type and arguments. */
    private final LineTails tails = new LineTails();

    private final JsonBytes w;

    /** Encodes into {@code w}. */
    TraceEventJson(JsonBytes w) {
        this.w = w;
    }

    // One method per event type, from the event's fields: the writer needs no record. Each appends one
    // line, a complete JSON object and its newline: from the table of tails when the same arguments came
    // before, else member by member.

    void stateChanged(long time, String component, String subject, String field, String from, String to,
            String cause) {
        if (!fromTable(time, STATE, component, subject, field, from, to, cause, 0, 0)) {
            int start = begin(STATE_CHANGED, time);
            w.member(this.component, component).member(this.subject, subject).member(this.field, field)
                .member(this.from, from).member(this.to, to).member(this.cause, cause).raw(CLOSE);
            keep(STATE_CHANGED, start);
        }
    }

    /**
     * {@link #stateChanged} with {@code from} and {@code to} as decimal strings, written without building
     * them: the tail of the key without the numbers has its hole where they go.
     */
    void counterChanged(long time, String component, String subject, String field, long from, long to,
            String cause) {
        LineTails.Tail t = tails.find(COUNTER, component, subject, field, cause, null, null, 0, 0);
        if (t != null) {
            w.raw(STATE_CHANGED).repeatedNumber(time).raw(t.bytes, 0, t.split).number(from).raw(COUNTER_TO)
                .number(to).raw(t.bytes, t.split, t.bytes.length);
            return;
        }
        int start = begin(STATE_CHANGED, time);
        w.member(this.component, component).member(this.subject, subject).member(this.field, field)
            .raw(this.from.name).raw('"');
        int split = w.size();
        w.number(from).raw(COUNTER_TO).number(to);
        int suffix = w.size();
        w.raw('"').member(this.cause, cause).raw(CLOSE);
        int keep = tails.admit();
        if (keep >= 0) {
            tails.keep(keep, STATE_CHANGED, w.copy(start, split, suffix, w.size()), split - start);
        }
    }

    void deviceAsserted(long time, String component, long event) {
        w.raw(DEVICE_ASSERTED).repeatedNumber(time).member(this.component, component).raw(EVENT).number(event)
            .raw(CLOSE);
    }

    void deviceServed(long time, String component, long event) {
        w.raw(DEVICE_SERVED).repeatedNumber(time).member(this.component, component).raw(EVENT).number(event)
            .raw(CLOSE);
    }

    void irqFlow(long time, String component, int irq, String flow, FlowOutcome outcome) {
        String outcomeName = outcome.name();
        if (!fromTable(time, FLOW, component, flow, outcomeName, null, null, null, irq, 0)) {
            int start = begin(IRQ_FLOW, time);
            w.member(this.component, component).raw(IRQ).number(irq).member(this.flow, flow)
                .member(this.outcome, outcomeName).raw(CLOSE);
            keep(IRQ_FLOW, start);
        }
    }

    void handlerRan(long time, String component, int irq, String action, HandlerStage stage, IrqReturn result) {
        String stageName = stage.name();
        String resultName = result.name();
        if (!fromTable(time, HANDLER, component, action, stageName, resultName, null, null, irq, 0)) {
            int start = begin(HANDLER_RAN, time);
            w.member(this.component, component).raw(IRQ).number(irq).member(this.action, action)
                .member(this.stage, stageName).member(this.result, resultName).raw(CLOSE);
            keep(HANDLER_RAN, start);
        }
    }

    void driverOutcome(long time, String component, String driver, String device, int irq, int eventsServed) {
        if (!fromTable(time, DRIVER, component, driver, device, null, null, null, irq, eventsServed)) {
            int start = begin(DRIVER_OUTCOME, time);
            w.member(this.component, component).member(this.driver, driver).member(this.device, device).raw(IRQ)
                .number(irq).raw(EVENTS_SERVED).number(eventsServed).raw(CLOSE);
            keep(DRIVER_OUTCOME, start);
        }
    }

    void vmExit(long time, String component, ExitCause cause, String detail, long costNs, boolean boot) {
        String label = cause.label();
        if (!fromTable(time, EXIT, component, label, detail, null, null, null, costNs, boot ? 1 : 0)) {
            int start = begin(VM_EXIT, time);
            w.member(this.component, component).member(this.cause, label).member(this.detail, detail).raw(COST_NS)
                .number(costNs).raw(boot ? BOOT_TRUE : BOOT_FALSE).raw(CLOSE);
            keep(VM_EXIT, start);
        }
    }

    void spanBegin(long time, String component, String track, String name) {
        if (!fromTable(time, BEGIN, component, track, name, null, null, null, 0, 0)) {
            int start = begin(SPAN_BEGIN, time);
            w.member(this.component, component).member(this.track, track).member(this.name, name).raw(CLOSE);
            keep(SPAN_BEGIN, start);
        }
    }

    void spanEnd(long time, String component, String track, String name) {
        if (!fromTable(time, END, component, track, name, null, null, null, 0, 0)) {
            int start = begin(SPAN_END, time);
            w.member(this.component, component).member(this.track, track).member(this.name, name).raw(CLOSE);
            keep(SPAN_END, start);
        }
    }

    void kernelMessage(long time, String component, String key, String text) {
        if (!fromTable(time, MESSAGE, component, key, text, null, null, null, 0, 0)) {
            int start = begin(KERNEL_MESSAGE, time);
            w.member(this.component, component).member(this.key, key).member(this.text, text).raw(CLOSE);
            keep(KERNEL_MESSAGE, start);
        }
    }

    /** Writes the line of this key from the table, if it holds the key's tail. */
    private boolean fromTable(long time, int kind, String a, String b, String c, String d, String e, String f,
            long n0, long n1) {
        LineTails.Tail t = tails.find(kind, a, b, c, d, e, f, n0, n1);
        if (t == null) {
            return false;
        }
        w.line(t, time);
        return true;
    }

    /** The opening and time of a line whose tail is encoded next; returns where the tail starts. */
    private int begin(byte[] head, long time) {
        w.raw(head).repeatedNumber(time);
        return w.size();
    }

    /**
     * The tail written from {@code start} (newline included), of the key the table missed last, goes in
     * with the line's opening if the table admits it.
     */
    private void keep(byte[] head, int start) {
        int x = tails.admit();
        if (x >= 0) {
            tails.keep(x, head, w.copy(start, w.size()), 0);
        }
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
