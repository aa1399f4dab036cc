package dev.irqlab.runtime.assembly;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.NumberingTrace;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceName;
import dev.irqlab.api.trace.TraceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run's trace: every event to the metrics collector once it exists, then to the writers. The
 * metrics need the guest irq numbers, known only once the stack is built; what set-up emits (the
 * guest's {@code irq_set_type} exits, for one) is held as the typed calls that came, with their
 * handles, and replayed to the collector in order (its detail only if the collector reads detail,
 * as from then on). Every typed call goes on as a typed call to both, so that neither the collector nor a writer
 * that encodes the fields itself has a record built for it; with no writer ({@link Trace#discard()})
 * the call goes to the collector alone. The run's trace: it numbers the names, state keys and message keys the models
 * ask for ({@link TraceNames}), and both the collector and the writers find what they keep per name by
 * those numbers.
 */
final class MetricsTap implements NumberingTrace {
    private final Trace output;
    /** Whether a writer reads the trace: false for {@link Trace#discard()}, whose calls are skipped. */
    private final boolean writes;
    private final TraceNames names = new TraceNames();
    /** What set-up emitted, until {@link #attach}: each as the call that replays it to the collector. */
    private final List<Held> held = new ArrayList<>();
    /** Until {@link #attach}, the sink that holds every event. */
    private final Trace holding = new Holding();
    /** The collector; null until {@link #attach}. */
    private Trace metrics;
    /**
     * Whether detail events ({@code StateChanged}, spans) go to the metrics: all are held until
     * {@link #attach}, then as the collector answers {@link Trace#wantsDetail}. The collector reads none
     * (its {@code note_interrupt} counts come as {@link #counterChanged}), so a writer's detail line
     * costs no call into it.
     */
    private boolean detailToMetrics;
    /** Whether the collector may read detail: if not, the models send theirs to the writers directly ({@link #detailTrace}). */
    private final boolean metricsReadDetail;

    /** A tap whose collector may read detail: all of it is held until {@link #attach}, then passed as it answers. */
    MetricsTap(Trace output) {
        this(output, true);
    }

    /**
     * @param metricsReadDetail false if the collector to be attached reads no detail ({@link Trace#wantsDetail}
     *                          false, as {@code MetricsCollector}'s): none is held for it, and the models hand
     *                          theirs to {@code output} directly
     */
    MetricsTap(Trace output, boolean metricsReadDetail) {
        this.output = output;
        this.writes = output != Trace.discard();
        this.metricsReadDetail = metricsReadDetail;
        this.detailToMetrics = metricsReadDetail;
    }

    /**
     * From now on events go to {@code collector} too, after those held so far (their detail as the
     * collector answers {@link Trace#wantsDetail}, as it goes from now on).
     */
    void attach(Trace collector) {
        boolean detail = collector.wantsDetail();
        if (detail && !metricsReadDetail) {
            throw new IllegalArgumentException("a collector that reads detail, on a tap built to pass it none");
        }
        for (Held h : held) {
            if (detail || !h.detail()) {
                h.call().accept(collector);
            }
        }
        held.clear();
        metrics = collector;
        detailToMetrics = detail;
    }

    /** One event held until the collector exists: the call that gives it to the collector, and whether it is detail. */
    private record Held(boolean detail, Consumer<Trace> call) {
    }

    /**
     * Holds each call as it came, with the models' handles: replayed as the same typed call, the
     * collector finds its names by id, with no record built and no look-up by text.
     */
    private final class Holding implements Trace {

        private void hold(boolean detail, Consumer<Trace> call) {
            held.add(new Held(detail, call));
        }

        @Override
        public void emit(TraceEvent event) {
            hold(false, c -> c.emit(event));
        }

        @Override
        public void stateChanged(long time, StateKey key, String from, String to, String cause) {
            hold(true, c -> c.stateChanged(time, key, from, to, cause));
        }

        @Override
        public void counterChanged(long time, StateKey key, long from, long to, String cause) {
            hold(false, c -> c.counterChanged(time, key, from, to, cause));
        }

        @Override
        public void deviceAsserted(long time, TraceName component, long event) {
            hold(false, c -> c.deviceAsserted(time, component, event));
        }

        @Override
        public void deviceServed(long time, TraceName component, long event) {
            hold(false, c -> c.deviceServed(time, component, event));
        }

        @Override
        public void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
            hold(false, c -> c.irqFlow(time, component, irq, flow, outcome));
        }

        @Override
        public void handlerRan(long time, TraceName component, int irq, String action, HandlerStage stage,
                IrqReturn result) {
            hold(false, c -> c.handlerRan(time, component, irq, action, stage, result));
        }

        @Override
        public void driverOutcome(long time, TraceName component, TraceName driver, TraceName device, int irq,
                int eventsServed) {
            hold(false, c -> c.driverOutcome(time, component, driver, device, irq, eventsServed));
        }

        @Override
        public void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs,
                boolean boot) {
            hold(false, c -> c.vmExit(time, component, cause, detail, costNs, boot));
        }

        @Override
        public void spanBegin(long time, TraceName component, String track, String name) {
            hold(true, c -> c.spanBegin(time, component, track, name));
        }

        @Override
        public void spanEnd(long time, TraceName component, String track, String name) {
            hold(true, c -> c.spanEnd(time, component, track, name));
        }

        @Override
        public void kernelMessage(long time, MessageKey key, String text) {
            hold(false, c -> c.kernelMessage(time, key, text));
        }
    }

    /** The run's numbering of names and state keys. */
    @Override
    public TraceNames names() {
        return names;
    }

    /** Whether a writer reads the trace: if not, the collector alone needs the events from its attachment on. */
    boolean writes() {
        return writes;
    }

    /** The collector, or the holding sink before there is one. */
    private Trace metrics() {
        Trace m = metrics;
        return m != null ? m : holding;
    }

    /**
     * The writers' answer: the metrics read no detail but the {@code note_interrupt} counts, which
     * the interrupt core emits whatever the answer.
     */
    @Override
    public boolean wantsDetail() {
        return output.wantsDetail();
    }

    /**
     * The writers' own, when the collector reads no detail: a model's detail call then goes to them
     * directly, with nothing of the tap's in between; else this tap (null if no writer reads detail).
     */
    @Override
    public Trace detailTrace() {
        if (!wantsDetail()) {
            return null;
        }
        return metricsReadDetail ? this : output.detailTrace();
    }

    @Override
    public void emit(TraceEvent event) {
        metrics().emit(event);
        if (writes) {
            output.emit(event);
        }
    }

    @Override
    public void stateChanged(long time, StateKey key, String from, String to, String cause) {
        if (detailToMetrics) {
            metrics().stateChanged(time, key, from, to, cause);
        }
        if (writes) {
            output.stateChanged(time, key, from, to, cause);
        }
    }

    @Override
    public void counterChanged(long time, StateKey key, long from, long to, String cause) {
        metrics().counterChanged(time, key, from, to, cause);
        if (writes) {
            output.counterChanged(time, key, from, to, cause);
        }
    }

    @Override
    public void deviceAsserted(long time, TraceName component, long event) {
        metrics().deviceAsserted(time, component, event);
        if (writes) {
            output.deviceAsserted(time, component, event);
        }
    }

    @Override
    public void deviceServed(long time, TraceName component, long event) {
        metrics().deviceServed(time, component, event);
        if (writes) {
            output.deviceServed(time, component, event);
        }
    }

    @Override
    public void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
        metrics().irqFlow(time, component, irq, flow, outcome);
        if (writes) {
            output.irqFlow(time, component, irq, flow, outcome);
        }
    }

    @Override
    public void handlerRan(long time, TraceName component, int irq, String action, HandlerStage stage,
            IrqReturn result) {
        metrics().handlerRan(time, component, irq, action, stage, result);
        if (writes) {
            output.handlerRan(time, component, irq, action, stage, result);
        }
    }

    @Override
    public void driverOutcome(long time, TraceName component, TraceName driver, TraceName device, int irq,
            int eventsServed) {
        metrics().driverOutcome(time, component, driver, device, irq, eventsServed);
        if (writes) {
            output.driverOutcome(time, component, driver, device, irq, eventsServed);
        }
    }

    @Override
    public void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs,
            boolean boot) {
        metrics().vmExit(time, component, cause, detail, costNs, boot);
        if (writes) {
            output.vmExit(time, component, cause, detail, costNs, boot);
        }
    }

    @Override
    public void spanBegin(long time, TraceName component, String track, String name) {
        if (detailToMetrics) {
            metrics().spanBegin(time, component, track, name);
        }
        if (writes) {
            output.spanBegin(time, component, track, name);
        }
    }

    @Override
    public void spanEnd(long time, TraceName component, String track, String name) {
        if (detailToMetrics) {
            metrics().spanEnd(time, component, track, name);
        }
        if (writes) {
            output.spanEnd(time, component, track, name);
        }
    }

    @Override
    public void kernelMessage(long time, MessageKey key, String text) {
        metrics().kernelMessage(time, key, text);
        if (writes) {
            output.kernelMessage(time, key, text);
        }
    }
}
