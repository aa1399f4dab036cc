package dev.irqlab.runtime.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The end state: each traced field's last value, however the change came, in the order it came. */
class EndStateTest {

    private final TraceNames names = new TraceNames();
    private final StateKey line = names.stateKey(names.name("touchpad"), "irq", "line");
    private final StateKey masked = names.stateKey(names.name("host"), "irq 40", "masked");

    private static EndState end() {
        return new EndState(List.of("touchpad"), null);
    }

    @Test
    @DisplayName("a field changed under its key and as a record ends with the later change, either way round")
    void laterChangeWins() {
        EndState keyThenRecord = end();
        keyThenRecord.stateChanged(1, line, "0", "1", "assert");
        keyThenRecord.emit(new TraceEvent.StateChanged(2, "touchpad", "irq", "line", "1", "0", "deassert"));
        EndState recordThenKey = end();
        recordThenKey.emit(new TraceEvent.StateChanged(1, "touchpad", "irq", "line", "0", "1", "assert"));
        recordThenKey.stateChanged(2, line, "1", "0", "deassert");
        EndState low = end();
        low.stateChanged(1, line, "1", "0", "deassert");
        EndState high = end();
        high.stateChanged(1, line, "0", "1", "assert");

        assertEquals(low.hash(Map.of()), keyThenRecord.hash(Map.of()));
        assertEquals(low.hash(Map.of()), recordThenKey.hash(Map.of()));
        assertNotEquals(low.hash(Map.of()), high.hash(Map.of()));
    }

    @Test
    @DisplayName("a device still asserting while the host keeps its irq masked is wedged; unmasked, it is not")
    void wedged() {
        EndState e = end();
        e.stateChanged(1, line, "0", "1", "assert");
        e.emit(new TraceEvent.StateChanged(2, "vfio.touchpad", "irq 40", "masked", "0", "1", "mask"));
        e.stateChanged(3, masked, "0", "1", "disable_irq");
        assertEquals(List.of("touchpad"), e.wedged());

        EndState u = end();
        u.stateChanged(1, line, "0", "1", "assert");
        u.emit(new TraceEvent.StateChanged(2, "vfio.touchpad", "irq 40", "masked", "0", "1", "mask"));
        u.emit(new TraceEvent.StateChanged(3, "vfio.touchpad", "irq 40", "masked", "1", "0", "unmask"));
        assertEquals(List.of(), u.wedged());
    }
}
