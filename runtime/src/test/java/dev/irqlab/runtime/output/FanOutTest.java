package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutTest {

    @Test
    void everyEventReachesEveryTargetInOrder() {
        List<String> log = new ArrayList<>();
        Trace a = e -> log.add("a" + e.time());
        Trace b = e -> log.add("b" + e.time());
        FanOut fan = FanOut.of(a, b);
        fan.emit(new DeviceAsserted(1, "d", 1));
        fan.emit(new DeviceAsserted(2, "d", 2));
        assertEquals(List.of("a1", "b1", "a2", "b2"), log);
    }

    @Test
    void closeClosesEveryCloseableTargetEvenWhenOneFails() {
        List<String> closed = new ArrayList<>();
        IOException boom = new IOException("disk full");
        TraceWriter failing = new Writer(() -> {
            closed.add("failing");
            throw boom;
        });
        TraceWriter fine = new Writer(() -> closed.add("fine"));
        FanOut fan = FanOut.of(failing, Trace.discard(), fine);
        IOException thrown = assertThrows(IOException.class, fan::close);
        assertSame(boom, thrown);
        assertEquals(List.of("failing", "fine"), closed);
    }

    private interface Closer {
        void close() throws IOException;
    }

    private static final class Writer implements TraceWriter {
        private final Closer closer;

        Writer(Closer closer) {
            this.closer = closer;
        }

        @Override
        public void emit(TraceEvent event) {
        }

        @Override
        public void close() throws IOException {
            closer.close();
        }
    }
}
