package dev.irqlab.api.trace;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;

/**
 * Where models report what happened. Protocol: a model calls {@link #emit} at the moment a change
 * takes effect, with the current virtual time; events arrive in non-decreasing time order. The sink
 * may drop, count, stream or keep them; a model never reads the trace back.
 *
 * <p>Most of a run's trace is detail — {@link TraceEvent.StateChanged}, {@link TraceEvent.SpanBegin},
 * {@link TraceEvent.SpanEnd} — that only a writer or a check reads. A sink that reads none of it says
 * so with {@link #wantsDetail()}; a model may then skip building those events and the strings they
 * carry. Every other event is always emitted.
 *
 * <p>Models report through the typed methods ({@link #vmExit}, {@link #irqFlow}, ...), one per event
 * type, with the event's fields as arguments: a sink that counts (the metrics) or encodes (the JSON
 * Lines writer) overrides them and takes the fields as they are, so no record is built for it; the
 * default of each builds the record and hands it to {@link #emit}, which is all a sink that keeps or
 * inspects records implements. Calling a typed method and emitting the record it describes are the
 * same event to every sink.
 *
 * <p><b>Names and keys, resolved once.</b> The names an event carries again and again — its component,
 * a driver's and a device's name — and the fixed part of a state change (component, subject, field)
 * and of a kernel message (component, key) are handed over as a {@link TraceName}, a {@link StateKey}
 * and a {@link MessageKey}, which a model asks the trace for once, when it is built ({@link #name},
 * {@link #stateKey}, {@link #messageKey}; a piece of state may get its key the first time it changes),
 * and keeps: a sink that counts or encodes per name finds what it keeps in an array
 * indexed by the handle's id, never by looking the text up per event. The typed methods that take the
 * text instead ({@code vmExit(long, String, ...)}) remain for models that do not keep handles: their
 * default asks {@link #name}, {@link #stateKey} and {@link #messageKey} per event and calls the method
 * that takes the handle, which is what a sink overrides. A sink that numbers the names
 * ({@link NumberingTrace}: a run's own trace) answers {@link #name}, {@link #stateKey} and
 * {@link #messageKey}; the default answers unnumbered handles. A sink that passes events on (a fan-out) passes the handles it was given as they are.
 */
@FunctionalInterface
public interface Trace {

    void emit(TraceEvent event);

    /**
     * The handle of the name {@code text} in this trace, for the typed calls. The default numbers
     * nothing ({@link TraceName#unnumbered}); a run's own trace numbers it ({@link NumberingTrace}). A model
     * asks once per name, when it is built, and keeps the answer.
     */
    default TraceName name(String text) {
        return TraceName.unnumbered(text);
    }

    /**
     * The key of {@code component}'s state {@code field} of {@code subject}, for
     * {@link #stateChanged(long, StateKey, String, String, String)}. The default numbers nothing; a run's
     * own trace numbers it. A model asks once per piece of state and keeps the answer.
     */
    default StateKey stateKey(TraceName component, String subject, String field) {
        return new StateKey(TraceName.UNNUMBERED, component, subject, field);
    }

    /**
     * The key of {@code component}'s message {@code key}, for {@link #kernelMessage(long, MessageKey,
     * String)}. The default numbers nothing; a run's own trace numbers it. A model asks once per message
     * it prints and keeps the answer.
     */
    default MessageKey messageKey(TraceName component, String key) {
        return new MessageKey(TraceName.UNNUMBERED, component, key);
    }

    /** {@link TraceEvent.StateChanged} of the state {@code key} names. */
    default void stateChanged(long time, StateKey key, String from, String to, String cause) {
        emit(new TraceEvent.StateChanged(time, key.component().text(), key.subject(), key.field(), from, to,
            cause));
    }

    /**
     * {@link TraceEvent.StateChanged} of a counter, {@code from} and {@code to} written in decimal
     * ({@link Long#toString(long)}); a sink that reads the number takes it without parsing text.
     */
    default void counterChanged(long time, StateKey key, long from, long to, String cause) {
        stateChanged(time, key, Long.toString(from), Long.toString(to), cause);
    }

    /** {@link TraceEvent.DeviceAsserted}. */
    default void deviceAsserted(long time, TraceName component, long event) {
        emit(new TraceEvent.DeviceAsserted(time, component.text(), event));
    }

    /** {@link TraceEvent.DeviceServed}. */
    default void deviceServed(long time, TraceName component, long event) {
        emit(new TraceEvent.DeviceServed(time, component.text(), event));
    }

