package dev.irqlab.runtime.report;

import dev.irqlab.api.trace.TraceEvent;

/** One line of text per trace event, as the timeline's tooltips and step list show it. */
final class Describe {

    private Describe() {
    }

    static String of(TraceEvent e) {
        if (e instanceof TraceEvent.StateChanged s) {
            return s.subject() + " " + s.field() + " " + s.from() + "→" + s.to() + " (" + s.cause() + ")";
        }
        if (e instanceof TraceEvent.DeviceAsserted a) {
            return "asserts its interrupt for event " + a.event();
        }
        if (e instanceof TraceEvent.DeviceServed s) {
            return "event " + s.event() + " served";
        }
        if (e instanceof TraceEvent.IrqFlow f) {
            return f.flow() + " irq " + f.irq() + ": " + f.outcome();
        }
        if (e instanceof TraceEvent.HandlerRan h) {
            return h.action() + " " + h.stage() + " handler returned IRQ_" + h.result();
        }
        if (e instanceof TraceEvent.DriverOutcome o) {
            return o.driver() + " on irq " + o.irq() + ": " + (o.spurious() ? "nothing to serve (spurious)"
                    : o.eventsServed() + " event(s) served");
        }
        if (e instanceof TraceEvent.VmExit x) {
            return "exit " + x.cause().label() + " (" + (x.boot() ? "init_IRQ: " : "") + x.detail() + ")";
        }
        if (e instanceof TraceEvent.KernelMessage m) {
            return m.text();
        }
        if (e instanceof TraceEvent.SpanBegin b) {
            return "begin " + b.name();
        }
        if (e instanceof TraceEvent.SpanEnd s) {
            return "end " + s.name();
        }
        return e.toString();
    }
}
