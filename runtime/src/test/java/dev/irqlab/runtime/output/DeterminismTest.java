package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.runtime.metrics.IrqRef;
import dev.irqlab.runtime.metrics.MetricsCollector;
import dev.irqlab.runtime.metrics.MetricsSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The design's promise: the same trace gives byte-identical outputs. */
class DeterminismTest {

    private final List<TraceEvent> trace = SampleTrace.events();

    @Test
    void jsonlIsByteIdenticalForTheSameTrace() throws IOException {
        assertArrayEquals(SampleTrace.write(JsonlTraceWriter::new, trace),
            SampleTrace.write(JsonlTraceWriter::new, trace));
    }

    @Test
    void chromeTraceIsByteIdenticalForTheSameTrace() throws IOException {
        assertArrayEquals(SampleTrace.write(ChromeTraceWriter::new, trace),
            SampleTrace.write(ChromeTraceWriter::new, trace));
    }

    @Test
    void vcdIsByteIdenticalForTheSameTrace() throws IOException {
        assertArrayEquals(SampleTrace.write(out -> new VcdWriter(out, "c"), trace),
            SampleTrace.write(out -> new VcdWriter(out, "c"), trace));
    }

    @Test
    void metricsAreEqualForTheSameTrace() {
        MetricsSpec spec = new MetricsSpec(Set.of("guest"), Set.of("host"), Map.of("touch", new IrqRef("guest", 33)));
        MetricsCollector a = new MetricsCollector(spec);
        MetricsCollector b = new MetricsCollector(spec);
        trace.forEach(a::emit);
        trace.forEach(b::emit);
        assertEquals(a.finish(), b.finish());
        assertEquals(SummaryTable.render(null, a.finish(), List.of()), SummaryTable.render(null, b.finish(), List.of()));
    }
}