    /** {@link TraceEvent.IrqFlow}. */
    default void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
        emit(new TraceEvent.IrqFlow(time, component.text(), irq, flow, outcome));
    }

    /** {@link TraceEvent.HandlerRan}. */
    default void handlerRan(long time, TraceName component, int irq, String action, HandlerStage stage,
            IrqReturn result) {
        emit(new TraceEvent.HandlerRan(time, component.text(), irq, action, stage, result));
    }

    /** {@link TraceEvent.DriverOutcome}. */
    default void driverOutcome(long time, TraceName component, TraceName driver, TraceName device, int irq,
            int eventsServed) {
        emit(new TraceEvent.DriverOutcome(time, component.text(), driver.text(), device.text(), irq,
            eventsServed));
    }

    /** {@link TraceEvent.VmExit}. */
    default void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs,
            boolean boot) {
        emit(new TraceEvent.VmExit(time, component.text(), cause, detail, costNs, boot));
    }

    /** {@link TraceEvent.SpanBegin}. */
    default void spanBegin(long time, TraceName component, String track, String name) {
        emit(new TraceEvent.SpanBegin(time, component.text(), track, name));
    }

    /** {@link TraceEvent.SpanEnd}. */
    default void spanEnd(long time, TraceName component, String track, String name) {
        emit(new TraceEvent.SpanEnd(time, component.text(), track, name));
    }

    /** {@link TraceEvent.KernelMessage} of the message {@code key} names. */
    default void kernelMessage(long time, MessageKey key, String text) {
        emit(new TraceEvent.KernelMessage(time, key.component().text(), key.key(), text));
    }

    /**
     * {@link TraceEvent.KernelMessage}, by the key's text: asks {@link #messageKey} per message, for a
     * message printed too seldom to keep its key (a failed probe).
     */
    default void kernelMessage(long time, TraceName component, String key, String text) {
        kernelMessage(time, messageKey(component, key), text);
    }

    // The same by text, for a model that keeps no handles: each resolves them per event.

    /** {@link TraceEvent.StateChanged}, by text. */
    default void stateChanged(long time, String component, String subject, String field, String from, String to,
            String cause) {
        stateChanged(time, stateKey(name(component), subject, field), from, to, cause);
    }

    /** {@link #counterChanged(long, StateKey, long, long, String)}, by text. */
    default void counterChanged(long time, String component, String subject, String field, long from, long to,
            String cause) {
        counterChanged(time, stateKey(name(component), subject, field), from, to, cause);
    }

    /** {@link TraceEvent.DeviceAsserted}, by text. */
    default void deviceAsserted(long time, String component, long event) {
        deviceAsserted(time, name(component), event);
    }

    /** {@link TraceEvent.DeviceServed}, by text. */
    default void deviceServed(long time, String component, long event) {
        deviceServed(time, name(component), event);
    }

    /** {@link TraceEvent.IrqFlow}, by text. */
    default void irqFlow(long time, String component, int irq, String flow, FlowOutcome outcome) {
        irqFlow(time, name(component), irq, flow, outcome);
    }

    /** {@link TraceEvent.HandlerRan}, by text. */
    default void handlerRan(long time, String component, int irq, String action, HandlerStage stage,
            IrqReturn result) {
        handlerRan(time, name(component), irq, action, stage, result);
    }

    /** {@link TraceEvent.DriverOutcome}, by text. */
    default void driverOutcome(long time, String component, String driver, String device, int irq,
            int eventsServed) {
        driverOutcome(time, name(component), name(driver), name(device), irq, eventsServed);
    }

    /** {@link TraceEvent.VmExit}, by text. */
    default void vmExit(long time, String component, ExitCause cause, String detail, long costNs, boolean boot) {
        vmExit(time, name(component), cause, detail, costNs, boot);
    }

    /** {@link TraceEvent.SpanBegin}, by text. */
    default void spanBegin(long time, String component, String track, String name) {
        spanBegin(time, name(component), track, name);
    }

    /** {@link TraceEvent.SpanEnd}, by text. */
    default void spanEnd(long time, String component, String track, String name) {
        spanEnd(time, name(component), track, name);
    }

    /** {@link TraceEvent.KernelMessage}, by text. */
    default void kernelMessage(long time, String component, String key, String text) {
        kernelMessage(time, name(component), key, text);
    }

    /**
     * Hands {@code event} to the typed method of its type: for a sink that overrides those and has been
     * given a record (a replay, a test).
     */
    static void dispatch(TraceEvent event, Trace to) {
        if (event instanceof TraceEvent.StateChanged s) {
            to.stateChanged(s.time(), s.component(), s.subject(), s.field(), s.from(), s.to(), s.cause());
        } else if (event instanceof TraceEvent.DeviceAsserted a) {
            to.deviceAsserted(a.time(), a.component(), a.event());
        } else if (event instanceof TraceEvent.DeviceServed s) {
            to.deviceServed(s.time(), s.component(), s.event());
        } else if (event instanceof TraceEvent.IrqFlow f) {
            to.irqFlow(f.time(), f.component(), f.irq(), f.flow(), f.outcome());
        } else if (event instanceof TraceEvent.HandlerRan h) {
            to.handlerRan(h.time(), h.component(), h.irq(), h.action(), h.stage(), h.result());
        } else if (event instanceof TraceEvent.DriverOutcome d) {
            to.driverOutcome(d.time(), d.component(), d.driver(), d.device(), d.irq(), d.eventsServed());
        } else if (event instanceof TraceEvent.VmExit x) {
            to.vmExit(x.time(), x.component(), x.cause(), x.detail(), x.costNs(), x.boot());
        } else if (event instanceof TraceEvent.SpanBegin b) {
            to.spanBegin(b.time(), b.component(), b.track(), b.name());
        } else if (event instanceof TraceEvent.SpanEnd e) {
            to.spanEnd(e.time(), e.component(), e.track(), e.name());
        } else if (event instanceof TraceEvent.KernelMessage m) {
            to.kernelMessage(m.time(), m.component(), m.key(), m.text());
        } else {
            throw new IllegalStateException("trace event type without a typed method: "
                    + event.getClass().getSimpleName());
        }
    }

    /**
     * Whether this sink reads detail events ({@code StateChanged}, {@code SpanBegin}, {@code SpanEnd}).
     * False lets a model leave them out; the sink still accepts any it is given. The answer is fixed
     * for the sink's life, so a model may ask once, when it is built.
     */
    default boolean wantsDetail() {
        return true;
    }

    /**
     * Where a model sends its detail calls ({@code stateChanged}, {@code spanBegin}, {@code spanEnd}):
     * null if this sink wants no detail ({@link #wantsDetail}), else this sink or, for one that passes
     * detail on unchanged to one other sink (a run's trace whose metrics read none), that sink's answer,
     * so a detail call skips the layers that would only pass it on. Every other call still goes to this
     * sink; the events reach each sink in the order they were made either way. Fixed for the sink's life,
     * as {@link #wantsDetail} is: a model asks once, when it is built, keeps the answer and tests it for
     * null instead of asking {@link #wantsDetail}.
     */
    default Trace detailTrace() {
        return wantsDetail() ? this : null;
    }

    /** A trace that drops everything and wants no detail. */
    static Trace discard() {
        return Discard.INSTANCE;
    }

    /** The sink of {@link #discard()}. */
    enum Discard implements Trace {
        INSTANCE;

        @Override
        public void emit(TraceEvent event) {
        }

        @Override
        public boolean wantsDetail() {
            return false;
        }

        // Every typed method that takes handles too: nothing is built for a sink that drops it (those by
        // text resolve the handles and call these).

        @Override
        public void stateChanged(long time, StateKey key, String from, String to, String cause) {
        }

        @Override
        public void counterChanged(long time, StateKey key, long from, long to, String cause) {
        }

        @Override
        public void deviceAsserted(long time, TraceName component, long event) {
        }

        @Override
        public void deviceServed(long time, TraceName component, long event) {
        }

        @Override
        public void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
        }

        @Override
        public void handlerRan(long time, TraceName component, int irq, String action, HandlerStage stage,
                IrqReturn result) {
        }

        @Override
        public void driverOutcome(long time, TraceName component, TraceName driver, TraceName device, int irq,
                int eventsServed) {
        }

        @Override
        public void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs,
                boolean boot) {
        }

        @Override
        public void spanBegin(long time, TraceName component, String track, String name) {
        }

        @Override
        public void spanEnd(long time, TraceName component, String track, String name) {
        }

        @Override
        public void kernelMessage(long time, MessageKey key, String text) {
        }

        @Override
        public void kernelMessage(long time, TraceName component, String key, String text) {
        }
    }
}
