package dev.irqlab.runtime.output;

import dev.irqlab.api.trace.TraceEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The trace as JSON Lines: one JSON object per event per line, UTF-8, fields in a fixed order
 * ({@code {"type":"StateChanged","time":...,"component":...,...}}; see {@link TraceEventJson}).
 * Streams: events are encoded straight to bytes into a buffer that goes to the stream whenever it
 * holds more than 64 KiB, and at {@link #close}; nothing else is kept between events.
 */
public final class JsonlTraceWriter implements TraceWriter {

    private static final int FLUSH_AT = 64 * 1024;

    private final OutputStream out;
    private final JsonBytes bytes = new JsonBytes(FLUSH_AT + 4096);
    private boolean closed;

    public JsonlTraceWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void emit(TraceEvent event) {
        if (closed) {
            throw new IllegalStateException("JSONL trace writer used after close");
        }
        TraceEventJson.write(event, bytes);
        bytes.raw('\n');
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
