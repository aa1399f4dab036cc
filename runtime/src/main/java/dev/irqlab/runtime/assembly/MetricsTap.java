package dev.irqlab.runtime.assembly;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's trace: every event to the writers, and to the metrics collector once it exists. The
 * metrics need the guest irq numbers, known only once the stack is built; what set-up emits (the
 * guest's {@code irq_set_type} exits, for one) is held and replayed to the collector in order.
 */
final class MetricsTap implements Trace {
    private final Trace output;
    private List<TraceEvent> held = new ArrayList<>();
    private Trace metrics;

    MetricsTap(Trace output) {
        this.output = output;
    }

    /** From now on events go to {@code collector} too, after those held so far. */
    void attach(Trace collector) {
        held.forEach(collector::emit);
        held = null;
        metrics = collector;
    }

    /**
     * The writers' answer: the metrics read no detail but the {@code note_interrupt} counts, which
     * the interrupt core emits whatever the answer.
     */
    @Override
    public boolean wantsDetail() {
        return output.wantsDetail();
    }

    @Override
    public void emit(TraceEvent event) {
        if (metrics != null) {
            metrics.emit(event);
        } else {
            held.add(event);
        }
        output.emit(event);
    }
}
