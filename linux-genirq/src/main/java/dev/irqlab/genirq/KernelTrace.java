package dev.irqlab.genirq;

import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.TraceEvent;

/**
 * The trace points of one kernel's interrupt core: the model's replacement for {@code printk} and
 * the {@code irq_handler_entry}/{@code irq_handler_exit} trace events (include/trace/events/irq.h).
 * Every event carries the kernel's name as component.
 */
final class KernelTrace {

    private final Sim sim;
    private final String kernel;

    KernelTrace(Sim sim, String kernel) {
        this.sim = sim;
        this.kernel = kernel;
    }

    String kernel() {
        return kernel;
    }

    long now() {
        return sim.now();
    }

    void stateChanged(int irq, String field, String from, String to, String cause) {
        sim.trace().emit(new TraceEvent.StateChanged(sim.now(), kernel, "irq " + irq, field, from, to, cause));
    }

    void irqFlow(int irq, String flow, FlowOutcome outcome) {
        sim.trace().emit(new TraceEvent.IrqFlow(sim.now(), kernel, irq, flow, outcome));
    }

    void handlerRan(int irq, String action, HandlerStage stage, IrqReturn result) {
        sim.trace().emit(new TraceEvent.HandlerRan(sim.now(), kernel, irq, action, stage, result));
    }

    void spanBegin(String track, String name) {
        sim.trace().emit(new TraceEvent.SpanBegin(sim.now(), kernel, kernel + " " + track, name));
    }

    void spanEnd(String track, String name) {
        sim.trace().emit(new TraceEvent.SpanEnd(sim.now(), kernel, kernel + " " + track, name));
    }

    /** A {@code printk}/{@code WARN} line with a stable key. */
    void message(String key, String text) {
        sim.trace().emit(new TraceEvent.KernelMessage(sim.now(), kernel, key, text));
    }
}
