package dev.irqlab.runtime.output;

import dev.irqlab.api.trace.Trace;
import java.io.Closeable;
import java.io.IOException;

/**
 * A trace sink that streams to a file or stream. {@link #emit} reports I/O failures as
 * {@link java.io.UncheckedIOException} (the {@link Trace} contract has no checked exceptions);
 * {@link #close} completes the output (trailers, headers that need the whole run), flushes and
 * closes the underlying stream.
 */
public interface TraceWriter extends Trace, Closeable {

    @Override
    void close() throws IOException;
}
