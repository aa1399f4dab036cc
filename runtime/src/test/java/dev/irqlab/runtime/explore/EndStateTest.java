package dev.irqlab.runtime.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        return new EndState(List.of("touchpad"), null, null);
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

    @Test
    @DisplayName("a run numbering its fields otherwise hashes the same end state alike; the same numbering reuses the order")
    void orderOfTheLastRun() {
        EndState first = asserting(null, line, masked);
        long hash = first.hash(Map.of("served", 3L));
        EndState.Order order = first.order();

        TraceNames otherWay = new TraceNames(); // the host's key numbered first this time
        StateKey masked2 = otherWay.stateKey(otherWay.name("host"), "irq 40", "masked");
        EndState second = asserting(order, otherWay.stateKey(otherWay.name("touchpad"), "irq", "line"), masked2);
        assertEquals(hash, second.hash(Map.of("served", 3L)));
        assertFalse(second.order().reuses(order));

        TraceNames sameWay = new TraceNames();
        StateKey line3 = sameWay.stateKey(sameWay.name("touchpad"), "irq", "line");
        EndState third = asserting(order, line3, sameWay.stateKey(sameWay.name("host"), "irq 40", "masked"));
        assertEquals(hash, third.hash(Map.of("served", 3L)));
        assertTrue(third.order().reuses(order));
    }

    @Test
    @DisplayName("a run hashed after another of the same fields hashes as it would alone, whichever values differ")
    void hashAfterTheLastRunIsTheHashAlone() {
        TraceNames n = new TraceNames();
        List<StateKey> fields = List.of(n.stateKey(n.name("guest"), "irq 5", "masked"),
                n.stateKey(n.name("host"), "irq 40", "masked"), n.stateKey(n.name("host"), "irq 40", "disabled"),
                n.stateKey(n.name("touchpad"), "irq", "line"), n.stateKey(n.name("vm0.vgic-v3"), "spi 8", "pending"));
        // each run's values in key order: the same as the last, then one field different at each place,
        // two, and all
        List<List<String>> runs = List.of(List.of("0", "0", "0", "0", "0"), List.of("0", "0", "0", "0", "0"),
                List.of("1", "0", "0", "0", "0"), List.of("1", "0", "1", "0", "0"), List.of("1", "0", "1", "0", "1"),
                List.of("1", "0", "1", "0", "1"), List.of("0", "1", "0", "1", "0"), List.of("0", "1", "0", "1", "0"),
                List.of(new String("0"), "1", "0", "1", "1"));
        EndState.Order last = null;
        for (List<String> values : runs) {
            EndState alone = new EndState(List.of("touchpad"), null, null);
            EndState after = new EndState(List.of("touchpad"), null, last);
            for (int f = 0; f < fields.size(); f++) {
                alone.stateChanged(f, fields.get(f), "-", values.get(f), "set");
                after.stateChanged(f, fields.get(f), "-", values.get(f), "set");
            }
            assertEquals(alone.hash(Map.of("served", 1L)), after.hash(Map.of("served", 1L)), values.toString());
            last = after.order();
        }
    }

    /** A run whose device's line ends asserted and the host's irq masked, under these keys. */
    private static EndState asserting(EndState.Order previous, StateKey lineKey, StateKey maskedKey) {
        EndState e = new EndState(List.of("touchpad"), null, previous);
        e.stateChanged(1, lineKey, "0", "1", "assert");
        e.stateChanged(2, maskedKey, "0", "1", "disable_irq");
        return e;
    }
}
