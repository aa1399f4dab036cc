package dev.irqlab.runtime.output;

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
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The trace as JSON Lines: one JSON object per event per line, UTF-8, fields in a fixed order
 * ({@code {"type":"StateChanged","time":...,"component":...,...}}; see {@link TraceEventJson}).
 * Streams: each event is encoded from the fields of the trace's typed call straight to bytes (no
 * record; a line written before is copied whole as kept for its handles), into a buffer that goes to
 * the stream whenever it holds more than 64 KiB, and at {@link #close}; nothing else is kept between
 * events but the lines kept. A record given to {@link #emit} is written as
 * its typed call.
 */
public final class JsonlTraceWriter implements TraceWriter, NumberingTrace {

    private static final int FLUSH_AT = 64 * 1024;

    private final OutputStream out;
    private final JsonBytes bytes = new JsonBytes(FLUSH_AT + 4096);
    private final TraceEventJson json = new TraceEventJson(bytes);
    /** Numbers the names and keys of a writer given the events on its own (a record, a test). */
    private final TraceNames names = new TraceNames();
    private boolean closed;

    public JsonlTraceWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void emit(TraceEvent event) {
        Trace.dispatch(event, this);
    }

    /**
     * Numbered by this writer, for a caller that gives it events directly; under a run's trace the
     * names come numbered by the run's, and each line is found by its handle either way.
     */
    @Override
    public TraceNames names() {
        return names;
    }

    @Override
    public void stateChanged(long time, StateKey key, String from, String to, String cause) {
        line().stateChanged(time, key, from, to, cause);
        endLine();
    }

    @Override
    public void counterChanged(long time, StateKey key, long from, long to, String cause) {
        line().counterChanged(time, key, from, to, cause);
        endLine();
    }

    @Override
    public void deviceAsserted(long time, TraceName component, long event) {
        line().deviceAsserted(time, component, event);
        endLine();
    }

    @Override
    public void deviceServed(long time, TraceName component, long event) {
        line().deviceServed(time, component, event);
        endLine();
    }

    @Override
    public void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
        line().irqFlow(time, component, irq, flow, outcome);
        endLine();
    }

    @Override
    public void handlerRan(long time, TraceName component, int irq, String action, HandlerStage stage,
            IrqReturn result) {
        line().handlerRan(time, component, irq, action, stage, result);
        endLine();
    }

    @Override
    public void driverOutcome(long time, TraceName component, TraceName driver, TraceName device, int irq,
            int eventsServed) {
        line().driverOutcome(time, component, driver, device, irq, eventsServed);
        endLine();
    }

    @Override
    public void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs,
            boolean boot) {
        line().vmExit(time, component, cause, detail, costNs, boot);
        endLine();
    }

    @Override
    public void spanBegin(long time, TraceName component, String track, String name) {
        line().spanBegin(time, component, track, name);
        endLine();
    }

    @Override
    public void spanEnd(long time, TraceName component, String track, String name) {
        line().spanEnd(time, component, track, name);
        endLine();
    }

    @Override
    public void kernelMessage(long time, MessageKey key, String text) {
        line().kernelMessage(time, key, text);
        endLine();
    }

    /** The encoder of the next line. */
    private TraceEventJson line() {
        if (closed) {
            throw new IllegalStateException("JSONL trace writer used after close");
        }
        return json;
    }

    /** After a line (newline included): sends the buffer to the stream once it holds more than 64 KiB. */
    private void endLine() {
        if (bytes.size() > FLUSH_AT) {
            try {
                bytes.drainTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try (OutputStream o = out) {
                bytes.drainTo(o);
                o.flush();
            }
        }
    }
}
