package dev.irqlab.runtime.output;

import dev.irqlab.api.trace.TraceEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The trace as JSON Lines: one JSON object per event per line, UTF-8, fields in a fixed order
 * ({@code {"type":"StateChanged","time":...,"component":...,...}}; see {@link TraceEventJson}).
 * Streams: nothing is kept between events.
 */
public final class JsonlTraceWriter implements TraceWriter {

    private final Writer out;
    private final JsonWriter json;
    private boolean closed;

    public JsonlTraceWriter(OutputStream out) {
        this(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    public JsonlTraceWriter(Writer out) {
        this.out = out;
        this.json = JsonWriter.compact(out);
    }

    @Override
    public void emit(TraceEvent event) {
        if (closed) {
            throw new IllegalStateException("JSONL trace writer used after close");
        }
        TraceEventJson.write(event, json.reset());
        json.raw("\n");
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            json.flush();
            out.close();
        }
    }
}
